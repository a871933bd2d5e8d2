import DescentCore

/// Hager and Zhang's line search (CG_DESCENT): it accepts a step satisfying either the Wolfe conditions
/// φ(α) − φ(0) ≤ δαφ′(0) and φ′(α) ≥ σφ′(0), or the approximate Wolfe conditions
/// (2δ − 1)φ′(0) ≥ φ′(α) ≥ σφ′(0) with φ(α) ≤ φ(0) + ε_k, where φ(α) = f(x + αd) and ε_k = ε|f(x)|.
///
/// The approximate conditions test only derivatives, which stay accurate near a minimizer where the
/// decrease φ(α) − φ(0) drowns in rounding (the Armijo test is then noise of order ε_mach|f|).
/// The search brackets a point with φ′ ≥ 0 by expanding c ← ρc (procedure "bracket"), then shrinks
/// the bracket [a, b] by a double secant step (secant²: c = (aφ′(b) − bφ′(a))/(φ′(b) − φ′(a)) and a
/// second secant on the side that moved), with a bisection whenever an iteration keeps more than
/// γ of the interval; "update" keeps φ′(a) < 0 ≤ φ′(b) and φ(a) ≤ φ(0) + ε_k, bisecting when a trial
/// has φ′ < 0 but φ above that level. Every trial costs one value-and-gradient evaluation and is
/// tested at once, so the search stops at the first acceptable trial. Out of budget (or when the
/// bracket shrinks to rounding), the trial with the lowest value below φ(0) is accepted; with none,
/// the search fails.
///
/// `initialStep(…)` gives CG_DESCENT's first trial: ψ₀‖x₀‖∞/‖g₀‖∞ on the first iteration (I0), the
/// minimizer of the quadratic through φ(0), φ′(0) and φ(ψ₁α_{k−1}) when that quadratic is convex and
/// φ(ψ₁α_{k−1}) ≤ φ(0) (QuadStep, I1), else ψ₂α_{k−1} (I2).
///
/// Reference: W. W. Hager and H. Zhang, "A new conjugate gradient method with guaranteed descent and an
/// efficient line search", SIAM J. Optim. 16(1), 2005, §4; "Algorithm 851: CG_DESCENT", ACM TOMS 32(1), 2006.
public struct ApproximateWolfeLineSearch: LineSearch {
    /// δ ∈ (0, ½): the Wolfe sufficient-decrease constant (default 0.1).
    public var sufficientDecrease: Double
    /// σ ∈ [δ, 1): the curvature constant (default 0.9).
    public var curvature: Double
    /// ε: the tolerated relative increase of f in the approximate Wolfe test (default 1e-6).
    public var errorTolerance: Double
    /// γ ∈ (0, 1): bisect when a secant² step keeps more than this fraction of the bracket (default 0.66).
    public var shrinkage: Double
    /// ρ > 1: the expansion factor while bracketing (default 5).
    public var expansion: Double
    /// ψ₀: the first trial step's scale, ψ₀‖x₀‖∞/‖g₀‖∞ (default 0.01).
    public var firstStepScale: Double
    /// ψ₁: the QuadStep probe at ψ₁α_{k−1} (default 0.1).
    public var quadraticProbe: Double
    /// ψ₂: the trial ψ₂α_{k−1} when QuadStep does not apply (default 2).
    public var stepGrowth: Double
    /// The most trial points per search (default 50).
    public var maxEvaluations: Int

    /// CG_DESCENT's line search with its published constants unless given.
    public init(sufficientDecrease: Double = 0.1, curvature: Double = 0.9, errorTolerance: Double = 1e-6,
                shrinkage: Double = 0.66, expansion: Double = 5, firstStepScale: Double = 0.01,
                quadraticProbe: Double = 0.1, stepGrowth: Double = 2, maxEvaluations: Int = 50) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < 0.5 && curvature >= sufficientDecrease && curvature < 1,
                     "ApproximateWolfeLineSearch: need 0 < δ < 1/2 and δ ≤ σ < 1, got δ = \(sufficientDecrease), σ = \(curvature)")
        precondition(errorTolerance >= 0 && shrinkage > 0 && shrinkage < 1 && expansion > 1,
                     "ApproximateWolfeLineSearch: need ε ≥ 0, 0 < γ < 1, ρ > 1, got ε = \(errorTolerance), γ = \(shrinkage), ρ = \(expansion)")
        precondition(firstStepScale > 0 && quadraticProbe > 0 && stepGrowth > 0 && maxEvaluations >= 1,
                     "ApproximateWolfeLineSearch: ψ₀, ψ₁, ψ₂ must be positive and maxEvaluations ≥ 1")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.errorTolerance = errorTolerance
        self.shrinkage = shrinkage
        self.expansion = expansion
        self.firstStepScale = firstStepScale
        self.quadraticProbe = quadraticProbe
        self.stepGrowth = stepGrowth
        self.maxEvaluations = maxEvaluations
    }

    /// The name shown in results and traces.
    public var name: String { "approximate Wolfe line search" }

    private typealias Trial = LineSearchTrial

    /// Thrown by a trial that passes the (approximate) Wolfe test, ending the search at once.
    private struct Accepted: Error { var trial: Trial }
    /// Thrown when the budget is spent or the bracket has shrunk to rounding.
    private struct Exhausted: Error {}

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        let d = direction.flattened
        let phi0 = current.value
        let slope0 = dot(current.gradient.flattened, d)
        guard slope0 < 0, initialStep > 0, initialStep.isFinite else { return nil }
        let level = phi0 + errorTolerance * Swift.abs(phi0)
        let origin = Trial(alpha: 0, phi: phi0, slope: slope0, iterate: current)
        var evaluations = 0
        var lowest: Trial? = nil

        func accepts(_ t: Trial) -> Bool {
            guard t.phi.isFinite, t.slope.isFinite, t.slope >= curvature * slope0 else { return false }
            let wolfe = t.phi - phi0 <= sufficientDecrease * t.alpha * slope0
            let approximate = t.slope <= (2 * sufficientDecrease - 1) * slope0 && t.phi <= level
            return wolfe || approximate
        }
        func trial(_ alpha: Double) throws -> Trial {
            guard evaluations < maxEvaluations, alpha.isFinite, alpha > 0 else { throw Exhausted() }
            evaluations += 1
            let result = evaluateStep(problem, current, direction, alpha)
            let phi = result.iterate.value
            let slope = result.iterate.gradient.isFinite ? dot(result.iterate.gradient.flattened, d) : .nan
            let t = Trial(alpha: alpha, phi: phi.isNaN ? .infinity : phi, slope: slope, iterate: result.iterate)
            if t.phi < phi0, t.slope.isFinite, lowest == nil || t.phi < lowest!.phi { lowest = t }
            if accepts(t) { throw Accepted(trial: t) }
            return t
        }
        // A trial below the level with φ′ < 0 can be a bracket's left end; NaN slopes count as "not rising".
        func low(_ t: Trial) -> Bool { t.phi <= level && t.slope.isFinite }
        func rising(_ t: Trial) -> Bool { t.slope >= 0 }

        // U3: bisect [a, b], where φ′(b) < 0 but φ(b) is above the level, until φ′ ≥ 0 at the right end.
        func bisect(_ a0: Trial, _ b0: Trial) throws -> (Trial, Trial) {
            var a = a0, b = b0
            while true {
                guard b.alpha - a.alpha > 4 * .ulpOfOne * b.alpha else { throw Exhausted() }
                let c = try trial(0.5 * (a.alpha + b.alpha))
                if rising(c) { return (a, c) }
                if low(c) { a = c } else { b = c }
            }
        }
        // "update": shrink [a, b] with a trial at c when c lies strictly inside.
        func update(_ a: Trial, _ b: Trial, _ c: Double) throws -> (Trial, Trial) {
            guard c > a.alpha && c < b.alpha else { return (a, b) }
            let t = try trial(c)
            if rising(t) { return (a, t) }
            if low(t) { return (t, b) }
            return try bisect(a, t)
        }
        func secant(_ a: Trial, _ b: Trial) -> Double {
            (a.alpha * b.slope - b.alpha * a.slope) / (b.slope - a.slope)
        }
        func secant2(_ a: Trial, _ b: Trial) throws -> (Trial, Trial) {
            let c = secant(a, b)
            let (lo, hi) = try update(a, b, c)
            if c == hi.alpha { return try update(lo, hi, secant(b, hi)) }
            if c == lo.alpha { return try update(lo, hi, secant(a, lo)) }
            return (lo, hi)
        }
        // "bracket": expand from c until φ′ ≥ 0 (then [last low trial, c]) or φ rises above the level.
        func bracket(_ start: Double) throws -> (Trial, Trial) {
            var lastLow = origin
            var c = start
            while true {
                let t = try trial(c)
                if rising(t) { return (lastLow, t) }
                if !low(t) { return try bisect(origin, t) }
                lastLow = t
                c *= expansion
            }
        }

        do {
            var (a, b) = try bracket(initialStep)
            while true {
                let width = b.alpha - a.alpha
                var (lo, hi) = try secant2(a, b)
                if hi.alpha - lo.alpha > shrinkage * width { (lo, hi) = try update(lo, hi, 0.5 * (lo.alpha + hi.alpha)) }
                guard hi.alpha - lo.alpha > 4 * .ulpOfOne * hi.alpha else { break }
                (a, b) = (lo, hi)
            }
        } catch let found as Accepted {
            return LineSearchResult(step: found.trial.alpha, iterate: found.trial.iterate)
        } catch {}
        return lowest.map { LineSearchResult(step: $0.alpha, iterate: $0.iterate) }
    }

    /// CG_DESCENT's first trial step α₀ along d from x (I0–I2 in the type's documentation).
    ///
    /// - Parameters:
    ///   - problem: the objective, counting evaluations.
    ///   - current: x with f(x) and ∇f(x).
    ///   - direction: the descent direction d.
    ///   - previousStep: α_{k−1}, or `nil` on the first iteration (then I0: ψ₀‖x‖∞/‖g‖∞, or
    ///     ψ₀|f|/‖g‖₂² when x = 0, or 1 when f = 0 too).
    /// - Returns: the step; QuadStep costs one value evaluation at ψ₁α_{k−1}.
    public func initialStep(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                            previousStep: Double?) -> Double {
        guard let previous = previousStep, previous > 0, previous.isFinite else {
            let xNorm = current.x.norm(.infinity), gNorm = current.gradient.norm(.infinity)
            if xNorm > 0 && gNorm > 0 { return firstStepScale * xNorm / gNorm }
            let g2 = current.gradient.squaredNorm()
            if current.value != 0 && g2 > 0 { return firstStepScale * Swift.abs(current.value) / g2 }
            return 1
        }
        let slope0 = dot(current.gradient.flattened, direction.flattened)
        let probe = quadraticProbe * previous
        let value = problem.value(current.moved(by: probe, along: direction))
        if value.isFinite && value <= current.value {
            // φ(α) ≈ φ(0) + φ′(0)α + qα², with q from the probe; its minimizer when q > 0.
            let q = (value - current.value - slope0 * probe) / (probe * probe)
            if q > 0 {
                let step = -slope0 / (2 * q)
                if step.isFinite && step > 0 { return step }
            }
        }
        return stepGrowth * previous
    }
}
