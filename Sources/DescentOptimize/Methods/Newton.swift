import DescentCore

/// Newton's method with Hessian modification: d = −(∇²f + τI)⁻¹∇f with the smallest τ of
/// N&W Alg. 3.3's sequence that makes ∇²f + τI positive definite (τ = 0 near a strict minimizer,
/// giving quadratic convergence), followed by a line search trying α = 1.
///
/// Needs `Objective.hessian`. Cost: one Hessian and an O(n³/3) Cholesky (or more when shifting)
/// per iteration.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, §3.4, Alg. 3.2 and 3.3.
public struct Newton<Search: LineSearch>: OptimizationMethod {
    /// The line search (default Armijo backtracking from α = 1).
    public var lineSearch: Search

    /// Modified Newton with the given line search.
    public init(lineSearch: Search) { self.lineSearch = lineSearch }

    public var name: String { "Newton" }

    /// Newton keeps no memory between steps.
    public struct State {}

    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.hessian != nil else { throw OptimizationError.missingDerivative(method: name, needs: "a Hessian") }
        return State()
    }

    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        guard let h = problem.hessian(current.x),
              let (d, _) = shiftedCholeskySolve(h, -current.gradient.flattened, initialShift: initialNewtonShift(h)),
              let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: 1, iteration: iteration) else { return .failed }
        return .moved(found.iterate)
    }
}

extension Newton where Search == BacktrackingLineSearch {
    /// Modified Newton with Armijo backtracking from α = 1.
    public init() { self.init(lineSearch: BacktrackingLineSearch()) }
}
