import DescentCore

/// A gradient transformation with its state type erased to `Any`, so that transformations of
/// different kinds can be chained, stored in one variable, or chosen at run time (the CLI's
/// `--method adam`). The state is still an explicit value, passed in and returned.
///
/// Erasing costs one dynamic cast per step, independent of the number of parameters.
public struct AnyGradientTransformation: GradientTransformation {
    public typealias State = Any

    private let initializeBody: (Tensor) -> Any
    private let updateBody: (Tensor, Any, Tensor) -> (Tensor, Any)
    private let updateInPlaceBody: (Tensor, inout Any, Tensor) -> Tensor
    private let applyUpdateBody: (Tensor, inout Any, inout Tensor, Double) -> Void

    /// The factor s when the wrapped transformation is a constant `Scale` (u = s·g, no state),
    /// so that `Chain` can fold it into the preceding member's fused step.
    public let constantFactor: Double?

    /// Wraps `base`, forwarding to its `initialize`, `update` and `updateInPlace`.
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
            let update = base.updateInPlace(gradient, state: &typed, params: params)
            state = typed
            return update
        }
        applyUpdateBody = { gradient, state, params, factor in
            var typed = AnyGradientTransformation.cast(state, Base.self)
            state = EmptyState()
            base.applyUpdate(gradient, state: &typed, to: &params, scaledBy: factor)
            state = typed
        }
        constantFactor = (base as? Scale)?.factor
    }

    public func initialize(_ params: Tensor) -> Any { initializeBody(params) }

    public func update(_ gradient: Tensor, state: Any, params: Tensor) -> (update: Tensor, state: Any) {
        updateBody(gradient, state, params)
    }

    public func updateInPlace(_ gradient: Tensor, state: inout Any, params: Tensor) -> Tensor {
        updateInPlaceBody(gradient, &state, params)
    }

    /// Forwards to the wrapped transformation's `applyUpdate`.
    public func applyUpdate(_ gradient: Tensor, state: inout Any, to params: inout Tensor, scaledBy factor: Double) {
        applyUpdateBody(gradient, &state, &params, factor)
    }

    private static func cast<Base: GradientTransformation>(_ state: Any, _: Base.Type) -> Base.State {
        guard let typed = state as? Base.State else {
            preconditionFailure("AnyGradientTransformation: state of type \(type(of: state)) passed to \(Base.self), which expects \(Base.State.self)")
        }
        return typed
    }
}
