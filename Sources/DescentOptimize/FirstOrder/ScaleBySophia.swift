import DescentCore

/// Where Sophia's diagonal-Hessian estimate comes from.
///
/// Sophia only needs an estimate ĥ of diag(∇²f(θ)) every k steps; the estimator receives the
/// parameters, the current gradient and a seeded generator owned by the optimizer's state (so
/// runs are reproducible).
public struct HessianDiagonalEstimator {
    /// ĥ = estimate(θ, g, &generator).
    public let estimate: (Tensor, Tensor, inout SeededGenerator) -> Tensor

    /// An estimator computing ĥ = estimate(θ, g, &generator).
    public init(_ estimate: @escaping (_ params: Tensor, _ gradient: Tensor, _ generator: inout SeededGenerator) -> Tensor) {
        self.estimate = estimate
    }

    /// Hutchinson's estimator ĥ = u ⊙ (H u) with Rademacher u (±1 with probability ½ each), whose
    /// expectation is diag(H). `hessianVectorProduct(θ, v)` returns ∇²f(θ)·v — exact from autodiff
    /// (`hessianVectorProduct(of:at:direction:)`) or any other source.
    /// Reference: Hutchinson, "A stochastic estimator of the trace of the influence matrix" (1990).
    /// - Complexity: one Hessian-vector product plus O(n).
    public static func hutchinson(_ hessianVectorProduct: @escaping (_ params: Tensor, _ direction: Tensor) -> Tensor) -> HessianDiagonalEstimator {
        HessianDiagonalEstimator { params, _, generator in
            let signs = Tensor(shape: params.shape) { _ in generator.next() & 1 == 0 ? 1 : -1 }
            let product = hessianVectorProduct(params, signs)
            precondition(product.shape == params.shape,
                         "HessianDiagonalEstimator.hutchinson: Hessian-vector product shape \(product.shape) does not match params shape \(params.shape)")
            return signs * product
        }
    }

    /// An estimator given directly as a function of the parameters (an exact diagonal, or a
    /// Gauss–Newton–Bartlett estimate computed by the caller).
    public static func function(_ diagonal: @escaping (_ params: Tensor) -> Tensor) -> HessianDiagonalEstimator {
        HessianDiagonalEstimator { params, _, _ in diagonal(params) }
    }
}

/// Sophia's clipped, diagonally preconditioned momentum (optax.contrib.scale_by_sophia):
///
///     m ← β₁m + (1 − β₁)g,   u = clip( (m/(1 − β₁ᵗ)) / max(γ·h, ε), ±ρ )
///     every k steps (t ≡ 0 mod k, before counting this step):  h ← β₂h + (1 − β₂)·ĥ(θ)
///
/// where ĥ is the diagonal-Hessian estimate. As in optax, the update uses h from before the
/// refresh, and the first refresh happens on the first step (so the first update is clipped
/// m̂/ε). Without a clip threshold the clipping is skipped.
///
/// Reference: Liu, Li, Hall, Liang & Ma, "Sophia: a scalable stochastic second-order optimizer
/// for language model pre-training", ICLR 2024.
/// - Complexity: O(n) per step plus one estimate every k steps; 2n extra memory.
public struct ScaleBySophia: GradientTransformation {
    /// The explicit state carried from step to step.
    public struct State: Equatable, Sendable {
        /// Number of updates so far, t.
        public var count: Int
        /// First moment m.
        public var mu: Tensor
        /// Moving average h of the diagonal-Hessian estimates.
        public var hessian: Tensor
        /// The generator the estimator draws its random probes from.
        public var generator: SeededGenerator
    }

    /// Hyperparameter of the formula above.
    public let beta1: Double, beta2: Double, epsilon: Double, gamma: Double
    /// The clip bound ρ on |u| (none when `nil`).
    public let clipThreshold: Double?
    /// k: refresh the Hessian estimate every k steps.
    public let updateInterval: Int
    /// The source of the diagonal-Hessian estimates ĥ.
    public let estimator: HessianDiagonalEstimator
    /// Seed of the estimator's random probes.
    public let seed: UInt64

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8, gamma: Double = 0.01,
                clipThreshold: Double? = 1, updateInterval: Int = 10, estimator: HessianDiagonalEstimator, seed: UInt64 = 0) {
        precondition(updateInterval >= 1, "scaleBySophia: updateInterval must be ≥ 1, got \(updateInterval)")
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.gamma = gamma
        self.clipThreshold = clipThreshold; self.updateInterval = updateInterval; self.estimator = estimator; self.seed = seed
    }

    public func initialize(_ params: Tensor) -> State {
        State(count: 0, mu: .zeros(params.shape), hessian: .zeros(params.shape), generator: SeededGenerator(seed: seed))
    }

    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        requireSameShape(gradient, state.mu, "scaleBySophia")
        var next = state
        let b1 = beta1, b2 = beta2, g = gamma, eps = epsilon
        next.count = state.count + 1
        let c1 = biasCorrection(b1, next.count)
        next.mu = gradient.zipMap(state.mu) { gi, m in (1 - b1) * gi + b1 * m }
        var update = next.mu.zipMap(state.hessian) { m, h in (m / c1) / max(g * h, eps) }
        if let rho = clipThreshold {
            update = update.map { min(max($0, -rho), rho) }
        }
        if state.count % updateInterval == 0 {
            let estimate = estimator.estimate(params, gradient, &next.generator)
            precondition(estimate.shape == params.shape,
                         "scaleBySophia: Hessian-diagonal estimate shape \(estimate.shape) does not match params shape \(params.shape)")
            next.hessian = estimate.zipMap(state.hessian) { e, h in (1 - b2) * e + b2 * h }
        }
        return (update, next)
    }
}

/// Sophia scaling (optax.contrib.scale_by_sophia); see `ScaleBySophia`.
public func scaleBySophia(beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8, gamma: Double = 0.01,
                          clipThreshold: Double? = 1, updateInterval: Int = 10, estimator: HessianDiagonalEstimator,
                          seed: UInt64 = 0) -> ScaleBySophia {
    ScaleBySophia(beta1: beta1, beta2: beta2, epsilon: epsilon, gamma: gamma, clipThreshold: clipThreshold,
                  updateInterval: updateInterval, estimator: estimator, seed: seed)
}
