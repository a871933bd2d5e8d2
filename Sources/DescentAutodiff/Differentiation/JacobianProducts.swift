import DescentCore

// Jacobian-vector and vector-Jacobian products of a function f: ℝⁿ → ℝᵐ (tensors of any shape,
// flattened in row-major order).
//
// Forward mode (JVP) uses the double-VJP ("transpose of the transpose") construction rather
// than dual numbers: u ↦ Jᵀu is linear in u, so J·v = ∂(vᵀJᵀu)/∂u is the VJP of (u ↦ Jᵀu) with cotangent v. Its
// cost is about three evaluations of f (forward, a recorded reverse sweep, a second reverse
// sweep), and it needs no second set of rules: every operation's pullback serves both modes.
// Reference: J. Townsend, "A new trick for calculating Jacobian vector products" (2017);
// JAX's `linear_transpose` documentation.

/// The value f(x) and the vector–Jacobian product Jᵀc = (cᵀJ)ᵀ for a cotangent c of f's output
/// shape; the result has x's shape. One reverse sweep.
public func vjp(of f: (Variable) -> Variable, at x: Tensor, cotangent c: Tensor) -> (value: Tensor, pullback: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    precondition(c.shape == y.shape, "vjp: cotangent \(c.shape) does not match output \(y.shape)")
    return (y.value, y.gradients(withRespectTo: [leaf], seed: Variable(c))[0].value)
}

/// The value f(x) and the Jacobian–vector product J·v for a direction v of x's shape; the
/// result has f's output shape (forward mode by the double-VJP construction).
public func jvp(of f: (Variable) -> Variable, at x: Tensor, direction v: Tensor) -> (value: Tensor, differential: Tensor) {
    precondition(v.shape == x.shape, "jvp: direction \(v.shape) does not match point \(x.shape)")
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    let transposed = LinearizedTranspose(output: y, input: leaf)
    return (y.value, transposed.jacobianVectorProduct(v))
}

/// u ↦ Jᵀu recorded as a graph, so J·v is one more reverse sweep per v.
struct LinearizedTranspose {
    let cotangentSeed: Variable
    let transposeProduct: Variable
    let outputShape: [Int]

    init(output y: Variable, input x: Variable) {
        outputShape = y.shape
        cotangentSeed = Variable(tracking: Tensor.zeros(y.shape))
        transposeProduct = y.gradients(withRespectTo: [x], seed: cotangentSeed, createGraph: true)[0]
    }

    /// J·v, shaped like the output.
    func jacobianVectorProduct(_ v: Tensor) -> Tensor {
        transposeProduct.gradients(withRespectTo: [cotangentSeed], seed: Variable(v))[0].value
    }
}
