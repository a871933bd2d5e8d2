import DescentCore

/// Adadelta's unit-correcting scaling (optax.scale_by_adadelta):
///
///     E[g²] ← ρ·E[g²] + (1 − ρ)·g²
///     u = √(E[Δ²] + ε) / √(E[g²] + ε) · g
///     E[Δ²] ← ρ·E[Δ²] + (1 − ρ)·u²
///
/// Reference: Zeiler, "ADADELTA: an adaptive learning rate method" (2012), Algorithm 1.
/// - Complexity: O(n) time, 2n extra memory.
public struct ScaleByAdadelta: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// E[g²], moving average of squared gradients.
        public var squaredGradients: Tensor
        /// E[Δ²], moving average of squared updates.
        public var squaredUpdates: Tensor
    }

    /// Hyperparameter of the formula above.
    public let rho: Double, epsilon: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(rho: Double = 0.9, epsilon: Double = 1e-6) {
        self.rho = rho; self.epsilon = epsilon
    }

    public func initialize(_ params: Tensor) -> State {
        State(squaredGradients: .zeros(params.shape), squaredUpdates: .zeros(params.shape))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.squaredGradients, "scaleByAdadelta")
        let r = rho, eps = epsilon
        let eg = gradient.zipMap(state.squaredGradients) { g, e in (1 - r) * (g * g) + r * e }
        let (gs, egs, exs) = (gradient.scalars, eg.scalars, state.squaredUpdates.scalars)
        let update = elementwise(gradient.shape) { i in
            ((exs[i] + eps).squareRoot() / (egs[i] + eps).squareRoot()) * gs[i]
        }
        let ex = update.zipMap(state.squaredUpdates) { u, e in (1 - r) * (u * u) + r * e }
        return (update, State(squaredGradients: eg, squaredUpdates: ex))
    }
}

/// Adadelta scaling (optax.scale_by_adadelta); see `ScaleByAdadelta`.
public func scaleByAdadelta(rho: Double = 0.9, epsilon: Double = 1e-6) -> ScaleByAdadelta {
    ScaleByAdadelta(rho: rho, epsilon: epsilon)
}
