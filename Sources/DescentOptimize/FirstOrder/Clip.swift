import DescentCore

/// Clips every element of the update to [−δ, δ] (optax.clip): u = clamp(g, −δ, δ).
/// - Complexity: O(n).
public struct Clip: GradientTransformation {
    /// The bound δ ≥ 0.
    public let maxDelta: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(maxDelta: Double) {
        precondition(maxDelta >= 0, "clip(maxDelta:): the bound must be non-negative, got \(maxDelta)")
        self.maxDelta = maxDelta
    }

    public func initialize(_ params: Tensor) -> EmptyState { EmptyState() }

    public func update(_ gradient: Tensor, state: EmptyState, params: Tensor) -> (update: Tensor, state: EmptyState) {
        let delta = maxDelta
        return (gradient.map { min(max($0, -delta), delta) }, state)
    }
}

/// Clipping by value (optax.clip); see `Clip`.
public func clip(maxDelta: Double) -> Clip { Clip(maxDelta: maxDelta) }
