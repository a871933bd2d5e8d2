/// A linear operator given by closures, for matrices that are never formed: Hessian-vector
/// products, shifted or deflated operators, A·Aᵀ, graph operators.
///
/// The closures must be linear; nothing can check that, so an operator built from a non-linear
/// function gives meaningless results. `validate` never throws (a closure cannot be inspected);
/// iterative methods detect a non-finite product at run time and report `.nonFiniteValue`.
/// Nor can symmetry be checked: `init(symmetric:apply:)` is a promise, which `requireSymmetric`
/// accepts and the methods that assume symmetry (Lanczos, subspace iteration, deflation,
/// conjugate gradient) trust; a broken promise shows in their reported residuals, computed with
/// the operator, and they do not report convergence beside residuals above their tolerance.
public struct FunctionOperator: LinearOperator {
    /// `[m, n]`.
    public let shape: [Int]
    private let product: (Tensor) -> Tensor
    private let transposedProduct: ((Tensor) -> Tensor)?

    /// An m × n operator x ↦ `apply(x)`, with an optional transpose x ↦ `transposed(x)`.
    public init(shape: [Int], apply: @escaping (Tensor) -> Tensor, transposed: ((Tensor) -> Tensor)? = nil) {
        precondition(shape.count == 2 && shape[0] >= 0 && shape[1] >= 0,
                     "FunctionOperator: shape must be [rows, columns], got \(shape)")
        self.shape = shape
        self.product = apply
        self.transposedProduct = transposed
    }

    /// A symmetric n × n operator (Aᵀ = A), such as a Hessian-vector product.
    public init(symmetric n: Int, apply: @escaping (Tensor) -> Tensor) {
        self.init(shape: [n, n], apply: apply, transposed: apply)
    }

    /// A·x by the `apply` closure.
    public func apply(_ x: Tensor) -> Tensor {
        precondition(x.count == shape[1], "FunctionOperator: operator shape \(shape) does not fit vector shape \(x.shape)")
        return product(x)
    }

    /// Whether a `transposed` closure was given.
    public var canApplyTransposed: Bool { transposedProduct != nil }

    /// Aᵀ·x by the `transposed` closure. - Precondition: one was given.
    public func applyTransposed(_ x: Tensor) -> Tensor {
        guard let transposedProduct else {
            preconditionFailure("FunctionOperator of shape \(shape) was built without a `transposed` closure")
        }
        precondition(x.count == shape[0], "FunctionOperator: operator shape \(shape)ᵀ does not fit vector shape \(x.shape)")
        return transposedProduct(x)
    }
}
