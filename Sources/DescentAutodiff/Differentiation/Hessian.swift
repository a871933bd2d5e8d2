import DescentCore

// Second derivatives by reverse-over-reverse: the gradient is computed with its graph recorded
// (`createGraph: true`), and that graph is differentiated again. The results are exact up to
// rounding, not finite-difference approximations (Pearlmutter, "Fast exact multiplication by the
// Hessian", Neural Computation 6(1), 1994).

/// The Hessian of a scalar function at a fixed point as a matrix-free operator: v ↦ H(x)·v.
///
/// The gradient is computed once with its graph recorded; each product is then one reverse sweep
/// over that graph (about two evaluations of f), so iterative methods that need many products at
/// one point — Newton–CG, Lanczos for the top eigenvalues, trust-region Steihaug–CG — pay for
/// the forward pass and the first gradient only once.
///
/// Holds the recorded graph; use it from one thread at a time.
public struct HessianOperator {
    /// f(x).
    public let value: Double
    /// ∇f(x).
    public let gradient: Tensor
    /// The number n of variables (H is n × n).
    public let dimension: Int
    private let point: Variable
    private let recordedGradient: Variable

    /// Records f and its gradient at x.
    /// - Precondition: f returns a single element.
    public init(of f: (Variable) -> Variable, at x: Tensor) {
        let leaf = Variable(tracking: x)
        let y = f(leaf)
        precondition(y.count == 1, "HessianOperator: f must return a single element, got shape \(y.shape)")
        let g = y.gradients(withRespectTo: [leaf], createGraph: true)[0]
        value = y.value.scalars[0]
        gradient = g.value
        dimension = x.count
        point = leaf
        recordedGradient = g
    }

    /// H·v for a direction v of x's shape (the vector–Jacobian product vᵀ·∂∇f/∂x, equal to H·v
    /// because H is symmetric). A flat vector of length n is accepted too (as `LinearOperator`
    /// passes it) and gives a flat result.
    public func apply(_ v: Tensor) -> Tensor {
        if v.shape == point.shape {
            return recordedGradient.gradients(withRespectTo: [point], seed: Variable(v))[0].value
        }
        precondition(v.rank == 1 && v.count == dimension,
                     "HessianOperator.apply: direction \(v.shape) does not match point \(point.shape)")
        return apply(v.reshaped(point.shape)).flattened
    }

    /// H·vⱼ for a stack of k directions at once: `directions` has shape [k] + x's shape (or [k, n]
    /// with n the number of variables), and so has the result. The directions travel together
    /// through batched reverse sweeps over the recorded gradient (see `Variable.batchedGradients`),
    /// one sweep per block of directions, so the per-node cost of a sweep (allocation, shape
    /// checks, the pullback call) is paid once per block instead of once per direction; the
    /// arithmetic stays that of k products. Blocks are bounded by a memory budget and by a cache
    /// budget on the largest node (see `stackedPullbacks`): all k directions for functions of small
    /// intermediate values, a few at a time for larger ones, and one plain sweep per direction when
    /// a single intermediate value is too large for batching to pay (over 16 384 elements) or f
    /// has an operation without a batched pullback. `apply(toColumnsOf:)` is the same for the
    /// columns of an n × k matrix, the block product that iterative methods call.
    public func apply(toEach directions: Tensor) -> Tensor {
        precondition(directions.rank >= 1, "HessianOperator.apply(toEach:): needs a stack of directions, got a scalar")
        let k = directions.shape[0]
        precondition(directions.count == k * dimension && (directions.shape == [k] + point.shape || directions.shape == [k, dimension]),
                     "HessianOperator.apply(toEach:): directions \(directions.shape) are not a stack of points \(point.shape)")
        return products(ofRows: directions.reshaped([k, dimension])).reshaped(directions.shape)
    }

    /// H·sᵢ for each row sᵢ of a k × n matrix, as the rows of a k × n matrix: the batched sweeps
    /// behind `apply(toEach:)` and `apply(toColumnsOf:)`.
    /// - Parameter elementBudget: see `stackedPullbacks` (tests lower it to exercise blocking).
    func products(ofRows stack: Tensor, elementBudget: Int = Variable.batchElementBudget) -> Tensor {
        recordedGradient.stackedPullbacks(withRespectTo: point, count: stack.shape[0], elementBudget: elementBudget) { range in
            Tensor(shape: [range.count] + point.shape,
                   scalars: Array(stack.scalars[(range.lowerBound * dimension)..<(range.upperBound * dimension)]))
        }
    }

    /// The full n × n Hessian, row i = H·eᵢ = ∂(∇f)ᵢ/∂x: the Jacobian of the recorded gradient,
    /// by batched reverse sweeps over it (blocks of rows at once, see `jacobianRows`), or n plain
    /// sweeps when batching would not pay or an operation in the graph has no batched pullback.
    public func matrix() -> Tensor {
        recordedGradient.jacobianRows(withRespectTo: point)
    }

    /// `matrix()`, refused before any sweep when the n × n result exceeds `memoryBudget`.
    /// - Throws: `MemoryBudgetError` when n² doubles exceed the budget (the cotangent blocks of the
    ///   batched sweeps, at most `Variable.batchElementBudget` doubles, 64 MB, come on top).
    public func matrix(memoryBudget: MemoryBudget) throws -> Tensor {
        try requireDenseHessianRoom(dimension, memoryBudget)
        return matrix()
    }
}

/// Refuses a dense n × n Hessian beyond the budget.
func requireDenseHessianRoom(_ n: Int, _ budget: MemoryBudget) throws {
    try budget.requireRoom(forDoubles: Double(n) * Double(n), "a dense \(n) × \(n) Hessian", operation: "hessian")
}

/// The Hessian–vector product H(x)·v = ∇(∇f(x)ᵀv) of a scalar function, without forming H.
/// - Complexity: about four to five evaluations of f, independent of the dimension. For many
///   products at one point, build a `HessianOperator` once.
public func hessianVectorProduct(of f: (Variable) -> Variable, at x: Tensor, direction v: Tensor) -> Tensor {
    HessianOperator(of: f, at: x).apply(v)
}

/// The value, gradient and Hessian of a scalar function; the Hessian is n × n for x with n
/// elements (flattened row-major), Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ.
/// - Complexity: one recorded gradient, then reverse sweeps over it: one batched sweep per block
///   of rows (see `HessianOperator.matrix()`), n plain sweeps for graphs without batched pullbacks
///   or with intermediate values too large for batching to pay.
public func valueGradientAndHessian(of f: (Variable) -> Variable, at x: Tensor)
    -> (value: Double, gradient: Tensor, hessian: Tensor) {
    let h = HessianOperator(of: f, at: x)
    return (h.value, h.gradient, h.matrix())
}

/// The Hessian ∇²f(x) of a scalar function, an n × n matrix for x with n elements.
public func hessian(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueGradientAndHessian(of: f, at: x).hessian
}

/// `valueGradientAndHessian(of:at:)`, refused before f is evaluated when the dense n × n Hessian
/// would exceed `memoryBudget` (the overloads without a budget allocate whatever n² needs).
/// - Throws: `MemoryBudgetError` when n² doubles exceed the budget.
public func valueGradientAndHessian(of f: (Variable) -> Variable, at x: Tensor, memoryBudget: MemoryBudget) throws
    -> (value: Double, gradient: Tensor, hessian: Tensor) {
    try requireDenseHessianRoom(x.count, memoryBudget)
    return valueGradientAndHessian(of: f, at: x)
}

/// `hessian(of:at:)`, refused before f is evaluated when the dense n × n Hessian would exceed
/// `memoryBudget`. - Throws: `MemoryBudgetError`.
public func hessian(of f: (Variable) -> Variable, at x: Tensor, memoryBudget: MemoryBudget) throws -> Tensor {
    try valueGradientAndHessian(of: f, at: x, memoryBudget: memoryBudget).hessian
}

/// Not `Sendable`: the operator holds a recorded gradient graph that each product sweeps (see
/// `Variable`). Build one operator per thread.
@available(*, unavailable, message: "a HessianOperator sweeps its recorded graph; build one per thread")
extension HessianOperator: Sendable {}
