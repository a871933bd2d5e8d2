import DescentCore

/// RMSProp's scaling by the root of an exponential moving average of squared gradients
/// (optax.scale_by_rms and, with `centered`, optax.scale_by_stddev):
///
///     ν ← ρ·ν + (1 − ρ)·g²,  μ ← ρ·μ + (1 − ρ)·g            (μ only when centered)
///     u = g / √(ν̂ − μ̂² + ε)   (eps inside the root, the default)
///     u = g / (√(ν̂ − μ̂²) + ε) (epsInSqrt = false)
///
/// with ν̂ = ν/(1 − ρᵗ), μ̂ = μ/(1 − ρᵗ) under `biasCorrection`, else ν̂ = ν, μ̂ = μ; the μ̂² term
/// only when centered. Momentum is a separate `trace` after the learning rate (see `rmsprop`).
///
/// References: Tieleman & Hinton, Lecture 6.5 (COURSERA, 2012); Graves, "Generating sequences
/// with recurrent neural networks" (2013) for the centered variant.
/// - Complexity: O(n) time, n (2n centered) extra memory.
public struct ScaleByRMS: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// Number of updates so far, t.
        public var count: Int
        /// Moving average of g (zeros and unused unless centered).
        public var mu: Tensor
        /// Moving average of g².
        public var nu: Tensor
    }

    /// Hyperparameter of the formula above.
    public let decay: Double
    /// Hyperparameter of the formula above.
    public let epsilon: Double
    /// Hyperparameter of the formula above.
    public let initialScale: Double
    /// Hyperparameter of the formula above.
    public let epsilonInSqrt: Bool
    /// Hyperparameter of the formula above.
    public let biasCorrection: Bool
    /// Hyperparameter of the formula above.
    public let centered: Bool

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0, epsilonInSqrt: Bool = true,
                biasCorrection: Bool = false, centered: Bool = false) {
        self.decay = decay; self.epsilon = epsilon; self.initialScale = initialScale
        self.epsilonInSqrt = epsilonInSqrt; self.biasCorrection = biasCorrection; self.centered = centered
    }

    public func initialize(_ params: Tensor) -> State {
        State(count: 0, mu: .zeros(params.shape), nu: Tensor(shape: params.shape, repeating: initialScale))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.nu, "scaleByRMS")
        let rho = decay, eps = epsilon, inSqrt = epsilonInSqrt, isCentered = centered
        let count = state.count + 1
        let correction = biasCorrection ? DescentOptimize.biasCorrection(rho, count) : 1
        let nu = gradient.zipMap(state.nu) { g, v in (1 - rho) * (g * g) + rho * v }
        let mu = isCentered ? gradient.zipMap(state.mu) { g, m in (1 - rho) * g + rho * m } : state.mu
        let (gs, ms, vs) = (gradient.scalars, mu.scalars, nu.scalars)
        let update = elementwise(gradient.shape) { i in
            var variance = vs[i] / correction
            if isCentered {
                let mean = ms[i] / correction
                variance -= mean * mean
            }
            let scaling = inSqrt ? 1 / (variance + eps).squareRoot() : 1 / (variance.squareRoot() + eps)
            return scaling * gs[i]
        }
        return (update, State(count: biasCorrection ? count : 0, mu: mu, nu: nu))
    }
}

/// RMSProp scaling (optax.scale_by_rms; optax.scale_by_stddev when `centered`); see `ScaleByRMS`.
public func scaleByRMS(decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0, epsilonInSqrt: Bool = true,
                       biasCorrection: Bool = false, centered: Bool = false) -> ScaleByRMS {
    ScaleByRMS(decay: decay, epsilon: epsilon, initialScale: initialScale, epsilonInSqrt: epsilonInSqrt,
               biasCorrection: biasCorrection, centered: centered)
}
