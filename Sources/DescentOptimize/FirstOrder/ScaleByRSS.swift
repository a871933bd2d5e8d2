import DescentCore

/// AdaGrad's scaling by the root of the sum of squared gradients (optax.scale_by_rss):
/// s ← s + g²;  u = g / √(s + ε) where s > 0, and 0 where s = 0.
///
/// Reference: Duchi, Hazan & Singer, "Adaptive subgradient methods for online learning and
/// stochastic optimization", JMLR 12 (2011).
/// - Complexity: O(n) time, n extra memory.
public struct ScaleByRSS: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// Σ g² over all steps so far, starting from the initial accumulator value.
        public var sumOfSquares: Tensor
    }

    /// Hyperparameter of the formula above.
    public let initialAccumulatorValue: Double
    /// Hyperparameter of the formula above.
    public let epsilon: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
    }

    public func initialize(_ params: Tensor) -> State {
        State(sumOfSquares: Tensor(shape: params.shape, repeating: initialAccumulatorValue))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.sumOfSquares, "scaleByRSS")
        let sum = gradient.zipMap(state.sumOfSquares) { g, s in g * g + s }
        let eps = epsilon
        let update = gradient.zipMap(sum) { g, s in s > 0 ? g / (s + eps).squareRoot() : 0 }
        return (update, State(sumOfSquares: sum))
    }
}

/// AdaGrad scaling (optax.scale_by_rss); see `ScaleByRSS`.
public func scaleByRSS(initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) -> ScaleByRSS {
    ScaleByRSS(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
}
