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
    return (y.value, denseJacobian(of: y, withRespectTo: leaf))
}

/// The Jacobian ∂f/∂x as an m × n matrix (see `valueAndJacobian(of:at:)`).
public func jacobian(of f: (Variable) -> Variable, at x: Tensor) -> Tensor {
    valueAndJacobian(of: f, at: x).jacobian
}

/// `valueAndJacobian(of:at:)`, refused after evaluating f (which gives m) and before any sweep
/// when the dense Jacobian would exceed `memoryBudget` (the overloads without a budget allocate
/// whatever m·n needs).
/// - Throws: `MemoryBudgetError` when the m × n matrix (twice that for m > n, whose columns are
///   computed as rows and transposed) exceeds the budget; the cotangent blocks of the batched
///   sweeps, at most `Variable.batchElementBudget` doubles (64 MB), come on top.
public func valueAndJacobian(of f: (Variable) -> Variable, at x: Tensor, memoryBudget: MemoryBudget) throws
    -> (value: Tensor, jacobian: Tensor) {
    let leaf = Variable(tracking: x)
    let y = f(leaf)
    let (m, n) = (y.count, x.count)
    try memoryBudget.requireRoom(forDoubles: (m > n ? 2 : 1) * Double(m) * Double(n),
                                 "a dense \(m) × \(n) Jacobian", operation: "jacobian")
    return (y.value, denseJacobian(of: y, withRespectTo: leaf))
}

/// `jacobian(of:at:)` within a memory budget (see `valueAndJacobian(of:at:memoryBudget:)`).
/// - Throws: `MemoryBudgetError`.
public func jacobian(of f: (Variable) -> Variable, at x: Tensor, memoryBudget: MemoryBudget) throws -> Tensor {
    try valueAndJacobian(of: f, at: x, memoryBudget: memoryBudget).jacobian
}

/// The m × n Jacobian of the recorded output `y` with respect to `leaf`: reverse rows when m ≤ n,
/// else the rows of the recorded transpose u ↦ Jᵀu (the columns J·eₖ), transposed.
func denseJacobian(of y: Variable, withRespectTo leaf: Variable) -> Tensor {
    if y.count <= leaf.count { return y.jacobianRows(withRespectTo: leaf) }
    let transposed = LinearizedTranspose(output: y, input: leaf)
    return transposed.transposeProduct.jacobianRows(withRespectTo: transposed.cotangentSeed).transposed
}
