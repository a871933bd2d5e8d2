import DescentCore

/// Momentum (Polyak's heavy ball), optionally Nesterov's (optax.trace):
/// m ← g + β·m;  u = m, or u = g + β·m with `nesterov`.
///
/// `chain(trace(decay: β), scaleByLearningRate(η))` is SGD with momentum θ ← θ − η·m.
/// References: Polyak, "Some methods of speeding up the convergence of iteration methods" (1964);
/// Sutskever et al., "On the importance of initialization and momentum in deep learning" (2013).
/// - Complexity: O(n) time, n extra memory.
public struct Trace: GradientTransformation {
    /// The momentum state: the accumulated velocity m.
    public struct State: Equatable, Sendable {
        /// The velocity m.
        public var trace: Tensor
    }

    /// The momentum coefficient β (typically 0.9).
    public let decay: Double
    /// Whether to return Nesterov's look-ahead g + β·m instead of m.
    public let nesterov: Bool

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(decay: Double, nesterov: Bool = false) {
        self.decay = decay
        self.nesterov = nesterov
    }

    public func initialize(_ params: Tensor) -> State { State(trace: .zeros(params.shape)) }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        let beta = decay
        let trace = gradient.zipMap(state.trace) { g, t in g + beta * t }
        let update = nesterov ? gradient.zipMap(trace) { g, t in g + beta * t } : trace
        return (update, State(trace: trace))
    }
}

/// Momentum m ← g + β·m (optax.trace); see `Trace`.
public func trace(decay: Double, nesterov: Bool = false) -> Trace { Trace(decay: decay, nesterov: nesterov) }
