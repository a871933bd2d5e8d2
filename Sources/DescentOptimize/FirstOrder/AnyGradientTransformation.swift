import DescentCore

/// A gradient transformation with its state type erased to `Any`: an explicit opt-in, for
/// storing optimizers of different kinds in one variable or array, or choosing one at run time.
/// It computes exactly what the wrapped transformation computes (u = base(g)), and its state is
/// still an explicit value, passed in and returned.
///
/// Recipes, `chain` and the wrappers (`lookahead`, `sharpnessAware`) never erase: they return
/// concrete types whose `State` is a typed struct. Erase only where different kinds must share a
/// type, e.g. `let optimizers: [AnyGradientTransformation] = [adam(...).eraseToAnyGradientTransformation(), …]`;
/// the price is a dynamic cast per step (independent of the number of parameters) and a state
/// whose fields can be read only after casting it back to the wrapped `State`.
public struct AnyGradientTransformation: GradientTransformation {
    /// The wrapped transformation's state, as `Any`.
    public typealias State = Any

    private let initializeBody: (Tensor) -> Any
    private let updateBody: (Tensor, Any, Tensor) -> (Tensor, Any)
    private let updateInPlaceBody: (Tensor, inout Any, Tensor) -> Tensor
    private let applyUpdateBody: (Tensor, inout Any, inout Tensor, Double) -> Void
    private let scalarFactorBody: (Any) -> (Double, Any)?

    /// Wraps `base`; wrapping an `AnyGradientTransformation` again returns it unchanged.
    public init<Base: GradientTransformation>(_ base: Base) {
        if let already = base as? AnyGradientTransformation {
            self = already
            return
        }
        initializeBody = { base.initialize($0) }
        updateBody = { gradient, state, params in
            let (update, next) = base.update(gradient, state: AnyGradientTransformation.cast(state, Base.self), params: params)
            return (update, next)
        }
        updateInPlaceBody = { gradient, state, params in
            var typed = AnyGradientTransformation.cast(state, Base.self)
            // Drop the existential's reference so `typed` owns its buffers uniquely.
            state = EmptyState()
            let update = base._updateInPlace(gradient, state: &typed, params: params)
            state = typed
            return update
        }
        applyUpdateBody = { gradient, state, params, factor in
            var typed = AnyGradientTransformation.cast(state, Base.self)
            state = EmptyState()
            base._applyUpdate(gradient, state: &typed, to: &params, scaledBy: factor)
            state = typed
        }
        scalarFactorBody = { state in
            base._scalarFactor(state: AnyGradientTransformation.cast(state, Base.self)).map { ($0.factor, $0.state) }
        }
    }

    /// The wrapped transformation's initial state.
    public func initialize(_ params: Tensor) -> Any { initializeBody(params) }

    /// The wrapped transformation's update.
    /// - Precondition: `state` holds the wrapped transformation's `State`.
    public func update(_ gradient: Tensor, state: Any, params: Tensor) -> (update: Tensor, state: Any) {
        updateBody(gradient, state, params)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout Any, params: Tensor) -> Tensor {
        updateInPlaceBody(gradient, &state, params)
    }

    public func _applyUpdate(_ gradient: Tensor, state: inout Any, to params: inout Tensor, scaledBy factor: Double) {
        applyUpdateBody(gradient, &state, &params, factor)
    }

    public func _scalarFactor(state: Any) -> (factor: Double, state: Any)? {
        scalarFactorBody(state).map { (factor: $0.0, state: $0.1) }
    }

    private static func cast<Base: GradientTransformation>(_ state: Any, _: Base.Type) -> Base.State {
        guard let typed = state as? Base.State else {
            preconditionFailure("AnyGradientTransformation: state of type \(type(of: state)) passed to \(Base.self), which expects \(Base.State.self)")
        }
        return typed
    }
}
