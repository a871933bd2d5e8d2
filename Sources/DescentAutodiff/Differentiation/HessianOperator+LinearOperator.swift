import DescentCore

/// The Hessian at a point as a matrix-free symmetric operator, so that Lanczos, power iteration
/// and conjugate gradient find its extreme eigenvalues (curvature, the stable step 2/λmax) or solve
/// Newton systems H·p = −∇f from exact Hessian-vector products alone, never forming H.
///
/// Block methods get batched products: `subspaceIteration` (one block product per step),
/// `randomizedRangeFinder`, `RandomizedSVD` and the residuals every eigensolver reports call
/// `apply(toColumnsOf:)` (or its transpose, the same product here), which sends the k columns
/// through batched reverse sweeps, one per block of columns (see `apply(toEach:)` for the block
/// size), instead of one sweep per column.
extension HessianOperator: LinearOperator {
    /// `[n, n]` for a point with n elements.
    public var shape: [Int] { [dimension, dimension] }
    /// H is symmetric, so Hᵀ·v = H·v is always available.
    public var canApplyTransposed: Bool { true }
    /// Hᵀ·v = H·v.
    public func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }

    /// H·X for an n × k matrix X (directions as columns, flattened as the point), by the batched
    /// sweeps of `apply(toEach:)`: one sweep per block of columns rather than one per column, or k
    /// plain products when batching would not pay or an operation of f has no batched pullback.
    public func apply(toColumnsOf x: Tensor) -> Tensor {
        apply(toColumnsOf: x, elementBudget: Variable.batchElementBudget)
    }

    /// Hᵀ·X = H·X (H is symmetric), by the same batched sweeps.
    public func applyTransposed(toColumnsOf x: Tensor) -> Tensor { apply(toColumnsOf: x) }

    /// `apply(toColumnsOf:)` with blocks of at most `elementBudget` cotangent elements (see
    /// `stackedPullbacks`; tests lower it to exercise blocking).
    func apply(toColumnsOf x: Tensor, elementBudget: Int) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] == dimension,
                     "HessianOperator.apply(toColumnsOf:): operator shape \(shape) does not fit matrix shape \(x.shape)")
        return products(ofRows: x.transposed, elementBudget: elementBudget).transposed
    }
}
