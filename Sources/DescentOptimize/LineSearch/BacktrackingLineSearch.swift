import DescentCore

/// Armijo backtracking: try α₀, α₀ρ, α₀ρ², … until f(x + αd) ≤ f(x) + c₁ α ∇f(x)ᵀd.
///
/// Only function values at trial points (the gradient is evaluated once, at the accepted point).
/// Returns `nil` when d is not a descent direction or `maxSteps` halvings did not reach sufficient
/// decrease. NaN or infinite trial values count as too large, so it backs off from overflow.
///
/// Reference: L. Armijo, "Minimization of functions having Lipschitz continuous first partial
/// derivatives", Pacific J. Math. 16(1), 1966; Nocedal and Wright, 2006, Alg. 3.1.
public struct BacktrackingLineSearch: LineSearch {
    /// The sufficient-decrease constant c₁ (default 1e-4).
    public var sufficientDecrease: Double
    /// The contraction factor ρ ∈ (0, 1) (default 0.5).
    public var contraction: Double
    /// The most trial steps before giving up (default 60, down to α₀·2⁻⁶⁰).
    public var maxSteps: Int

    /// Armijo backtracking with c₁ = 1e-4 and ρ = 0.5 unless given.
    public init(sufficientDecrease: Double = 1e-4, contraction: Double = 0.5, maxSteps: Int = 60) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < 1, "BacktrackingLineSearch: c1 must be in (0, 1), got \(sufficientDecrease)")
        precondition(contraction > 0 && contraction < 1, "BacktrackingLineSearch: rho must be in (0, 1), got \(contraction)")
        self.sufficientDecrease = sufficientDecrease
        self.contraction = contraction
        self.maxSteps = maxSteps
    }

    /// The name shown in results and traces.
    public var name: String { "Armijo backtracking" }

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        let slope = dot(current.gradient.flattened, direction.flattened)
        guard slope < 0, initialStep > 0 else { return nil }
        var alpha = initialStep
        for _ in 0..<maxSteps {
            let x = current.moved(by: alpha, along: direction)
            // With only a combined closure a value costs a gradient anyway: keep it rather than pay twice.
            if problem.objective.valueAlsoComputesGradient {
                let (f, g) = problem.valueAndGradient(x)
                if f <= current.value + sufficientDecrease * alpha * slope {
                    return LineSearchResult(step: alpha, iterate: Iterate(x: x, value: f, gradient: g))
                }
            } else {
                let f = problem.value(x)
                if f <= current.value + sufficientDecrease * alpha * slope {
                    return LineSearchResult(step: alpha, iterate: Iterate(x: x, value: f, gradient: problem.gradient(x)))
                }
            }
            alpha *= contraction
        }
        return nil
    }
}
