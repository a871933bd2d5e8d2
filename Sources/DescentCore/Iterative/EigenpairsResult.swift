/// Several eigenpairs found by an iterative method (deflation, subspace iteration, Lanczos).
///
/// Eigenvalues are in ascending order (as LAPACK's `dsyevd` and SciPy's `eigsh` return them);
/// column i of `eigenvectors` belongs to eigenvalue i, is unit-norm with its largest-magnitude
/// component positive; `residuals[i]` = ‖A·vᵢ − λᵢ·vᵢ‖₂, computed with the operator, not estimated.
public struct EigenpairsResult: IterativeResult, Sendable, Hashable {
    /// The eigenvalues, ascending.
    public var eigenvalues: Tensor
    /// The eigenvectors as the columns of an n × k matrix.
    public var eigenvectors: Tensor
    /// ‖A·vᵢ − λᵢ·vᵢ‖₂ for each pair.
    public var residuals: Tensor
    /// Iterations performed (Lanczos: products with A in its expansions, over all restarts; deflation: total over all pairs).
    public var iterations: Int
    /// Number of products A·x, counting a block product with k columns as k.
    public var operatorApplications: Int
    /// Why the method stopped: `.convergedResidual` only when every entry of `residuals` meets the
    /// method's tolerance; otherwise the pairs are the latest (best available) estimates.
    public var termination: Termination
    /// Whether a repeated eigenvalue may have more copies than were returned: set by `lanczos` when
    /// a returned eigenvalue occurs `blockSize` or more times (twice or more with block size 1),
    /// since a block Krylov method sees at most `blockSize` copies from its start block. Rerun with
    /// a larger `blockSize` to rule it out. Always false for the other methods.
    public var possibleMissedMultiplicity = false
    /// The solver's estimate of ‖A‖₂ (the scale of its convergence test), for a caller that continues
    /// the search (0 when the solver has none).
    var scale = 0.0

    /// The largest residual, max ᵢ ‖A·vᵢ − λᵢ·vᵢ‖₂ (0 when there are no pairs).
    public var maxResidual: Double { residuals.scalars.max() ?? 0 }
}
