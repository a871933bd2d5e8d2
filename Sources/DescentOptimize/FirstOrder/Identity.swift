import DescentCore

/// The transformation that returns the gradient unchanged: u = g (optax.identity).
public struct Identity: GradientTransformation {
    /// Creates the value.
    public init() {}

    public func initialize(_ params: Tensor) -> EmptyState { EmptyState() }

    public func update(_ gradient: Tensor, state: EmptyState, params: Tensor) -> (update: Tensor, state: EmptyState) {
        (gradient, state)
    }

    /// u = 1·g.
    public func _scalarFactor(state: EmptyState) -> (factor: Double, state: EmptyState)? { (1, state) }
}

/// An optional transformation is a link a recipe includes or leaves out at run time with a
/// typed state: `nil` is the identity u = g with state `nil`, and `.some(t)` is `t` with state
/// `t.initialize(θ)`. `sgd(learningRate:momentum:)` is `chain(momentum.map { trace(decay: $0) },
/// scaleByLearningRate(η))`, a `Chain<Trace?, ScaleByLearningRate>`.
extension Optional: GradientTransformation where Wrapped: GradientTransformation {
    public func initialize(_ params: Tensor) -> Wrapped.State? {
        self?.initialize(params)
    }

    /// u = g for `nil`, the wrapped transformation's update otherwise.
    /// - Precondition: `state` is `nil` exactly when the transformation is.
    public func update(_ gradient: Tensor, state: Wrapped.State?, params: Tensor) -> (update: Tensor, state: Wrapped.State?) {
        guard let wrapped = self else { return (gradient, state) }
        let (update, next) = wrapped.update(gradient, state: Self.unwrap(state), params: params)
        return (update, next)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout Wrapped.State?, params: Tensor) -> Tensor {
        guard let wrapped = self else { return gradient }
        var inner = Self.unwrap(state)
        state = nil  // keep the wrapped state's buffers uniquely referenced while it updates them
        defer { state = inner }
        return wrapped._updateInPlace(gradient, state: &inner, params: params)
    }

    public func _applyUpdate(_ gradient: Tensor, state: inout Wrapped.State?, to params: inout Tensor, scaledBy factor: Double) {
        guard let wrapped = self else { return addScaledInPlace(gradient, factor, to: &params) }
        var inner = Self.unwrap(state)
        state = nil
        wrapped._applyUpdate(gradient, state: &inner, to: &params, scaledBy: factor)
        state = inner
    }

    public func _scalarFactor(state: Wrapped.State?) -> (factor: Double, state: Wrapped.State?)? {
        guard let wrapped = self else { return (1, state) }
        return wrapped._scalarFactor(state: Self.unwrap(state)).map { ($0.factor, $0.state) }
    }

    private static func unwrap(_ state: Wrapped.State?) -> Wrapped.State {
        guard let state else {
            preconditionFailure("Optional<\(Wrapped.self)>: the state is nil but the transformation is not; initialize it with the same transformation")
        }
        return state
    }
}
