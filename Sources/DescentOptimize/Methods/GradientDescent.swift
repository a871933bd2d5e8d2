import DescentCore

/// Steepest descent: x_{k+1} = x_k − α_k ∇f(x_k), with α_k from any line search.
///
/// With `FixedStep(η)` this is plain gradient descent with learning rate η; with
/// `BacktrackingLineSearch()` (the default) it is globally convergent on smooth functions. The first
/// trial step of a backtracking search follows N&W eq. (3.60): α₀ = α_{k−1}‖g_{k−1}‖²/‖g_k‖²
/// (1 at the first iteration), so the search starts where the last one ended.
/// Cost per iteration: one gradient plus the line search's evaluations; O(n) memory.
///
/// Reference: A. Cauchy, 1847; Nocedal and Wright, *Numerical Optimization*, 2006, §3.1–3.3.
public struct GradientDescent<Search: LineSearch>: OptimizationMethod {
    /// The step-length rule.
    public var lineSearch: Search

    /// Gradient descent with the given line search.
    public init(lineSearch: Search) { self.lineSearch = lineSearch }

    /// The name shown in results and traces.
    public var name: String { "gradient descent, \(lineSearch.name)" }

    /// The previous step times the previous squared gradient norm (for the α₀ rule).
    public struct State { var previousDecrease: Double? }

    /// The state before the first step; throws `OptimizationError.missingDerivative` when the line
    /// search needs second-order information (`ExactLineSearch`) that the objective lacks.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        if lineSearch.needsSecondOrder && !problem.hasSecondOrder {
            throw OptimizationError.missingDerivative(method: name, needs: "a Hessian or Hessian-vector product")
        }
        return State(previousDecrease: nil)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g2 = current.gradient.squaredNorm()
        let initial = state.previousDecrease.map { $0 / g2 } ?? 1
        guard let found = lineSearch.search(problem: problem, from: current, direction: -current.gradient,
                                            initialStep: initial.isFinite && initial > 0 ? initial : 1, iteration: iteration) else { return .failed }
        state.previousDecrease = found.step * g2
        return .moved(found.iterate)
    }
}

extension GradientDescent where Search == BacktrackingLineSearch {
    /// Gradient descent with Armijo backtracking (c₁ = 1e-4, ρ = 0.5).
    public init() { self.init(lineSearch: BacktrackingLineSearch()) }
}
