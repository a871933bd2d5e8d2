import DescentCore

/// The value f(x) and the full Jacobian J = ∂f/∂x of f: ℝⁿ → ℝᵐ as an m × n matrix (row i is
/// the gradient of output element i; tensors are flattened in row-major order).
///
/// The mode is chosen by shape: reverse sweeps for the rows when m ≤ n (batched: a block of rows
/// per sweep, see `jacobianRows`), else n forward products (one per column, by the double-VJP
/// construction), so the cost is O(min(m, n)) evaluations of f (Griewank & Walther, *Evaluating Derivatives*, §3.3).
public func valueAndJacobian(of f: (Variable) -> Variable, at x: Tensor) -> (value: Tensor, jacobian: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    let (m, n) = (y.count, x.count)
    if m <= n { return (y.value, y.jacobianRows(withRespectTo: leaf)) }
    var j = [Double](repeating: 0, count: m * n)
    let transposed = LinearizedTranspose(output: y, input: leaf)
    for k in 0..<n {
        let column = transposed.jacobianVectorProduct(Tensor.oneHot(x.shape, at: k))
        for i in 0..<m { j[i * n + k] = column.scalars[i] }
    }
    return (y.value, Tensor(shape: [m, n], scalars: j))
}

/// The Jacobian ∂f/∂x as an m × n matrix (see `valueAndJacobian(of:at:)`).
public func jacobian(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueAndJacobian(of: f, at: x).jacobian
}
