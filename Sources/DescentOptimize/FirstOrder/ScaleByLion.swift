import DescentCore

/// Lion (evolved sign momentum), optax.scale_by_lion:
///
///     u = sign((1 − β₁)·g + β₁·m),   m ← β₂·m + (1 − β₂)·g
///
/// Reference: Chen et al., "Symbolic discovery of optimization algorithms", NeurIPS 2023.
/// - Complexity: O(n) time, n extra memory.
public struct ScaleByLion: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// Number of updates so far, t.
        public var count: Int
        /// First moment m, the moving average of g.
        public var mu: Tensor
    }

    /// Hyperparameter of the formula above.
    public let beta1: Double, beta2: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.9, beta2: Double = 0.99) {
        self.beta1 = beta1; self.beta2 = beta2
    }

    public func initialize(_ params: Tensor) -> State { State(count: 0, mu: .zeros(params.shape)) }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.mu, "scaleByLion")
        let b1 = beta1, b2 = beta2
        let update = gradient.zipMap(state.mu) { g, m in
            let x = (1 - b1) * g + b1 * m
            return x > 0 ? 1 : (x < 0 ? -1 : 0)
        }
        let mu = gradient.zipMap(state.mu) { g, m in (1 - b2) * g + b2 * m }
        return (update, State(count: state.count + 1, mu: mu))
    }
}

/// Lion scaling (optax.scale_by_lion); see `ScaleByLion`.
public func scaleByLion(beta1: Double = 0.9, beta2: Double = 0.99) -> ScaleByLion {
    ScaleByLion(beta1: beta1, beta2: beta2)
}
