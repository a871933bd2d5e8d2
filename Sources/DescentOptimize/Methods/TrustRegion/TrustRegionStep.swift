import DescentCore

/// A solution of the trust-region subproblem min m(p) = gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ.
///
/// The exact (Moré–Sorensen) and Krylov (GLTR) solvers also return the Lagrange multiplier λ ≥ 0 of
/// the constraint: at the global minimizer (B + λI)p = −g, B + λI ⪰ 0 and λ(Δ − ‖p‖) = 0
/// (Moré and Sorensen 1983, Lemma 2.1; Nocedal and Wright, Theorem 4.1).
///
/// Reference: J. J. Moré and D. C. Sorensen, "Computing a trust region step", SIAM J. Sci. Stat.
/// Comput. 4(3), 1983; Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, §4.3.
public struct TrustRegionStep: Sendable {
    /// The step p, a flat vector of length n.
    public var step: Tensor
    /// The multiplier λ ≥ 0 with (B + λI)p ≈ −g (0 for an interior Newton step).
    public var multiplier: Double
    /// The predicted decrease m(0) − m(p) = −(gᵀp + ½pᵀBp).
    public var modelDecrease: Double
    /// Whether the step was taken to the boundary ‖p‖ = Δ (within the solver's tolerance).
    public var isOnBoundary: Bool
    /// Whether the step was completed along an approximate eigenvector of B's smallest eigenvalue
    /// (the "hard case": g nearly orthogonal to that eigenvector, λ ≈ −λ₁).
    public var isHardCase: Bool
    /// Factorizations (exact solver) or Lanczos steps (Krylov solver) used.
    public var iterations: Int

    /// A subproblem solution from its parts.
    public init(step: Tensor, multiplier: Double, modelDecrease: Double, isOnBoundary: Bool, isHardCase: Bool, iterations: Int) {
        self.step = step
        self.multiplier = multiplier
        self.modelDecrease = modelDecrease
        self.isOnBoundary = isOnBoundary
        self.isHardCase = isHardCase
        self.iterations = iterations
    }
}
