import DescentCore

/// Rescales the update so that its Euclidean norm is at most C (optax.clip_by_global_norm):
/// u = g when ‖g‖ < C, else g·C/‖g‖ — that is, g·C/max(C, ‖g‖).
///
/// Reference: Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent neural
/// networks", ICML 2013.
/// - Complexity: O(n).
public struct ClipByGlobalNorm: GradientTransformation {
    /// The bound C > 0.
    public let maxNorm: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(maxNorm: Double) {
        precondition(maxNorm > 0, "clipByGlobalNorm(maxNorm:): the bound must be positive, got \(maxNorm)")
        self.maxNorm = maxNorm
    }

    public func initialize(_ params: Tensor) -> EmptyState { EmptyState() }

    public func update(_ gradient: Tensor, state: EmptyState, params: Tensor) -> (update: Tensor, state: EmptyState) {
        let norm = gradient.norm(.two)
        // A NaN norm fails `norm < maxNorm` and propagates NaN, as optax does, so divergence stays visible.
        if norm < maxNorm { return (gradient, state) }
        let c = maxNorm
        return (gradient.map { ($0 / norm) * c }, state)
    }
}

/// Clipping by global norm (optax.clip_by_global_norm); see `ClipByGlobalNorm`.
public func clipByGlobalNorm(maxNorm: Double) -> ClipByGlobalNorm { ClipByGlobalNorm(maxNorm: maxNorm) }
