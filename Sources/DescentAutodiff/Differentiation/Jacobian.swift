import DescentCore

/// The value f(x) and the full Jacobian J = ∂f/∂x of f: ℝⁿ → ℝᵐ as an m × n matrix (row i is
/// the gradient of output element i; tensors are flattened in row-major order).
///
/// The mode is chosen by shape: reverse sweeps for the rows when m ≤ n, else forward products for
/// the columns (by the double-VJP construction: the rows of Jᵀ); either way the sweeps are
/// batched where that pays, a block of rows or columns per sweep (see `stackedPullbacks`), so
/// the cost is O(min(m, n)) evaluations of f (Griewank & Walther, *Evaluating Derivatives*, §3.3).
public func valueAndJacobian(of f: (Variable) -> Variable, at x: Tensor) -> (value: Tensor, jacobian: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    let (m, n) = (y.count, x.count)
    if m <= n { return (y.value, y.jacobianRows(withRespectTo: leaf)) }
    // Columns J·eₖ are the rows of Jᵀ = ∂(Jᵀu)/∂u: reverse rows of the recorded transpose.
    let transposed = LinearizedTranspose(output: y, input: leaf)
    return (y.value, transposed.transposeProduct.jacobianRows(withRespectTo: transposed.cotangentSeed).transposed)
}

/// The Jacobian ∂f/∂x as an m × n matrix (see `valueAndJacobian(of:at:)`).
public func jacobian(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueAndJacobian(of: f, at: x).jacobian
}
