import DescentCore

/// Levenberg–Marquardt for f(x) = ½‖r(x)‖² in Moré's trust-region form (MINPACK `lmder`), with
/// optional geodesic acceleration.
///
/// Each iteration factors J·P = Q·R once (Householder with column pivoting), then tries steps
/// p(λ) = argmin ‖J p + r‖² + λ‖D p‖² until one is accepted:
/// - **scaling** D = diag(dⱼ), dⱼ = max over the iterates so far of ‖J column j‖₂ (a zero column
///   counts as 1), which makes the method invariant to rescaling the variables;
/// - **damping** λ is not updated by a rule of thumb but chosen so the step fits the trust region:
///   λ = 0 when the Gauss–Newton step has ‖D p‖ ≤ 1.1Δ, else the λ with |‖D p(λ)‖ − Δ| ≤ 0.1Δ
///   (Moré's safeguarded Newton iteration, at most 10 solves of O(n²) each on the factored J);
/// - **radius** Δ₀ = 100·‖D x₀‖ (or 100 when that is 0), cut to ‖D p‖ at the first trial; with
///   ρ = actual / predicted reduction of ‖r‖², ρ ≤ ¼ shrinks Δ by a factor in [0.1, 0.5] (from a
///   quadratic fit of the actual reduction), ρ ≥ ¾ (or λ = 0) sets Δ = 2‖D p‖; a trial is accepted
///   when ρ ≥ 10⁻⁴. Non-finite residuals at a trial count as no reduction, so the radius shrinks.
///
/// **Geodesic acceleration** (optional) adds the second-order correction of Transtrum and Sethna:
/// with the step v = p(λ), the directional second derivative r_vv ≈ (2/h)((r(x + hv) − r(x))/h − Jv)
/// (one extra residual evaluation per trial, h = 0.1), the acceleration a solves the same damped
/// system with r_vv in place of r (a = −(JᵀJ + λD²)⁻¹Jᵀr_vv, O(n²) on the same factors), and the
/// trial is x + v + ½a when 2‖D a‖ ≤ α‖D v‖ (α = 0.75), else the plain x + v (Transtrum and Sethna
/// reject such a trial instead; near a zero-residual solution r_vv is mostly rounding and would then
/// block convergence). The predicted reduction is that of v (the acceleration is a second-order
/// term). It helps on problems with narrow curved valleys (parameter evaporation in fits), and costs
/// one residual per trial where the plain step would do.
///
/// The method stops when it can no longer make progress: a rejected trial with both reductions
/// below ε, or Δ ≤ ε‖D x‖, is reported as a failed step (`.lineSearchFailed`), with the best
/// point kept by the driver. Evaluation counts are MINPACK's: r and J at x₀ (the driver's evaluation,
/// which the method reads back from the `LeastSquaresObjective`), then one residual evaluation per
/// trial and one Jacobian evaluation per accepted point. Cost per iteration: 2mn² for the
/// factorization plus O(n²) per λ tried.
///
/// Reference: J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory", in
/// *Numerical Analysis*, Lecture Notes in Mathematics 630, Springer, 1978; J. J. Moré, B. S. Garbow
/// and K. E. Hillstrom, *User Guide for MINPACK-1*, ANL-80-74, 1980 (`lmder`, `lmpar`, `qrsolv`);
/// M. K. Transtrum and J. P. Sethna, "Improvements to the Levenberg–Marquardt algorithm for nonlinear
/// least-squares minimization", arXiv:1201.5885, 2012.
public struct LevenbergMarquardt: OptimizationMethod {
    /// The factor in the initial radius Δ₀ = factor·‖D x₀‖ (MINPACK's `factor`, default 100).
    public var initialRadiusFactor: Double
    /// The variable scaling D.
    public var scaling: Scaling
    /// Geodesic acceleration, or `nil` (default) for the plain method.
    public var geodesicAcceleration: GeodesicAcceleration?

    /// How the variables are scaled in the trust region ‖D p‖ ≤ Δ.
    public enum Scaling: Sendable, Equatable {
        /// Moré's: dⱼ = the largest ‖J column j‖₂ seen so far (MINPACK `mode = 1`).
        case jacobianColumnNorms
        /// D = I: a plain spherical trust region.
        case identity
    }

    /// Transtrum and Sethna's second-order correction of each step.
    public struct GeodesicAcceleration: Sendable, Equatable {
        /// α: the trial x + v + ½a is taken only when 2‖D a‖ ≤ α‖D v‖ (default 0.75).
        public var maximumRatio: Double
        /// h in the finite difference r_vv ≈ (2/h)((r(x + hv) − r(x))/h − Jv) (default 0.1).
        public var differenceStep: Double

        /// Acceleration with α = 0.75 and h = 0.1 unless given (Transtrum and Sethna's values).
        public init(maximumRatio: Double = 0.75, differenceStep: Double = 0.1) {
            precondition(maximumRatio > 0, "GeodesicAcceleration: maximum ratio must be positive, got \(maximumRatio)")
            precondition(differenceStep > 0, "GeodesicAcceleration: difference step must be positive, got \(differenceStep)")
            self.maximumRatio = maximumRatio
            self.differenceStep = differenceStep
        }
    }

    /// Levenberg–Marquardt with Moré's scaling and radius control, optionally accelerated.
    public init(initialRadiusFactor: Double = 100, scaling: Scaling = .jacobianColumnNorms,
                geodesicAcceleration: GeodesicAcceleration? = nil) {
        precondition(initialRadiusFactor > 0, "LevenbergMarquardt: initial radius factor must be positive, got \(initialRadiusFactor)")
        self.initialRadiusFactor = initialRadiusFactor
        self.scaling = scaling
        self.geodesicAcceleration = geodesicAcceleration
    }

    /// The name shown in results and traces.
    public var name: String { geodesicAcceleration == nil ? "Levenberg-Marquardt" : "Levenberg-Marquardt (geodesic acceleration)" }

    /// The radius Δ, the damping λ of the last step, the scales D and r, J at the current point.
    public struct State {
        var radius = 0.0
        var damping = 0.0
        var scales: [Double] = []
        var residuals: [Double]?
        var jacobian: Tensor?
        var beforeFirstSuccess = true
    }

    /// Value ½‖r‖² and gradient Jᵀr at x (see `OptimizationMethod.evaluate`).
    public func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate {
        let (f, g) = problem.valueAndGradient(x)
        return Iterate(x: x, value: f, gradient: g)
    }

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective is a `LeastSquaresObjective`.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.leastSquares != nil else {
            throw OptimizationError.missingDerivative(method: name, needs: "residuals and a Jacobian (a LeastSquaresObjective)")
        }
        return State()
    }

    /// One iteration (one Jacobian, as many trials as needed), as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let x = current.x.flattened.scalars
        let n = x.count
        if state.residuals == nil || state.jacobian == nil {
            // x₀: the driver has just evaluated r and J there; read them rather than evaluate again.
            guard let (r, j) = problem.objective.leastSquares?.latestEvaluation(at: current.x)
                    ?? problem.residuals(current.x).flatMap({ r in problem.jacobian(current.x).map { (r, $0) } })
            else { return .failed }
            state.residuals = r.flattened.scalars
            state.jacobian = j
        }
        let r = state.residuals!, jacobian = state.jacobian!
        guard jacobian.shape == [r.count, n], jacobian.isFinite, r.allSatisfy(\.isFinite) else { return .failed }
        let fnorm = euclideanNorm(r)
        guard fnorm > 0 else { return .failed }

        let factor = PivotedQR(jacobian)
        if state.scales.isEmpty {
            state.scales = scaling == .identity ? [Double](repeating: 1, count: n) : factor.columnNorms.map { $0 == 0 ? 1 : $0 }
            let xnorm = euclideanNorm(zip(state.scales, x).map { $0 * $1 })
            state.radius = xnorm == 0 ? initialRadiusFactor : initialRadiusFactor * xnorm
        } else if scaling == .jacobianColumnNorms {
            for j in 0..<n { state.scales[j] = Swift.max(state.scales[j], factor.columnNorms[j]) }
        }
        var damped = DampedLeastSquares(factor: factor, residuals: r, scales: state.scales)
        let xnorm = damped.scaledNorm(x)

        while true {
            let (lambda, velocity) = damped.trustRegionStep(radius: state.radius, previousDamping: state.damping)
            state.damping = lambda
            let pnorm = damped.scaledNorm(velocity)
            if state.beforeFirstSuccess { state.radius = Swift.min(state.radius, pnorm) }

            var step = velocity
            if let acceleration = geodesicAcceleration {
                guard let a = accelerationStep(acceleration, x: current.x, velocity: velocity, residuals: r,
                                               jacobian: jacobian, damped: &damped, damping: lambda, problem: problem)
                else { return .failed }
                // Too curved (or, near a solution, r_vv lost in rounding): take the plain step v.
                if 2 * damped.scaledNorm(a) <= acceleration.maximumRatio * pnorm {
                    for j in 0..<n { step[j] += 0.5 * a[j] }
                }
            }

            let trialX = Tensor.scaledSum(1, Tensor(step).reshaped(current.x.shape), current.x)
            guard let trialResiduals = problem.residuals(trialX) else { return .failed }
            let rt = trialResiduals.flattened.scalars
            let fnorm1 = rt.count == r.count && rt.allSatisfy(\.isFinite) ? euclideanNorm(rt) : .infinity
            let actual = 0.1 * fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1
            // Predicted reduction of the linear model along v: (‖Jv‖² + 2λ‖Dv‖²)/‖r‖².
            let t1 = modelProductNorm(factor, velocity) / fnorm
            let t2 = lambda.squareRoot() * pnorm / fnorm
            let predicted = t1 * t1 + 2 * t2 * t2
            let directional = -(t1 * t1 + t2 * t2)
            let ratio = predicted != 0 ? actual / predicted : 0

            if ratio <= 0.25 {
                var shrink = actual >= 0 ? 0.5 : 0.5 * directional / (directional + 0.5 * actual)
                if 0.1 * fnorm1 >= fnorm || !(shrink >= 0.1) { shrink = 0.1 }
                state.radius = shrink * Swift.min(state.radius, pnorm / 0.1)
                state.damping /= shrink
            } else if state.damping == 0 || ratio >= 0.75 {
                state.radius = pnorm / 0.5
                state.damping *= 0.5
            }

            if ratio >= 1e-4 {
                guard let j = problem.jacobian(trialX) else { return .failed }
                state.residuals = rt
                state.jacobian = j
                state.beforeFirstSuccess = false
                let gradient = matmul(j, Tensor(rt), transposeA: true).reshaped(current.x.shape)
                return .moved(Iterate(x: trialX, value: 0.5 * fnorm1 * fnorm1, gradient: gradient))
            }
            let noReductionPossible = Swift.abs(actual) <= Double.ulpOfOne && predicted <= Double.ulpOfOne && 0.5 * ratio <= 1
            if noReductionPossible || state.radius <= Double.ulpOfOne * xnorm || !state.radius.isFinite || state.radius == 0 {
                return .failed
            }
        }
    }

    /// ‖R·Pᵀp‖₂ = ‖J p‖₂ (Q has orthonormal columns).
    private func modelProductNorm(_ factor: PivotedQR, _ p: [Double]) -> Double {
        let n = factor.columns
        var product = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let t = p[factor.permutation[j]]
            for i in 0...j { product[i] += factor.r(i, j) * t }
        }
        return euclideanNorm(product)
    }

    /// The acceleration a = −(JᵀJ + λD²)⁻¹Jᵀr_vv with r_vv by the finite difference of the type's
    /// documentation; `nil` when the residuals cannot be evaluated.
    private func accelerationStep(_ settings: GeodesicAcceleration, x: Tensor, velocity: [Double], residuals r: [Double],
                                  jacobian: Tensor, damped: inout DampedLeastSquares, damping: Double,
                                  problem: ObjectiveEvaluator) -> [Double]? {
        let h = settings.differenceStep
        let v = Tensor(velocity)
        guard let shifted = problem.residuals(Tensor.scaledSum(h, v.reshaped(x.shape), x)) else { return nil }
        let rh = shifted.flattened.scalars
        let jv = matmul(jacobian, v).scalars
        guard rh.count == r.count else { return nil }
        var rvv = [Double](repeating: 0, count: r.count)
        for i in 0..<r.count { rvv[i] = (2 / h) * ((rh[i] - r[i]) / h - jv[i]) }
        // A non-finite curvature means the probe left the domain: no acceleration for this trial.
        guard rvv.allSatisfy(\.isFinite) else { return [Double](repeating: 0, count: velocity.count) }
        let z = damped.solve(damping: damping, qtb: damped.factor.qTransposeTimes(rvv))
        return z.map { -$0 }
    }
}
