import DescentAutodiff
import DescentCore
import DescentOptimize

/// One K-FAC training step (Martens & Grosse 2015): from a batch, the loss, its gradient and each
/// dense layer's Kronecker factors (`Sequential.kfacStatistics`); the factors are folded into the
/// running averages, and the gradient goes through `KFACPreconditioner` then `tail` (momentum,
/// clipping, schedules, and the learning rate, which gives the update its sign):
/// θ ← θ + tail(F̃⁻¹∇L(θ)).
///
/// `kfac(learningRate:momentum:configuration:)` builds the usual form, with `sgd(...)` as the
/// tail: u = −η·m, m ← F̃⁻¹g + μ·m (kfac-jax with a fixed learning rate and momentum).
///
/// - Complexity: per step one forward pass and two reverse sweeps (k + 1 with `.exactFisher`,
///   one with `.empiricalFisher`), the factor products O(Σ n·dₗ²) and the preconditioning; every T
///   steps the inverses.
public struct KFACStep<Tail: GradientTransformation>: TrainingStep {
    /// The optimizer's state: the chain's (`optimizer.first` is the K-FAC curvature,
    /// `optimizer.second` the tail's) and the generator of the sampled Fisher's targets.
    public struct State {
        /// The state of `chain(KFACPreconditioner, tail)`.
        public var optimizer: Chain<KFACPreconditioner, Tail>.State
        /// Draws the targets of `.sampledFisher`, seeded by `configuration.seed`.
        public var generator: SeededGenerator
    }

    /// Curvature estimate, damping, decay, inversion and refresh period.
    public let configuration: KFACConfiguration
    /// What follows the preconditioner (ends with a learning rate).
    public let tail: Tail

    /// K-FAC followed by `tail`.
    public init(_ configuration: KFACConfiguration = KFACConfiguration(), then tail: Tail) {
        self.configuration = configuration
        self.tail = tail
    }

    /// The gradient transformation this step runs for `network`: `chain(KFACPreconditioner, tail)`.
    public func transformation(for network: Sequential) -> Chain<KFACPreconditioner, Tail> {
        chain(KFACPreconditioner(network: network, configuration: configuration), tail)
    }

    /// The state before the first step: no curvature, the tail's initial state.
    public func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> State {
        State(optimizer: transformation(for: network).initialize(parameters), generator: SeededGenerator(seed: configuration.seed))
    }

    /// Measures the batch loss at θ, updates the curvature and moves θ. A non-finite loss,
    /// gradient or factor leaves θ and the state untouched and returns a NaN loss (the trainer
    /// stops on it), as the first-order step does.
    /// - Returns: the loss before the step and the outputs f(θ, X).
    public func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
                     state: inout State, context: inout ForwardContext) -> TrainingStepResult {
        let transformation = transformation(for: network)
        var generator = state.generator
        let statistics = network.kfacStatistics(parameters, inputs: batch.inputs, targets: batch.targets, loss: loss,
                                                estimate: configuration.curvatureEstimate, generator: &generator, context: &context)
        guard statistics.loss.isFinite, statistics.gradient.isFinite,
              transformation.first.accumulate(statistics.factors, into: &state.optimizer.first) else {
            return TrainingStepResult(loss: statistics.loss.isFinite ? .nan : statistics.loss, outputs: statistics.outputs)
        }
        state.generator = generator
        transformation.step(&parameters, gradient: statistics.gradient, state: &state.optimizer)
        return TrainingStepResult(loss: statistics.loss, outputs: statistics.outputs)
    }
}

/// K-FAC with a learning rate and optional heavy-ball momentum:
/// `KFACStep(configuration, then: sgd(learningRate: η, momentum: μ))`, i.e.
/// θ ← θ − η·m with m ← F̃⁻¹∇L(θ) + μ·m.
/// - Reference: Martens & Grosse, ICML 2015; kfac-jax's `Optimizer` with `learning_rate_schedule`
///   and `momentum_schedule` fixed.
public func kfac(learningRate: some ScalarOrSchedule, momentum: Double? = nil,
                 configuration: KFACConfiguration = KFACConfiguration()) -> KFACStep<SGD> {
    KFACStep(configuration, then: sgd(learningRate: learningRate, momentum: momentum))
}
