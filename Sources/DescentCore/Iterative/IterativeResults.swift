/// One eigenpair found by an iterative method (power, inverse or Rayleigh quotient iteration).
///
/// `eigenvector` has unit 2-norm and its largest-magnitude component positive, so runs are
/// comparable across seeds; `residual` is ‖A·v − λ·v‖₂ for the returned pair.
public struct EigenpairResult: Sendable, Hashable {
    /// The eigenvalue estimate λ (the Rayleigh quotient vᵀAv of the returned vector).
    public var eigenvalue: Double
    /// The unit eigenvector estimate v.
    public var eigenvector: Tensor
    /// ‖A·v − λ·v‖₂.
    public var residual: Double
    /// Iterations performed.
    public var iterations: Int
    /// Number of products A·x (linear solves of inverse and Rayleigh quotient iteration are counted
    /// separately in `linearSolves`).
    public var operatorApplications: Int
    /// Number of linear solves with a shifted matrix (0 for power iteration).
    public var linearSolves: Int
    /// Why the method stopped; when not `.converged`, the pair is the best (smallest residual) seen.
    public var termination: IterativeTermination
}

/// Several eigenpairs found by an iterative method (deflation, subspace iteration, Lanczos).
///
/// Eigenvalues are in ascending order (as LAPACK's `dsyevd` and SciPy's `eigsh` return them);
/// column i of `eigenvectors` belongs to eigenvalue i, is unit-norm with its largest-magnitude
/// component positive; `residuals[i]` = ‖A·vᵢ − λᵢ·vᵢ‖₂, computed with the operator, not estimated.
public struct EigenpairsResult: Sendable, Hashable {
    /// The eigenvalues, ascending.
    public var eigenvalues: Tensor
    /// The eigenvectors as the columns of an n × k matrix.
    public var eigenvectors: Tensor
    /// ‖A·vᵢ − λᵢ·vᵢ‖₂ for each pair.
    public var residuals: Tensor
    /// Iterations performed (Lanczos: Krylov dimension reached; deflation: total over all pairs).
    public var iterations: Int
    /// Number of products A·x, counting a block product with k columns as k.
    public var operatorApplications: Int
    /// Why the method stopped; when not `.converged`, the pairs are the latest (best available) estimates.
    public var termination: IterativeTermination

    /// The largest residual, max ᵢ ‖A·vᵢ − λᵢ·vᵢ‖₂ (0 when there are no pairs).
    public var maxResidual: Double { residuals.scalars.max() ?? 0 }
}

/// The solution of A·x = b by an iterative method (conjugate gradient).
public struct LinearSolveResult: Sendable, Hashable {
    /// The solution estimate x.
    public var solution: Tensor
    /// The true residual norm ‖b − A·x‖₂ of the returned x (recomputed with the operator, so
    /// recurrence drift cannot hide in it).
    public var residual: Double
    /// Iterations performed.
    public var iterations: Int
    /// Number of products A·p, including the ones for the initial and final residuals.
    public var operatorApplications: Int
    /// Why the method stopped; when not `.converged`, `solution` is the last iterate
    /// (CG's iterates decrease the A-norm error monotonically, so the last is the best in that norm).
    public var termination: IterativeTermination
}

// MARK: - Helpers shared by the eigensolvers

extension Tensor {
    /// This vector scaled to unit norm and with its largest-magnitude component positive (the
    /// convention of `SymmetricEigen` and `SVD`): eigenvectors are defined up to sign, and a fixed
    /// sign makes results reproducible and comparable with the dense decompositions.
    /// A zero vector is returned unchanged.
    func normalizedEigenvector() -> Tensor {
        let length = norm(.two)
        guard length > 0, length.isFinite else { return self }
        let sign = scalars.withUnsafeBufferPointer(Tensor.largestEntrySign)
        return self * (sign / length)
    }

    /// A unit vector of length n with independent standard-normal direction, drawn from `generator`.
    static func randomUnitVector(_ n: Int, using generator: inout SeededGenerator) -> Tensor {
        let v = Tensor.randomNormal([n], using: &generator)
        return v / v.norm(.two)
    }
}
