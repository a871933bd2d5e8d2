import DescentCore

/// A first-order gradient transformation (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW,
/// Lion, …) run by the deterministic `minimize` driver on the full gradient: x_{k+1} = x_k + u_k with
/// (u_k, state) = transformation.update(∇f(x_k), state, x_k).
///
/// No line search: the transformation's learning rate (or schedule) sets the step, exactly as in
/// optax. The driver contributes what the transformation lacks — stopping rules, divergence and NaN
/// detection, the best point, trace and callbacks. Cost: one value-and-gradient evaluation per
/// iteration plus the transformation's O(n) update.
///
/// Reference: Babuschkin et al., "The DeepMind JAX Ecosystem", 2020 (optax); Optim.jl's first-order
/// methods driven by `optimize`.
public struct TransformationDescent<Transformation: GradientTransformation>: OptimizationMethod {
    /// The gradient transformation (e.g. `adam(learningRate: 0.01)`).
    public var transformation: Transformation
    /// The name shown in results.
    public var name: String

    /// Drives `transformation` on the full gradient; `name` labels the result (e.g. "adam").
    public init(_ transformation: Transformation, name: String = "gradient transformation") {
        self.transformation = transformation
        self.name = name
    }

    /// The transformation's state (moments, step count, …).
    public struct State { var inner: Transformation.State }

    /// The transformation's initial state at x₀.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(inner: transformation.initialize(start.x))
    }

    /// One transformation update from the gradient at x_k, then value and gradient at x_{k+1}.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        var x = current.x
        transformation.step(&x, gradient: current.gradient, state: &state.inner)
        let (f, g) = problem.valueAndGradient(x)
        return .moved(Iterate(x: x, value: f, gradient: g))
    }
}
