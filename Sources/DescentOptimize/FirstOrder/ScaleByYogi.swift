import DescentCore

/// Yogi: Adam with an additive second-moment update that cannot blow up the effective step
/// (optax.scale_by_yogi):
///
///     m ← β₁m + (1 − β₁)g,   v ← v − (1 − β₂)·sign(v − g²)·g²
///     u = (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ) + ε_root) + ε)
///
/// Both moments start at `initialAccumulatorValue` (10⁻⁶), as in the paper and optax.
/// Reference: Zaheer et al., "Adaptive methods for nonconvex optimization", NeurIPS 2018.
/// - Complexity: O(n) time, 2n extra memory.
public struct ScaleByYogi: GradientTransformation {
    /// Hyperparameter of the formula above.
    public let beta1: Double, beta2: Double, epsilon: Double, epsilonRoot: Double, initialAccumulatorValue: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3, epsilonRoot: Double = 0,
                initialAccumulatorValue: Double = 1e-6) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.epsilonRoot = epsilonRoot
        self.initialAccumulatorValue = initialAccumulatorValue
    }

    public func initialize(_ params: Tensor) -> AdamState {
        let start = Tensor(shape: params.shape, repeating: initialAccumulatorValue)
        return AdamState(count: 0, mu: start, nu: start)
    }

    public func update(_ gradient: Tensor, state: AdamState, params: Tensor) -> (update: Tensor, state: AdamState) {
        requireSameShape(gradient, state.mu, "scaleByYogi")
        let b1 = beta1, b2 = beta2, eps = epsilon, epsRoot = epsilonRoot
        let count = state.count + 1
        let c1 = biasCorrection(b1, count), c2 = biasCorrection(b2, count)
        let mu = updatedFirstMoment(gradient, state.mu, decay: b1)
        let nu = gradient.zipMap(state.nu) { g, v in
            let g2 = g * g
            let s: Double = v - g2 > 0 ? 1 : (v - g2 < 0 ? -1 : 0)
            return v - (1 - b2) * s * g2
        }
        let update = mu.zipMap(nu) { m, v in (m / c1) / ((v / c2 + epsRoot).squareRoot() + eps) }
        return (update, AdamState(count: count, mu: mu, nu: nu))
    }
}

/// Yogi scaling (optax.scale_by_yogi); see `ScaleByYogi`.
public func scaleByYogi(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3, epsilonRoot: Double = 0,
                        initialAccumulatorValue: Double = 1e-6) -> ScaleByYogi {
    ScaleByYogi(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, initialAccumulatorValue: initialAccumulatorValue)
}
