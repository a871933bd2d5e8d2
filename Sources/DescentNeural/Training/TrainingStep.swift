import DescentAutodiff
import DescentCore
import DescentOptimize

/// One mini-batch: the input rows and their targets (class indices for classification).
public struct TrainingBatch: Sendable {
    /// [batch, features].
    public let inputs: Tensor
    /// [batch] labels or values, or [batch, outputs].
    public let targets: Tensor

    /// A batch of `inputs` with their `targets`.
    public init(inputs: Tensor, targets: Tensor) {
        self.inputs = inputs
        self.targets = targets
    }
}

/// What one training step measured: the batch loss L(θ) at the parameters *before* the update and
/// the network's outputs on the batch there (for the epoch's accuracy).
public struct TrainingStepResult {
    /// L(θ) = ℓ(f(θ, X), Y) on the batch, before the step.
    public let loss: Double
    /// f(θ, X) before the step.
    public let outputs: Tensor

    /// A step's measurements.
    public init(loss: Double, outputs: Tensor) {
        self.loss = loss
        self.outputs = outputs
    }
}

/// The hook through which `train` updates the parameters: given θ and a batch, a step computes
/// the batch loss and moves θ. `GradientStep` runs any `GradientTransformation` on the gradient;
/// methods that need more than the gradient (K-FAC's layer inputs and output gradients, a
/// Hessian-free inner CG on the Gauss–Newton operator, natural gradient) conform directly, using
/// the network and the loss to build what they need from (θ, batch).
public protocol TrainingStep {
    /// What the method carries between steps (moments, curvature factors, damping).
    associatedtype State

    /// The state before the first step.
    func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> State

    /// Measures the batch loss at θ and updates θ in place.
    /// - Parameters:
    ///   - parameters: θ, updated in place.
    ///   - batch: the rows of this step.
    ///   - network: the architecture f(θ, X).
    ///   - loss: the batch loss ℓ.
    ///   - state: the method's state, advanced in place.
    ///   - context: training mode with the run's seeded generator (dropout masks).
    /// - Returns: the batch loss and outputs before the update.
    func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
              state: inout State, context: inout ForwardContext) -> TrainingStepResult
}

/// The first-order training step: g = ∇θ L(θ) by one reverse sweep, then θ ← θ + u with u from
/// `transformation` (any optax-style recipe or chain: SGD, momentum, Adam, clipping, schedules).
///
/// The parameters enter the graph as one leaf per tensor (no slicing of θ in the graph), and the
/// transformation updates θ in place (`GradientTransformation.step`).
public struct GradientStep<Transformation: GradientTransformation>: TrainingStep {
    /// The optimizer.
    public let transformation: Transformation

    /// A step running `transformation`.
    public init(_ transformation: Transformation) { self.transformation = transformation }

    /// The transformation's state for θ.
    public func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> Transformation.State {
        transformation.initialize(parameters)
    }

    /// L(θ) and ∇L(θ) on the batch, then the transformation's step. A non-finite loss or gradient
    /// leaves θ and the state untouched (the trainer stops on the loss it returns).
    public func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
                     state: inout Transformation.State, context: inout ForwardContext) -> TrainingStepResult {
        let (value, gradient, outputs) = network.lossAndGradient(parameters, batch: batch, loss: loss, context: &context)
        guard value.isFinite, gradient.isFinite else { return TrainingStepResult(loss: value.isFinite ? .nan : value, outputs: outputs) }
        transformation.step(&parameters, gradient: gradient, state: &state)
        return TrainingStepResult(loss: value, outputs: outputs)
    }
}

extension Sequential {
    /// L(θ) = ℓ(f(θ, X), Y) on a batch, its gradient ∇θ L (flat, θ's layout) and the outputs
    /// f(θ, X): one forward pass recording the graph, one reverse sweep.
    public func lossAndGradient(_ parameters: Tensor, batch: TrainingBatch, loss: NetworkLoss,
                                context: inout ForwardContext) -> (loss: Double, gradient: Tensor, outputs: Tensor) {
        let leaves = parameterLayout.unpack(parameters).map { Variable(tracking: $0) }
        let outputs = self.outputs(leaves, Variable(batch.inputs), context: &context)
        let value = loss(outputs, batch.targets)
        let gradients = value.gradients(withRespectTo: leaves).map(\.value)
        return (value.scalar, parameterLayout.pack(gradients), outputs.value)
    }
}
