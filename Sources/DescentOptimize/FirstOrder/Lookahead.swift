import DescentCore

/// Lookahead (optax.lookahead): an inner ("fast") optimizer takes k steps, then the slow weights
/// move a fraction α towards the fast weights and the fast weights restart from there.
///
///     fast step:  θ_f ← θ_f + u
///     every k-th step:  φ ← φ + α(θ_f − φ),  θ_f ← φ
///
/// The parameters passed to `update` are the fast weights θ_f; the slow weights φ live in the
/// state (`State.slow`) and are the ones to evaluate or deploy. On a sync step the returned
/// update moves θ_f straight to the new φ (optax's fast update u − (1 − α)(θ_f + u − φ)).
///
/// Reference: Zhang, Lucas, Hinton & Ba, "Lookahead optimizer: k steps forward, 1 step back",
/// NeurIPS 2019.
/// - Complexity: the inner optimizer's cost plus O(n); n extra memory for φ.
public struct Lookahead<Inner: GradientTransformation>: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State {
        /// The inner optimizer's state.
        public var fast: Inner.State
        /// The slow weights φ.
        public var slow: Tensor
        /// Steps since the last synchronization, in 0..<k.
        public var stepsSinceSync: Int
    }

    /// The wrapped optimizer.
    public let inner: Inner
    /// k ≥ 1: the number of fast steps per slow step.
    public let syncPeriod: Int
    /// α ∈ [0, 1]: how far the slow weights move towards the fast ones.
    public let slowStepSize: Double
    /// Whether to re-initialize the inner optimizer's state at each synchronization.
    public let resetState: Bool

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(_ inner: Inner, syncPeriod: Int, slowStepSize: Double, resetState: Bool = false) {
        precondition(syncPeriod >= 1, "lookahead: syncPeriod must be ≥ 1, got \(syncPeriod)")
        self.inner = inner; self.syncPeriod = syncPeriod; self.slowStepSize = slowStepSize; self.resetState = resetState
    }

    public func initialize(_ params: Tensor) -> State {
        State(fast: inner.initialize(params), slow: params, stepsSinceSync: 0)
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        var next = state
        let update = _updateInPlace(gradient, state: &next, params: params)
        return (update, next)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor {
        precondition(params.shape == state.slow.shape,
                     "lookahead: params shape \(params.shape) does not match slow weights shape \(state.slow.shape)")
        var update = inner._updateInPlace(gradient, state: &state.fast, params: params)
        if state.stepsSinceSync == syncPeriod - 1 {
            let alpha = slowStepSize
            let (fs, us, ss) = (params.scalars, update.scalars, state.slow.scalars)
            let difference = elementwise(params.shape) { i in fs[i] + us[i] - ss[i] }
            let ds = difference.scalars
            update = elementwise(params.shape) { i in us[i] - (1 - alpha) * ds[i] }
            state.slow = elementwise(params.shape) { i in ss[i] + alpha * ds[i] }
            if resetState { state.fast = inner.initialize(params) }
        }
        state.stepsSinceSync = (state.stepsSinceSync + 1) % syncPeriod
        return update
    }
}

extension Lookahead.State: Equatable where Inner.State: Equatable {}
extension Lookahead.State: Sendable where Inner.State: Sendable {}

/// Wraps `inner` in Lookahead (optax.lookahead); see `Lookahead`.
/// - Parameters:
///   - inner: the fast optimizer.
///   - syncPeriod: k, fast steps per slow step (paper: 5 or 10).
///   - slowStepSize: α (paper: 0.5).
///   - resetState: whether the fast optimizer's state restarts at every synchronization.
public func lookahead<Inner: GradientTransformation>(_ inner: Inner, syncPeriod: Int, slowStepSize: Double,
                                                     resetState: Bool = false) -> Lookahead<Inner> {
    Lookahead(inner, syncPeriod: syncPeriod, slowStepSize: slowStepSize, resetState: resetState)
}
