import DescentCore

/// A step that shrinks with the iteration t: α_t = c/t or α_t = c/√t.
///
/// The Robbins–Monro conditions Σα_t = ∞, Σα_t² < ∞ hold for c/t; c/√t is the classical choice for
/// non-smooth and stochastic convex problems (O(1/√t) rate).
///
/// Reference: H. Robbins and S. Monro, "A stochastic approximation method", Ann. Math. Stat. 22, 1951;
/// S. Boyd, "Subgradient methods", Stanford EE364b notes, 2014.
public struct DiminishingStep: LineSearch {
    /// How the step decays with the iteration t ≥ 1.
    public enum Decay: String, Sendable {
        /// α_t = c/t.
        case inverse
        /// α_t = c/√t.
        case inverseSquareRoot
    }

    /// The scale c.
    public var scale: Double
    /// The decay law.
    public var decay: Decay

    /// α_t = c/t (`.inverse`) or c/√t (`.inverseSquareRoot`).
    public init(scale: Double, decay: Decay = .inverse) {
        requirePositiveStepSize(scale, "DiminishingStep: scale")
        self.scale = scale
        self.decay = decay
    }

    /// The name shown in results and traces.
    public var name: String { decay == .inverse ? "step \(scale)/t" : "step \(scale)/√t" }

    /// α_t for iteration t ≥ 1.
    public func step(at iteration: Int) -> Double {
        let t = Double(Swift.max(iteration, 1))
        return decay == .inverse ? scale / t : scale / t.squareRoot()
    }

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        evaluateStep(problem, current, direction, step(at: iteration))
    }
}
