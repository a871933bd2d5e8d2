import DescentCore

/// The nearly exact trust-region subproblem solver of Moré and Sorensen: the global minimizer of
/// m(p) = gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ for any symmetric B (indefinite included), to a
/// relative accuracy set by two tolerances.
///
/// It factors B + λI (Cholesky, ⅓n³ flops each) for a short sequence of multipliers λ, typically 1
/// to 3 (`TrustRegionStep.iterations` reports how many), found by a safeguarded Newton iteration on
/// 1/‖p(λ)‖ − 1/Δ = 0 inside Gershgorin/Frobenius bounds; in the hard case (g ⟂ the eigenvector of
/// B's smallest eigenvalue λ₁, λ* = −λ₁) it adds a multiple of an approximate eigenvector found by
/// inverse iteration with the factor. The returned step satisfies
/// - |‖p‖ − Δ| ≤ σ_easy·Δ with (B + λI)p = −g, B + λI ≻ 0 (the easy case), or
/// - ‖p‖ ≤ Δ with λ = 0 (the interior Newton step), or
/// - ‖p‖ = Δ and m(p) ≤ (1 − σ_hard)·m(p*) (the hard case; Moré–Sorensen Lemma 3.4).
///
/// The defaults σ_easy = 0.1, σ_hard = 0.2 are SciPy's `trust-exact` and Moré–Sorensen's: inside an
/// outer trust-region iteration a looser subproblem costs fewer factorizations and hardly changes
/// the outer iteration count. Use 1e-10 for a subproblem solved to near machine accuracy.
///
/// Reference: J. J. Moré and D. C. Sorensen, "Computing a trust region step", SIAM J. Sci. Stat.
/// Comput. 4(3), 1983; Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 4.3, §4.3;
/// A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000, ch. 7.
public struct ExactTrustRegionSolver: Sendable {
    /// σ_easy: a step with |‖p‖ − Δ| ≤ σ_easy·Δ is accepted (default 0.1).
    public var boundaryTolerance: Double
    /// σ_hard: a hard-case step within a factor (1 − σ_hard) of the optimal model value is accepted (default 0.2).
    public var hardCaseTolerance: Double
    /// The most factorizations of B + λI (default 50).
    public var maxIterations: Int

    /// A solver with the given tolerances.
    public init(boundaryTolerance: Double = 0.1, hardCaseTolerance: Double = 0.2, maxIterations: Int = 50) {
        precondition(boundaryTolerance > 0 && boundaryTolerance < 1, "ExactTrustRegionSolver: boundaryTolerance must be in (0, 1), got \(boundaryTolerance)")
        precondition(hardCaseTolerance > 0 && hardCaseTolerance < 1, "ExactTrustRegionSolver: hardCaseTolerance must be in (0, 1), got \(hardCaseTolerance)")
        precondition(maxIterations >= 1, "ExactTrustRegionSolver: maxIterations must be at least 1, got \(maxIterations)")
        self.boundaryTolerance = boundaryTolerance
        self.hardCaseTolerance = hardCaseTolerance
        self.maxIterations = maxIterations
    }

    /// Solves min gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ.
    ///
    /// - Parameters:
    ///   - hessian: the symmetric n × n model Hessian B (only its symmetric part matters; it is
    ///     symmetrized as ½(B + Bᵀ)).
    ///   - gradient: g, n values (any shape; flattened).
    ///   - radius: Δ > 0.
    /// - Returns: the step, or `nil` when B or g has a NaN or infinite entry.
    /// - Complexity: ⅓n³ per factorization (usually 1–3, at most `maxIterations`), plus O(n²) solves.
    public func solve(hessian: Tensor, gradient: Tensor, radius: Double) -> TrustRegionStep? {
        let n = gradient.count
        precondition(hessian.shape == [n, n], "ExactTrustRegionSolver.solve: Hessian shape \(hessian.shape) does not match gradient of \(n) values")
        precondition(radius > 0, "ExactTrustRegionSolver.solve: radius must be positive, got \(radius)")
        guard hessian.isFinite, gradient.isFinite else { return nil }
        if n == 0 {
            return TrustRegionStep(step: gradient.flattened, multiplier: 0, modelDecrease: 0, isOnBoundary: false, isHardCase: false, iterations: 0)
        }
        let symmetric = (hessian + hessian.transposed) * 0.5
        return moreSorensenStep(DenseShiftedMatrix(symmetric), gradient: gradient.flattened, radius: radius,
                                boundaryTolerance: boundaryTolerance, hardCaseTolerance: hardCaseTolerance,
                                maxIterations: maxIterations)
    }
}
