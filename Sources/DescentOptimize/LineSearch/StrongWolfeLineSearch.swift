import DescentCore

/// A line search satisfying the strong Wolfe conditions
/// f(x + αd) ≤ f(x) + c₁ α ∇fᵀd and |∇f(x + αd)ᵀd| ≤ c₂ |∇fᵀd|, by one of two algorithms:
///
/// - `.bracketAndZoom` (the default): bracketing by doubling α (Nocedal & Wright Alg. 3.5), then
///   zooming with safeguarded cubic interpolation (Alg. 3.6).
/// - `.moreThuente`: Moré and Thuente's search (MINPACK-2 `dcsrch`, what SciPy's L-BFGS-B, BFGS and
///   CG call): every trial, inside or outside a bracket, comes from the cubic/quadratic/secant choice
///   of `MoreThuenteInterval`; extrapolation stays in [α + 1.1(α − α_x), α + 4(α − α_x)] (α_x: the best
///   trial so far); inside a bracket a bisection replaces any step that leaves more than 66% of the
///   previous width; while no trial has both sufficient decrease and φ′ ≥ 0 it works on the modified
///   function ψ(α) = φ(α) − c₁αφ′(0), which keeps sufficient decrease in reach.
///
/// Every trial evaluates value and gradient together (the curvature test needs φ′(α) = ∇f(x + αd)ᵀd).
/// Use c₂ = 0.9 for quasi-Newton and Newton methods, c₂ = 0.1 for nonlinear conjugate gradient.
/// When the trial budget runs out, the best trial with sufficient and strictly positive decrease is
/// accepted (the method then skips curvature-dependent updates as needed); with none, the search fails,
/// unless `roundingTolerance` admits a trial whose f change is below rounding (see there).
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 3.5, 3.6 and eq. (3.59);
/// J. J. Moré and D. J. Thuente, ACM TOMS 20(3), 1994.
public struct StrongWolfeLineSearch: LineSearch {
    /// How trial steps are chosen (both accept the same strong-Wolfe points).
    public enum Algorithm: String, Sendable, CaseIterable {
        /// Nocedal & Wright Alg. 3.5/3.6: doubling, then cubic zoom.
        case bracketAndZoom
        /// Moré–Thuente (MINPACK-2 `dcsrch`/`dcstep`), as in SciPy.
        case moreThuente
    }

    /// The sufficient-decrease constant c₁ (default 1e-4).
    public var sufficientDecrease: Double
    /// The curvature constant c₂ ∈ [c₁, 1) (default 0.9).
    public var curvature: Double
    /// The most trial points (value-and-gradient evaluations) per search (default 30).
    public var maxEvaluations: Int
    /// The largest step considered (default 1e10).
    public var maxStep: Double
    /// How trial steps are chosen (default `.bracketAndZoom`).
    public var algorithm: Algorithm
    /// Moré–Thuente's `xtol`: once a bracket [α_lo, α_hi] has α_hi − α_lo ≤ xtol·α_hi, the search stops
    /// and accepts its best trial with sufficient decrease (default 1e-14: only rounding stops it;
    /// L-BFGS-B uses 0.1, which trades an exact curvature test for fewer trials). `.bracketAndZoom`
    /// ignores it.
    public var intervalTolerance: Double
    /// ε in the last-resort acceptance: when no trial lowered f with sufficient decrease, a trial that
    /// passes the curvature test with f(x + αd) ≤ f(x) + ε|f(x)| is accepted, the one with the least
    /// |φ′(α)| (default 0: off, the search fails instead). Near a minimizer f's decrease can fall below
    /// its rounding while ∇f stays accurate; L-BFGS and CG use 10⁻¹⁰, above the rounding of sums of many terms.
    public var roundingTolerance: Double

    /// Strong Wolfe with c₁ = 1e-4 and c₂ = 0.9 unless given.
    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 30, maxStep: Double = 1e10,
                algorithm: Algorithm = .bracketAndZoom, intervalTolerance: Double = 1e-14, roundingTolerance: Double = 0) {
        precondition(sufficientDecrease > 0 && sufficientDecrease <= curvature && curvature < 1,
                     "StrongWolfeLineSearch: need 0 < c1 ≤ c2 < 1, got c1 = \(sufficientDecrease), c2 = \(curvature)")
        precondition(intervalTolerance > 0 && intervalTolerance < 1,
                     "StrongWolfeLineSearch: need 0 < intervalTolerance < 1, got \(intervalTolerance)")
        precondition(roundingTolerance >= 0 && roundingTolerance < 1,
                     "StrongWolfeLineSearch: need 0 ≤ roundingTolerance < 1, got \(roundingTolerance)")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxEvaluations = maxEvaluations
        self.maxStep = maxStep
        self.algorithm = algorithm
        self.intervalTolerance = intervalTolerance
        self.roundingTolerance = roundingTolerance
    }

    /// The name shown in results and traces.
    public var name: String { "strong Wolfe line search" }

    private typealias Trial = LineSearchTrial

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        let d = direction.flattened
        let phi0 = current.value
        let slope0 = dot(current.gradient.flattened, d)
        guard slope0 < 0, initialStep > 0 else { return nil }
        var evaluations = 0
        var bestDecrease: Trial? = nil, bestLevel: Trial? = nil

        func trial(_ alpha: Double) -> Trial {
            evaluations += 1
            let result = evaluateStep(problem, current, direction, alpha)
            let phi = result.iterate.value
            let slope = result.iterate.gradient.isFinite ? dot(result.iterate.gradient.flattened, d) : .nan
            let t = Trial(alpha: alpha, phi: phi.isNaN ? .infinity : phi, slope: slope, iterate: result.iterate)
            // Fallback candidates must lower f strictly: at the rounding floor c₁α∇fᵀd vanishes next to f
            // and an unchanged f would pass the Armijo test, looping forever without progress.
            if sufficient(t), t.phi < phi0, bestDecrease == nil || t.phi < bestDecrease!.phi { bestDecrease = t }
            // Where f's changes drown in its rounding, the slope still tells progress (φ′ accurate where φ
            // is not): a trial with the curvature test and φ within the rounding band of φ(0) (Hager and
            // Zhang's approximate Wolfe idea) is the last resort, so the search does not fail there.
            if roundingTolerance > 0, curvatureHolds(t), t.phi <= phi0 + roundingTolerance * Swift.abs(phi0),
               bestLevel == nil || Swift.abs(t.slope) < Swift.abs(bestLevel!.slope) { bestLevel = t }
            return t
        }
        func sufficient(_ t: Trial) -> Bool { t.phi <= phi0 + sufficientDecrease * t.alpha * slope0 }
        func curvatureHolds(_ t: Trial) -> Bool { t.slope.isFinite && Swift.abs(t.slope) <= -curvature * slope0 }
        func accept(_ t: Trial) -> LineSearchResult { LineSearchResult(step: t.alpha, iterate: t.iterate) }
        func fallback() -> LineSearchResult? { (bestDecrease ?? bestLevel).map(accept) }

        if algorithm == .moreThuente {
            return moreThuente(phi0: phi0, slope0: slope0, initialStep: initialStep, trial: trial, sufficient: sufficient,
                               curvatureHolds: curvatureHolds) ?? fallback()
        }

        // Alg. 3.6: lo satisfies sufficient decrease with the lowest φ so far; the minimizer lies between lo and hi.
        func zoom(_ lo0: Trial, _ hi0: Trial) -> LineSearchResult? {
            var lo = lo0, hi = hi0
            while evaluations < maxEvaluations {
                let width = Swift.abs(hi.alpha - lo.alpha)
                if width <= 1e-14 * Swift.max(1, Swift.abs(lo.alpha)) { break }
                let alpha = interpolate(lo, hi)
                let t = trial(alpha)
                if !sufficient(t) || t.phi >= lo.phi {
                    hi = t
                } else {
                    if curvatureHolds(t) { return accept(t) }
                    if t.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = t
                }
            }
            return fallback()
        }

        // Alg. 3.5: grow α until the interval [α_{i−1}, α_i] brackets a strong-Wolfe point.
        var previous = Trial(alpha: 0, phi: phi0, slope: slope0, iterate: current)
        var alpha = Swift.min(initialStep, maxStep)
        var first = true
        while evaluations < maxEvaluations {
            let t = trial(alpha)
            if !sufficient(t) || (!first && t.phi >= previous.phi) { return zoom(previous, t) }
            if curvatureHolds(t) { return accept(t) }
            if !(t.slope < 0) { return zoom(t, previous) }
            if alpha >= maxStep { break }
            previous = t
            first = false
            alpha = Swift.min(2 * alpha, maxStep)
        }
        return fallback()
    }

    /// Moré–Thuente's search (MINPACK-2 `dcsrch` with xtol = `intervalTolerance`): the accepted trial, or
    /// `nil` when the budget is spent, the bracket is narrower than xtol or rounding stops progress (the
    /// caller then falls back to its best trial, the point `dcsrch` would evaluate once more and return).
    private func moreThuente(phi0: Double, slope0: Double, initialStep: Double, trial: (Double) -> Trial,
                             sufficient: (Trial) -> Bool, curvatureHolds: (Trial) -> Bool) -> LineSearchResult? {
        let relativeWidthTolerance = intervalTolerance
        let gtest = sufficientDecrease * slope0
        var interval = MoreThuenteInterval(x: (0, phi0, slope0), y: (0, phi0, slope0))
        var modified = true  // dcsrch's stage 1: ψ(α) = φ(α) − αc₁φ′(0) until a trial has φ′ ≥ 0 and sufficient decrease
        var alpha = Swift.min(initialStep, maxStep)
        var lower = 0.0, upper = alpha + 4 * alpha
        var width = maxStep, previousWidth = 2 * maxStep
        var evaluations = 0
        while evaluations < maxEvaluations {
            evaluations += 1
            let t = trial(alpha)
            if sufficient(t) && curvatureHolds(t) { return LineSearchResult(step: t.alpha, iterate: t.iterate) }
            guard t.phi.isFinite, t.slope.isFinite else {
                // Outside the domain (or overflow): a bracket with this trial as its far end; bisect towards α_x.
                interval.y = (alpha, .infinity, .nan)
                interval.bracketed = true
                alpha = interval.x.alpha + 0.5 * (alpha - interval.x.alpha)
                lower = Swift.min(interval.x.alpha, alpha)
                upper = Swift.max(interval.x.alpha, alpha)
                continue
            }
            if interval.bracketed && (alpha <= lower || alpha >= upper || upper - lower <= relativeWidthTolerance * upper) { return nil }
            if alpha >= maxStep && sufficient(t) && t.slope <= gtest { return nil }
            if modified && sufficient(t) && t.slope >= 0 { modified = false }
            if modified && t.phi <= interval.x.phi && !sufficient(t) {
                var shifted = interval
                shifted.x = (interval.x.alpha, interval.x.phi - interval.x.alpha * gtest, interval.x.slope - gtest)
                shifted.y = (interval.y.alpha, interval.y.phi - interval.y.alpha * gtest, interval.y.slope - gtest)
                alpha = shifted.step(trial: alpha, phi: t.phi - alpha * gtest, slope: t.slope - gtest, lower: lower, upper: upper)
                interval.x = (shifted.x.alpha, shifted.x.phi + shifted.x.alpha * gtest, shifted.x.slope + gtest)
                interval.y = (shifted.y.alpha, shifted.y.phi + shifted.y.alpha * gtest, shifted.y.slope + gtest)
                interval.bracketed = shifted.bracketed
            } else {
                alpha = interval.step(trial: alpha, phi: t.phi, slope: t.slope, lower: lower, upper: upper)
            }
            let (ax, ay) = (interval.x.alpha, interval.y.alpha)
            if interval.bracketed {
                if Swift.abs(ay - ax) >= 0.66 * previousWidth { alpha = ax + 0.5 * (ay - ax) }
                previousWidth = width
                width = Swift.abs(ay - ax)
                lower = Swift.min(ax, ay)
                upper = Swift.max(ax, ay)
            } else {
                lower = alpha + 1.1 * (alpha - ax)
                upper = alpha + 4 * (alpha - ax)
            }
            alpha = Swift.min(Swift.max(alpha, 0), maxStep)
            guard alpha.isFinite, alpha > 0 else { return nil }
            if interval.bracketed && (alpha <= lower || alpha >= upper || upper - lower <= relativeWidthTolerance * upper) { return nil }
        }
        return nil
    }

    /// The minimizer of the cubic through (a, φ_a, φ′_a) and (b, φ_b, φ′_b) (N&W eq. 3.59), kept at
    /// least 10% of the interval away from either end; bisection when the cubic has no usable minimizer.
    private func interpolate(_ a: Trial, _ b: Trial) -> Double {
        let low = Swift.min(a.alpha, b.alpha), high = Swift.max(a.alpha, b.alpha)
        let margin = 0.1 * (high - low)
        let midpoint = 0.5 * (low + high)
        guard a.phi.isFinite, b.phi.isFinite, a.slope.isFinite, b.slope.isFinite else { return midpoint }
        let d1 = a.slope + b.slope - 3 * (a.phi - b.phi) / (a.alpha - b.alpha)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return midpoint }
        let d2 = (b.alpha > a.alpha ? 1.0 : -1.0) * radicand.squareRoot()
        let alpha = b.alpha - (b.alpha - a.alpha) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
        guard alpha.isFinite, alpha >= low + margin, alpha <= high - margin else { return midpoint }
        return alpha
    }
}
