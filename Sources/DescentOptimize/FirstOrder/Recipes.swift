import DescentCore

// Named optimizers, each a few lines of composition as in optax's alias.py. Every recipe ends
// with `scaleByLearningRate`, so its updates are added to the parameters: θ ← θ + u.

/// Stochastic gradient descent, with optional heavy-ball or Nesterov momentum (optax.sgd):
/// `chain(trace(decay: momentum, nesterov:), scaleByLearningRate(η))`.
/// θ ← θ − η·m with m ← g + β·m (or θ ← θ − η·g without momentum).
public func sgd(learningRate: some ScalarOrSchedule, momentum: Double? = nil, nesterov: Bool = false) -> AnyGradientTransformation {
    let direction: any GradientTransformation = momentum.map { Trace(decay: $0, nesterov: nesterov) } ?? Identity()
    return chain(direction, scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// AdaGrad (optax.adagrad): `chain(scaleByRSS(...), scaleByLearningRate(η))`.
/// Reference: Duchi, Hazan & Singer, JMLR 2011.
public func adagrad(learningRate: some ScalarOrSchedule, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) -> AnyGradientTransformation {
    chain(scaleByRSS(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// RMSProp (optax.rmsprop): `chain(scaleByRMS(...), scaleByLearningRate(η), trace(momentum))`,
/// centered (Graves 2013) when asked. Momentum is applied after the learning rate, as in optax
/// and PyTorch.
/// Reference: Tieleman & Hinton, COURSERA Lecture 6.5 (2012).
public func rmsprop(learningRate: some ScalarOrSchedule, decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0,
                    epsilonInSqrt: Bool = true, centered: Bool = false, momentum: Double? = nil, nesterov: Bool = false,
                    biasCorrection: Bool = false) -> AnyGradientTransformation {
    let accelerate: any GradientTransformation = momentum.map { Trace(decay: $0, nesterov: nesterov) } ?? Identity()
    return chain(scaleByRMS(decay: decay, epsilon: epsilon, initialScale: initialScale, epsilonInSqrt: epsilonInSqrt,
                            biasCorrection: biasCorrection, centered: centered),
                 scaleByLearningRate(learningRate), accelerate).eraseToAnyGradientTransformation()
}

/// Adam (optax.adam): `chain(scaleByAdam(...), scaleByLearningRate(η))`; NAdam with `nesterov`.
/// Reference: Kingma & Ba, ICLR 2015.
public func adam(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                 epsilonRoot: Double = 0, nesterov: Bool = false) -> AnyGradientTransformation {
    chain(scaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// AdamW, Adam with decoupled weight decay (optax.adamw):
/// `chain(scaleByAdam(...), addDecayedWeights(λ), scaleByLearningRate(η))`, so
/// θ ← θ − η·(m̂/(√v̂ + ε) + λθ). The decay is *not* rescaled by Adam's preconditioner, unlike an
/// L2 penalty added to the gradient.
/// Reference: Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019.
public func adamw(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                  epsilonRoot: Double = 0, weightDecay: Double = 1e-4, nesterov: Bool = false) -> AnyGradientTransformation {
    chain(scaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov),
          addDecayedWeights(weightDecay), scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// AMSGrad (optax.amsgrad): `chain(scaleByAMSGrad(...), scaleByLearningRate(η))`.
/// Reference: Reddi, Kale & Kumar, ICLR 2018.
public func amsgrad(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                    epsilonRoot: Double = 0) -> AnyGradientTransformation {
    chain(scaleByAMSGrad(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// Adadelta (optax.adadelta): `chain(addDecayedWeights(λ), scaleByAdadelta(ρ, ε), scaleByLearningRate(η))`.
/// The paper has no learning rate (η = 1). optax's default `learning_rate=None` skips the final
/// sign flip and so *ascends*; here η is required and defaults to 1, which descends.
/// Reference: Zeiler, "ADADELTA" (2012).
public func adadelta(learningRate: some ScalarOrSchedule = 1.0, rho: Double = 0.9, epsilon: Double = 1e-6,
                     weightDecay: Double = 0) -> AnyGradientTransformation {
    chain(addDecayedWeights(weightDecay), scaleByAdadelta(rho: rho, epsilon: epsilon),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// Yogi (optax.yogi): `chain(scaleByYogi(...), scaleByLearningRate(η))`.
/// Reference: Zaheer et al., NeurIPS 2018.
public func yogi(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3) -> AnyGradientTransformation {
    chain(scaleByYogi(beta1: beta1, beta2: beta2, epsilon: epsilon), scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// Rectified Adam (optax.radam): `chain(scaleByRAdam(...), scaleByLearningRate(η))`.
/// Reference: Liu et al., ICLR 2020.
public func radam(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                  epsilonRoot: Double = 0, threshold: Double = 5) -> AnyGradientTransformation {
    chain(scaleByRAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, threshold: threshold),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// Lion (optax.lion): `chain(scaleByLion(β₁, β₂), addDecayedWeights(λ), scaleByLearningRate(η))`.
/// Reference: Chen et al., NeurIPS 2023.
public func lion(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 1e-3) -> AnyGradientTransformation {
    chain(scaleByLion(beta1: beta1, beta2: beta2), addDecayedWeights(weightDecay),
          scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}

/// Ranger: Lookahead around RAdam, with Ranger's defaults (β₁ = 0.95, ε = 10⁻⁵, k = 6, α = 0.5).
/// optax has no Ranger; this is exactly `optax.lookahead(optax.radam(...), k, α)`. The later
/// Ranger versions' gradient centralization is not included.
/// References: Wright, "Ranger" (2019, github.com/lessw2020/Ranger-Deep-Learning-Optimizer);
/// Liu et al., ICLR 2020; Zhang et al., NeurIPS 2019.
public func ranger(learningRate: some ScalarOrSchedule, beta1: Double = 0.95, beta2: Double = 0.999, epsilon: Double = 1e-5,
                   threshold: Double = 5, syncPeriod: Int = 6, slowStepSize: Double = 0.5) -> AnyGradientTransformation {
    lookahead(radam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, threshold: threshold),
              syncPeriod: syncPeriod, slowStepSize: slowStepSize).eraseToAnyGradientTransformation()
}

/// Sophia (optax.contrib.sophia): `chain(scaleBySophia(...), addDecayedWeights(λ), scaleByLearningRate(η))`.
/// Reference: Liu et al., ICLR 2024.
public func sophia(learningRate: some ScalarOrSchedule, beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8,
                   weightDecay: Double = 1e-4, gamma: Double = 0.01, clipThreshold: Double? = 1, updateInterval: Int = 10,
                   estimator: HessianDiagonalEstimator, seed: UInt64 = 0) -> AnyGradientTransformation {
    chain(scaleBySophia(beta1: beta1, beta2: beta2, epsilon: epsilon, gamma: gamma, clipThreshold: clipThreshold,
                        updateInterval: updateInterval, estimator: estimator, seed: seed),
          addDecayedWeights(weightDecay), scaleByLearningRate(learningRate)).eraseToAnyGradientTransformation()
}
