import DescentCore

// Named optimizers, each a few lines of composition as in optax's alias.py. Every recipe ends
// with `scaleByLearningRate`, so its updates are added to the parameters: θ ← θ + u. Each
// returns a concrete `Chain` (named by the type aliases below), so its state is a typed struct:
// `adam(learningRate: 0.1).initialize(θ)` is an `Adam.State` whose `first.mu` is Adam's m.

/// The type of `sgd(...)`, u = −η·m (or −η·g): optional momentum, then the learning rate.
public typealias SGD = Chain<Trace?, ScaleByLearningRate>
/// The type of `adagrad(...)`, u = −η·g/√(s + ε): AdaGrad's scaling, then the learning rate.
public typealias AdaGrad = Chain<ScaleByRSS, ScaleByLearningRate>
/// The type of `rmsprop(...)`, u = −η·g/√(v + ε), then the optional momentum (applied after the
/// learning rate).
public typealias RMSProp = Chain<ScaleByRMS, Chain<ScaleByLearningRate, Trace?>>
/// The type of `adam(...)`, u = −η·m̂/(√v̂ + ε): `State.first` is the `AdamState` (count, m, v),
/// `State.second` the learning rate's step count.
public typealias Adam = Chain<ScaleByAdam, ScaleByLearningRate>
/// The type of `adamw(...)`, u = −η·(m̂/(√v̂ + ε) + λθ).
public typealias AdamW = Chain<ScaleByAdam, Chain<AddDecayedWeights, ScaleByLearningRate>>
/// The type of `amsgrad(...)`, u = −η·m̂/(√v_max + ε).
public typealias AMSGrad = Chain<ScaleByAMSGrad, ScaleByLearningRate>
/// The type of `adadelta(...)`, u = −η·√(E[Δ²] + ε)/√(E[g²] + ε)·(g + λθ).
public typealias Adadelta = Chain<AddDecayedWeights, Chain<ScaleByAdadelta, ScaleByLearningRate>>
/// The type of `yogi(...)`, u = −η·m̂/(√v̂ + ε) with Yogi's additive v.
public typealias Yogi = Chain<ScaleByYogi, ScaleByLearningRate>
/// The type of `radam(...)`, u = −η·rₜ·m̂/(√v̂ + ε) (−η·m̂ while ρₜ < threshold).
public typealias RAdam = Chain<ScaleByRAdam, ScaleByLearningRate>
/// The type of `lion(...)`, u = −η·(sign((1 − β₁)g + β₁m) + λθ).
public typealias Lion = Chain<ScaleByLion, Chain<AddDecayedWeights, ScaleByLearningRate>>
/// The type of `ranger(...)`: Lookahead around RAdam (k fast steps, then φ ← φ + α(θ_f − φ)).
public typealias Ranger = Lookahead<RAdam>
/// The type of `sophia(...)`, u = −η·(clip(m̂/max(γh, ε), ±ρ) + λθ).
public typealias Sophia = Chain<ScaleBySophia, Chain<AddDecayedWeights, ScaleByLearningRate>>

/// Stochastic gradient descent, with optional heavy-ball or Nesterov momentum (optax.sgd):
/// `chain(momentum.map { trace(decay: $0, nesterov:) }, scaleByLearningRate(η))`.
/// θ ← θ − η·m with m ← g + β·m (or θ ← θ − η·g without momentum).
public func sgd(learningRate: some ScalarOrSchedule, momentum: Double? = nil, nesterov: Bool = false) -> SGD {
    chain(momentum.map { Trace(decay: $0, nesterov: nesterov) }, scaleByLearningRate(learningRate))
}

/// AdaGrad (optax.adagrad): `chain(scaleByRSS(...), scaleByLearningRate(η))`,
/// s ← s + g², θ ← θ − η·g/√(s + ε).
/// Reference: Duchi, Hazan & Singer, JMLR 2011.
public func adagrad(learningRate: some ScalarOrSchedule, initialAccumulatorValue: Double = 0.1, epsilon: Double = 1e-7) -> AdaGrad {
    chain(scaleByRSS(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon), scaleByLearningRate(learningRate))
}

/// RMSProp (optax.rmsprop): `chain(scaleByRMS(...), scaleByLearningRate(η), trace(momentum))`,
/// v ← ρv + (1 − ρ)g², θ ← θ − η·g/√(v + ε) (centered (Graves 2013) when asked). Momentum is
/// applied after the learning rate, as in optax and PyTorch.
/// Reference: Tieleman & Hinton, COURSERA Lecture 6.5 (2012).
public func rmsprop(learningRate: some ScalarOrSchedule, decay: Double = 0.9, epsilon: Double = 1e-8, initialScale: Double = 0,
                    epsilonInSqrt: Bool = true, centered: Bool = false, momentum: Double? = nil, nesterov: Bool = false,
                    biasCorrection: Bool = false) -> RMSProp {
    chain(scaleByRMS(decay: decay, epsilon: epsilon, initialScale: initialScale, epsilonInSqrt: epsilonInSqrt,
                     biasCorrection: biasCorrection, centered: centered),
          scaleByLearningRate(learningRate), momentum.map { Trace(decay: $0, nesterov: nesterov) })
}

/// Adam (optax.adam): `chain(scaleByAdam(...), scaleByLearningRate(η))`, θ ← θ − η·m̂/(√v̂ + ε);
/// NAdam with `nesterov`.
/// Reference: Kingma & Ba, ICLR 2015.
public func adam(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                 epsilonRoot: Double = 0, nesterov: Bool = false) -> Adam {
    chain(scaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov),
          scaleByLearningRate(learningRate))
}

/// AdamW, Adam with decoupled weight decay (optax.adamw):
/// `chain(scaleByAdam(...), addDecayedWeights(λ), scaleByLearningRate(η))`, so
/// θ ← θ − η·(m̂/(√v̂ + ε) + λθ). The decay is *not* rescaled by Adam's preconditioner, unlike an
/// L2 penalty added to the gradient.
/// Reference: Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019.
public func adamw(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                  epsilonRoot: Double = 0, weightDecay: Double = 1e-4, nesterov: Bool = false) -> AdamW {
    chain(scaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov),
          addDecayedWeights(weightDecay), scaleByLearningRate(learningRate))
}

/// AMSGrad (optax.amsgrad): `chain(scaleByAMSGrad(...), scaleByLearningRate(η))`,
/// θ ← θ − η·m̂/(√v_max + ε).
/// Reference: Reddi, Kale & Kumar, ICLR 2018.
public func amsgrad(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                    epsilonRoot: Double = 0) -> AMSGrad {
    chain(scaleByAMSGrad(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot), scaleByLearningRate(learningRate))
}

/// Adadelta (optax.adadelta): `chain(addDecayedWeights(λ), scaleByAdadelta(ρ, ε), scaleByLearningRate(η))`,
/// θ ← θ − η·√(E[Δ²] + ε)/√(E[g²] + ε)·(g + λθ).
/// The paper has no learning rate (η = 1). optax's default `learning_rate=None` skips the final
/// sign flip and so *ascends*; here η is required and defaults to 1, which descends.
/// Reference: Zeiler, "ADADELTA" (2012).
public func adadelta(learningRate: some ScalarOrSchedule = 1.0, rho: Double = 0.9, epsilon: Double = 1e-6,
                     weightDecay: Double = 0) -> Adadelta {
    chain(addDecayedWeights(weightDecay), scaleByAdadelta(rho: rho, epsilon: epsilon), scaleByLearningRate(learningRate))
}

/// Yogi (optax.yogi): `chain(scaleByYogi(...), scaleByLearningRate(η))`, θ ← θ − η·m̂/(√v̂ + ε)
/// with Yogi's additive v.
/// Reference: Zaheer et al., NeurIPS 2018.
public func yogi(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-3) -> Yogi {
    chain(scaleByYogi(beta1: beta1, beta2: beta2, epsilon: epsilon), scaleByLearningRate(learningRate))
}

/// Rectified Adam (optax.radam): `chain(scaleByRAdam(...), scaleByLearningRate(η))`,
/// θ ← θ − η·rₜ·m̂/(√v̂ + ε) once ρₜ ≥ threshold, θ ← θ − η·m̂ before.
/// Reference: Liu et al., ICLR 2020.
public func radam(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                  epsilonRoot: Double = 0, threshold: Double = 5) -> RAdam {
    chain(scaleByRAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, threshold: threshold),
          scaleByLearningRate(learningRate))
}

/// Lion (optax.lion): `chain(scaleByLion(β₁, β₂), addDecayedWeights(λ), scaleByLearningRate(η))`,
/// θ ← θ − η·(sign((1 − β₁)g + β₁m) + λθ).
/// Reference: Chen et al., NeurIPS 2023.
public func lion(learningRate: some ScalarOrSchedule, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 1e-3) -> Lion {
    chain(scaleByLion(beta1: beta1, beta2: beta2), addDecayedWeights(weightDecay), scaleByLearningRate(learningRate))
}

/// Ranger: Lookahead around RAdam, with Ranger's defaults (β₁ = 0.95, ε = 10⁻⁵, k = 6, α = 0.5):
/// k RAdam steps on the fast weights, then φ ← φ + α(θ_f − φ), θ_f ← φ.
/// optax has no Ranger; this is exactly `optax.lookahead(optax.radam(...), k, α)`. The later
/// Ranger versions' gradient centralization is not included.
/// References: Wright, "Ranger" (2019, github.com/lessw2020/Ranger-Deep-Learning-Optimizer);
/// Liu et al., ICLR 2020; Zhang et al., NeurIPS 2019.
public func ranger(learningRate: some ScalarOrSchedule, beta1: Double = 0.95, beta2: Double = 0.999, epsilon: Double = 1e-5,
                   threshold: Double = 5, syncPeriod: Int = 6, slowStepSize: Double = 0.5) -> Ranger {
    lookahead(radam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, threshold: threshold),
              syncPeriod: syncPeriod, slowStepSize: slowStepSize)
}

/// Sophia (optax.contrib.sophia): `chain(scaleBySophia(...), addDecayedWeights(λ), scaleByLearningRate(η))`,
/// θ ← θ − η·(clip(m̂/max(γh, ε), ±ρ) + λθ).
/// Reference: Liu et al., ICLR 2024.
public func sophia(learningRate: some ScalarOrSchedule, beta1: Double = 0.965, beta2: Double = 0.99, epsilon: Double = 1e-8,
                   weightDecay: Double = 1e-4, gamma: Double = 0.01, clipThreshold: Double? = 1, updateInterval: Int = 10,
                   estimator: HessianDiagonalEstimator, seed: UInt64 = 0) -> Sophia {
    chain(scaleBySophia(beta1: beta1, beta2: beta2, epsilon: epsilon, gamma: gamma, clipThreshold: clipThreshold,
                        updateInterval: updateInterval, estimator: estimator, seed: seed),
          addDecayedWeights(weightDecay), scaleByLearningRate(learningRate))
}
