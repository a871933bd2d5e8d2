import DescentCore

/// The transformation that returns the gradient unchanged (optax.identity).
public struct Identity: GradientTransformation {
    /// Creates the value.
    public init() {}
    public func initialize(_ params: Tensor) -> EmptyState { EmptyState() }
    public func update(_ gradient: Tensor, state: EmptyState, params: Tensor) -> (update: Tensor, state: EmptyState) {
        (gradient, state)
    }
}
