import DescentCore

/// AMSGrad: Adam with the running maximum of the (bias-corrected) second moment in the
/// denominator, so effective step sizes never grow (optax.scale_by_amsgrad):
///
///     m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  v_max ← max(v_max, v/(1 − β₂ᵗ))
///     u = (m/(1 − β₁ᵗ)) / (√(v_max + ε_root) + ε)
///
/// Reference: Reddi, Kale & Kumar, "On the convergence of Adam and beyond", ICLR 2018.
/// - Complexity: O(n) time, 3n extra memory.
public struct ScaleByAMSGrad: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// Number of updates so far, t.
        public var count: Int
        /// First moment m, the moving average of g.
        public var mu: Tensor
        /// Second moment v, the moving average of g².
        public var nu: Tensor
        /// Running maximum of the bias-corrected second moment.
        public var nuMax: Tensor
    }

    /// Hyperparameter of the formula above.
    public let beta1: Double, beta2: Double, epsilon: Double, epsilonRoot: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.epsilonRoot = epsilonRoot
    }

    public func initialize(_ params: Tensor) -> State {
        State(count: 0, mu: .zeros(params.shape), nu: .zeros(params.shape), nuMax: .zeros(params.shape))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.mu, "scaleByAMSGrad")
        let b1 = beta1, b2 = beta2, eps = epsilon, epsRoot = epsilonRoot
        let count = state.count + 1
        let c1 = biasCorrection(b1, count), c2 = biasCorrection(b2, count)
        let mu = updatedFirstMoment(gradient, state.mu, decay: b1)
        let nu = gradient.zipMap(state.nu) { g, v in (1 - b2) * (g * g) + b2 * v }
        let nuMax = state.nuMax.zipMap(nu) { vMax, v in max(vMax, v / c2) }
        let update = mu.zipMap(nuMax) { m, vMax in (m / c1) / ((vMax + epsRoot).squareRoot() + eps) }
        return (update, State(count: count, mu: mu, nu: nu, nuMax: nuMax))
    }
}

/// AMSGrad scaling (optax.scale_by_amsgrad); see `ScaleByAMSGrad`.
public func scaleByAMSGrad(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0) -> ScaleByAMSGrad {
    ScaleByAMSGrad(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot)
}
