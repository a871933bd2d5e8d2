import DescentCore

/// What one step of a method produced.
public enum StepOutcome: Sendable {
    /// The method moved to a new iterate (its value may be NaN or huge: the driver judges that).
    case moved(Iterate)
    /// The line search found no acceptable step; the driver stops with `.lineSearchFailed`.
    case failed
    /// The method cannot go on for the stated reason (a trust region that collapsed, a non-finite
    /// Hessian); the driver stops with that termination and the best point.
    case stopped(Termination)
}

/// A deterministic optimization method: it only knows how to start and how to take one step.
///
/// The `minimize` driver owns everything else (stopping rules, limits, best point, trace, callbacks),
/// so a new method is one file implementing `initialState` and `step`.
///
/// Reference: P. K. Mogensen and A. N. Riseth, "Optim: A mathematical optimization package for Julia",
/// JOSS 3(24), 2018 (the `initial_state`/`update_state!` split).
public protocol OptimizationMethod {
    /// The method's memory between steps (BFGS inverse Hessian, L-BFGS pairs, trust radius, …).
    associatedtype State
    /// A human-readable name for results and traces.
    var name: String { get }
    /// Evaluates the objective at a point. The default is `valueAndGradient`; composite (proximal)
    /// methods add the non-smooth term to the value.
    func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate
    /// The state before the first step. Throws `OptimizationError.missingDerivative` when the
    /// objective lacks what the method needs.
    func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State
    /// Takes one step from `current` (iteration `iteration` ≥ 1), updating `state`.
    func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome
    /// The first-order optimality measure at an iterate; default ‖∇f‖ in `norm`.
    func stationarity(of iterate: Iterate, state: State, norm: NormKind) -> Double
    /// Whether `minimize` escapes saddle points along negative curvature for this method unless
    /// `OptimizationOptions.escapeSaddles` says otherwise; default false, true for the methods that
    /// use curvature (Newton, trust region, Newton-CG).
    var escapesSaddlesByDefault: Bool { get }
    /// Whether the method minimizes the smooth objective f itself, so that ∇²f classifies its
    /// stationary points; default true, false for composite f + g (proximal) methods.
    var minimizesSmoothObjective: Bool { get }
    /// Why `state` cannot continue a run over `variables` unknowns (it was saved for another
    /// problem: L-BFGS pairs or a BFGS matrix of another size), or nil. `minimize(_:resumingFrom:…)`
    /// asks before the first step, so that a foreign state is an error rather than a shape
    /// precondition deep inside the step; the default accepts every state.
    func incompatibility(of state: State, variables: Int) -> String?
}

extension OptimizationMethod {
    /// Value and gradient at x (see `OptimizationMethod.evaluate`).
    public func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate {
        let (f, g) = problem.valueAndGradient(x)
        return Iterate(x: x, value: f, gradient: g)
    }

    /// The first-order optimality measure (see `OptimizationMethod.stationarity`).
    public func stationarity(of iterate: Iterate, state: State, norm: NormKind) -> Double {
        iterate.gradient.norm(norm)
    }

    /// False: only the methods that use curvature escape saddles unless asked.
    public var escapesSaddlesByDefault: Bool { false }

    /// True: the method minimizes f itself.
    public var minimizesSmoothObjective: Bool { true }

    /// Nil: a state without sizes fits every problem (see `OptimizationMethod.incompatibility(of:variables:)`).
    public func incompatibility(of state: State, variables: Int) -> String? { nil }
}
