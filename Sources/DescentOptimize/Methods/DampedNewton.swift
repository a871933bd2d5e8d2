import DescentCore

/// Damped (regularized) Newton: d = −(∇²f + λI)⁻¹∇f with a fixed damping λ ≥ 0, then a line search.
///
/// λ trades Newton's speed (λ → 0) for gradient descent's robustness (λ → ∞, d ≈ −∇f/λ). When
/// ∇²f + λI is not positive definite, λ is doubled for that step until Cholesky succeeds (so d is
/// always a descent direction). Needs `Objective.hessian`. Cost: O(n³/3) per iteration.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2006, §3.4; K. Levenberg, Q. Appl. Math. 2, 1944.
public struct DampedNewton<Search: LineSearch>: OptimizationMethod {
    /// The damping λ.
    public var damping: Double
    /// The line search.
    public var lineSearch: Search

    /// Damped Newton with damping λ and a line search.
    public init(damping: Double, lineSearch: Search) {
        precondition(damping >= 0 && damping.isFinite, "DampedNewton: damping must be finite and non-negative, got \(damping)")
        self.damping = damping
        self.lineSearch = lineSearch
    }

    public var name: String { "damped Newton (lambda \(damping))" }

    /// Damped Newton keeps no memory between steps.
    public struct State {}

    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.hessian != nil else { throw OptimizationError.missingDerivative(method: name, needs: "a Hessian") }
        return State()
    }

    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        guard let h = problem.hessian(current.x),
              let (d, _) = shiftedCholeskySolve(h, -current.gradient.flattened, initialShift: damping),
              let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: 1, iteration: iteration) else { return .failed }
        return .moved(found.iterate)
    }
}

extension DampedNewton where Search == BacktrackingLineSearch {
    /// Damped Newton with Armijo backtracking from α = 1.
    public init(damping: Double) { self.init(damping: damping, lineSearch: BacktrackingLineSearch()) }
}
