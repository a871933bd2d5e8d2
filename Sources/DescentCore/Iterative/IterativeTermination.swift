/// Why an iterative linear-algebra method stopped: one shared status for power iteration,
/// inverse and Rayleigh quotient iteration, deflation, subspace iteration, Lanczos and CG.
///
/// These are numerical outcomes (the first kind of failure in DESIGN.md): the method still returns
/// its best answer so far, and the caller decides what to do.
public enum IterativeTermination: String, Sendable, Hashable, CustomStringConvertible {
    /// The residual met the tolerance.
    case converged
    /// The iteration limit was reached first; the result holds the best iterate seen.
    case reachedIterationLimit
    /// The method cannot continue for a structural reason, e.g. CG met pᵀAp ≤ 0 (the operator
    /// is not positive definite), or inverse iteration could not factor the shifted matrix.
    case breakdown
    /// An operator product, iterate, eigenvalue estimate or residual became NaN or infinite (e.g. an
    /// eigenvalue beyond the largest double); the result holds the last finite iterate. Never reported
    /// as `.converged`: a relative test against an overflowed scale (∞ ≤ tol·∞) proves nothing.
    case nonFinite

    /// A one-line explanation for messages and logs.
    public var description: String {
        switch self {
        case .converged: return "converged"
        case .reachedIterationLimit: return "reached the iteration limit"
        case .breakdown: return "breakdown"
        case .nonFinite: return "non-finite value"
        }
    }

    /// Whether the answer met the tolerance.
    public var isConverged: Bool { self == .converged }
}
