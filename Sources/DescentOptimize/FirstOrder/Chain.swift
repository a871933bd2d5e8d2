import DescentCore

/// Two transformations applied one after the other, the second to the first one's output
/// (optax.chain): u = second(first(g)).
///
/// The state is typed: `State.first` and `State.second` are the members' own states. Longer
/// chains nest to the right, so `chain(a, b, c)` is `Chain<A, Chain<B, C>>` and its state is
/// `(first: a's, second: (first: b's, second: c's))`.
/// Example: `chain(scaleByAdam(), scaleByLearningRate(1e-3))` is Adam; its state's `first` is the
/// `AdamState` (count, m, v) and its `second` the learning rate's step count.
///
/// `step` runs both members in place; when the second member is a scale (constant or
/// scheduled), its factor is folded into the first member's fused pass, so Adam's step is one
/// pass over θ, g, m and v.
/// - Complexity: the sum of the members' costs.
public struct Chain<First: GradientTransformation, Second: GradientTransformation>: GradientTransformation {
    /// The members' states, in chain order.
    public struct State {
        /// The first member's state.
        public var first: First.State
        /// The second member's state.
        public var second: Second.State

        /// The chain state made of the two members' states.
        public init(first: First.State, second: Second.State) {
            self.first = first
            self.second = second
        }
    }

    /// The member applied first, to the gradient.
    public let first: First
    /// The member applied second, to the first one's update.
    public let second: Second

    /// `second` applied after `first`.
    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    public func initialize(_ params: Tensor) -> State {
        State(first: first.initialize(params), second: second.initialize(params))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        let (inner, firstState) = first.update(gradient, state: state.first, params: params)
        let (outer, secondState) = second.update(inner, state: state.second, params: params)
        return (outer, State(first: firstState, second: secondState))
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor {
        let inner = first._updateInPlace(gradient, state: &state.first, params: params)
        return second._updateInPlace(inner, state: &state.second, params: params)
    }

    /// θ ← θ + factor·u. When the second member is a scalar scale s and no factor is pending
    /// (factor = 1, so θ + u·s rounds as the functional path does), s is folded into the first
    /// member's own pass (Adam's fused step); otherwise the first member updates in place and the
    /// second applies.
    public func _applyUpdate(_ gradient: Tensor, state: inout State, to params: inout Tensor, scaledBy factor: Double) {
        if factor == 1, let folded = second._scalarFactor(state: state.second) {
            state.second = folded.state
            first._applyUpdate(gradient, state: &state.first, to: &params, scaledBy: folded.factor)
        } else {
            let inner = first._updateInPlace(gradient, state: &state.first, params: params)
            second._applyUpdate(inner, state: &state.second, to: &params, scaledBy: factor)
        }
    }
}

extension Chain.State: Equatable where First.State: Equatable, Second.State: Equatable {}
extension Chain.State: Sendable where First.State: Sendable, Second.State: Sendable {}

/// The empty chain: the identity, u = g (optax.chain()).
public func chain() -> Identity { Identity() }

/// `b` after `a` (optax.chain): u = b(a(g)); see `Chain`.
/// - Complexity: the sum of the members' costs.
public func chain<A: GradientTransformation, B: GradientTransformation>(_ a: A, _ b: B) -> Chain<A, B> {
    Chain(a, b)
}

/// `a`, then `b`, then `c` (optax.chain): u = c(b(a(g))), nested as `Chain<A, Chain<B, C>>`.
public func chain<A: GradientTransformation, B: GradientTransformation, C: GradientTransformation>(
    _ a: A, _ b: B, _ c: C
) -> Chain<A, Chain<B, C>> {
    Chain(a, Chain(b, c))
}

/// `a`, `b`, `c`, then `d` (optax.chain): u = d(c(b(a(g)))), nested to the right.
public func chain<A: GradientTransformation, B: GradientTransformation, C: GradientTransformation, D: GradientTransformation>(
    _ a: A, _ b: B, _ c: C, _ d: D
) -> Chain<A, Chain<B, Chain<C, D>>> {
    Chain(a, chain(b, c, d))
}

/// `a`, `b`, `c`, `d`, then `e` (optax.chain): u = e(d(c(b(a(g))))), nested to the right.
public func chain<A: GradientTransformation, B: GradientTransformation, C: GradientTransformation, D: GradientTransformation,
                  E: GradientTransformation>(
    _ a: A, _ b: B, _ c: C, _ d: D, _ e: E
) -> Chain<A, Chain<B, Chain<C, Chain<D, E>>>> {
    Chain(a, chain(b, c, d, e))
}
