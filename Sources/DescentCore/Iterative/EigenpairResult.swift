/// One eigenpair found by an iterative method (power, inverse or Rayleigh quotient iteration).
///
/// `eigenvector` has unit 2-norm and its largest-magnitude component positive, so runs are
/// comparable across seeds; `residual` is ‖A·v − λ·v‖₂ for the returned pair.
public struct EigenpairResult: IterativeResult, Sendable, Hashable {
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
    /// Why the method stopped; when not `.convergedResidual`, the pair is the best (smallest residual) seen.
    public var termination: Termination
}
