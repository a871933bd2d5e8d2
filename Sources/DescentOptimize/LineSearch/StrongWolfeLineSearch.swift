import DescentCore

/// A line search satisfying the strong Wolfe conditions
/// f(x + αd) ≤ f(x) + c₁ α ∇fᵀd and |∇f(x + αd)ᵀd| ≤ c₂ |∇fᵀd|,
/// by bracketing (Nocedal & Wright Alg. 3.5) and zooming with safeguarded cubic interpolation (Alg. 3.6).
///
/// Every trial evaluates value and gradient together (the curvature test needs φ′(α) = ∇f(x + αd)ᵀd).
/// Use c₂ = 0.9 for quasi-Newton and Newton methods, c₂ = 0.1 for nonlinear conjugate gradient.
/// When the trial budget runs out, the best trial with sufficient and strictly positive decrease is
/// accepted (the method then skips curvature-dependent updates as needed); with none, the search fails.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 3.5, 3.6 and eq. (3.59).
public struct StrongWolfeLineSearch: LineSearch {
    /// The sufficient-decrease constant c₁ (default 1e-4).
    public var sufficientDecrease: Double
    /// The curvature constant c₂ ∈ (c₁, 1) (default 0.9).
    public var curvature: Double
    /// The most trial points (value-and-gradient evaluations) per search (default 30).
    public var maxEvaluations: Int
    /// The largest step considered (default 1e10).
    public var maxStep: Double

    /// Strong Wolfe with c₁ = 1e-4 and c₂ = 0.9 unless given.
    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 30, maxStep: Double = 1e10) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < curvature && curvature < 1,
                     "StrongWolfeLineSearch: need 0 < c1 < c2 < 1, got c1 = \(sufficientDecrease), c2 = \(curvature)")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxEvaluations = maxEvaluations
        self.maxStep = maxStep
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
        var bestDecrease: Trial? = nil

        func trial(_ alpha: Double) -> Trial {
            evaluations += 1
            let result = evaluateStep(problem, current, direction, alpha)
            let phi = result.iterate.value
            let slope = result.iterate.gradient.isFinite ? dot(result.iterate.gradient.flattened, d) : .nan
            let t = Trial(alpha: alpha, phi: phi.isNaN ? .infinity : phi, slope: slope, iterate: result.iterate)
            // Fallback candidates must lower f strictly: at the rounding floor c₁α∇fᵀd vanishes next to f
            // and an unchanged f would pass the Armijo test, looping forever without progress.
            if sufficient(t), t.phi < phi0, bestDecrease == nil || t.phi < bestDecrease!.phi { bestDecrease = t }
            return t
        }
        func sufficient(_ t: Trial) -> Bool { t.phi <= phi0 + sufficientDecrease * t.alpha * slope0 }
        func curvatureHolds(_ t: Trial) -> Bool { t.slope.isFinite && Swift.abs(t.slope) <= -curvature * slope0 }
        func accept(_ t: Trial) -> LineSearchResult { LineSearchResult(step: t.alpha, iterate: t.iterate) }
        func fallback() -> LineSearchResult? { bestDecrease.map(accept) }

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
