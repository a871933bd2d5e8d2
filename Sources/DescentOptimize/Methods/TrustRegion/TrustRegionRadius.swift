import DescentCore

/// How the trust-region radius Δ changes after a trial step p with ratio
/// ρ = (f(x) − f(x + p)) / (m(0) − m(p)).
///
/// - Rejected (ρ ≤ η): Δ = θ‖p‖ with θ the minimizer of the quadratic through f(x), ∇f(x)ᵀp and
///   f(x + p) along p, θ = −∇fᵀp / (2(f(x + p) − f(x) − ∇fᵀp)), clamped to [1/16, 1/2] (1/16 when
///   f(x + p) is not finite): the new region is sized from the step that failed, not from the old
///   Δ, which an interior Newton step may be far larger than, and from how badly it failed
///   (¼·min(Δ, ‖p‖), the textbook rule, cost 1.3–2.5× the evaluations on Meyer, Rosenbrock and
///   Osborne 1).
/// - Accepted but poor (ρ < ¼): Δ = ¼·min(Δ, ‖p‖).
/// - Good (ρ > ¾) on the boundary: Δ = min(2Δ, Δmax). Otherwise Δ is kept.
///
/// With Δmax = 1e10 (not SciPy's 1000) and Δ₀ from the model (`initial`), a badly scaled problem
/// whose minimizer is 10⁶ away (Brown's) is reached in a few steps instead of ~1000 at a cap of
/// 1000. Quadrupling on very good steps (ρ ≥ 0.9) was measured and dropped: it cost 5–40% more
/// evaluations on Meyer, Osborne 1, Rosenbrock and Biggs EXP6 through extra rejected trials.
///
/// Reference: A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000,
/// §6.1 and §17.1 (interpolation of the radius); J. E. Dennis and R. B. Schnabel, *Numerical
/// Methods for Unconstrained Optimization and Nonlinear Equations*, SIAM, 1996, Alg. A6.4.5.
struct TrustRegionRadius {
    /// The acceptance threshold η.
    var acceptance: Double
    /// The largest radius Δmax.
    var maxRadius: Double

    /// The radius after a trial: `slope` = ∇f(x)ᵀp, `change` = f(x + p) − f(x).
    func updated(_ radius: Double, stepLength: Double, ratio rho: Double, onBoundary: Bool, slope: Double, change: Double) -> Double {
        if !(rho > acceptance) {
            var fraction = 0.0625
            let curvature = change - slope
            if change.isFinite && curvature > 0 { fraction = Swift.min(0.5, Swift.max(0.0625, -slope / (2 * curvature))) }
            return fraction * stepLength
        }
        if rho < 0.25 { return 0.25 * Swift.min(radius, stepLength) }
        if onBoundary && rho > 0.75 { return Swift.min(2 * radius, maxRadius) }
        return radius
    }

    /// The Cauchy part of the automatic first radius: the length of the model's minimizer along −g,
    /// ‖g‖³/(gᵀBg) when gᵀBg > 0 (the unconstrained Cauchy step), else 1; within [Δmin, Δmax].
    /// `TrustRegion` raises it to the length of the solver's interior step at x₀ when there is one.
    ///
    /// Reference: A. Sartenaer, "Automatic determination of an initial trust region in nonlinear
    /// programming", SIAM J. Sci. Comput. 18(6), 1997 (radius from the model along −g).
    func initial(gradientNorm: Double, curvature gBg: Double) -> Double {
        let cauchy = gBg > 0 ? gradientNorm * gradientNorm * gradientNorm / gBg : 1
        guard cauchy.isFinite, cauchy > 0 else { return Swift.min(1, maxRadius) }
        return Swift.min(Swift.max(cauchy, TrustRegionRadius.minimum), maxRadius)
    }

    /// Whether a trial's actual reduction f(x) − f(x + p) and predicted reduction m(0) − m(p) are both
    /// within δ = 10ε·max(1, |f(x)|) of zero (ε the machine epsilon), where f's rounding makes their
    /// ratio ρ meaningless (f(x + p) computed a few ulps above f(x) gives ρ < 0 for a good step).
    /// False when f(x + p) is not finite.
    ///
    /// Reference: A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000,
    /// §17.4.2 (the reductions at the rounding level; δ = 10ε·max(1, |f|)).
    static func isAtRoundingLevel(value: Double, trialValue: Double, predictedDecrease: Double) -> Bool {
        guard trialValue.isFinite else { return false }
        let rounding = 10 * Double.ulpOfOne * Swift.max(1, Swift.abs(value))
        return Swift.abs(value - trialValue) <= rounding && Swift.abs(predictedDecrease) <= rounding
    }

    /// Δmin = √(smallest normal double) ≈ 1.5e-154, so that Δ² stays a normal number in the solvers.
    static let minimum = Double.leastNormalMagnitude.squareRoot()
}
