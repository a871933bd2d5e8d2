import DescentAutodiff
import DescentCore
import DescentOptimize

/// Natural-gradient training inside `train`: on each mini-batch, θ ← θ − η·(F_B(θ) + λI)⁻¹∇L_B(θ)
/// with F_B the Fisher of the batch (`NaturalGradient`: matrix-free products, CG, warm-started
/// from the previous batch's direction).
///
/// The loss and gradient are those of the training forward pass (dropout active if the network
/// has it); the Fisher is built in inference mode (a deterministic network, as its products need).
/// A non-finite loss, gradient or network output leaves θ untouched and reports a NaN loss, so the
/// trainer stops with its non-finite status.
public struct NaturalGradientStep: TrainingStep {
    /// The Fisher, damping and CG settings.
    public let method: NaturalGradient
    /// η > 0.
    public let learningRate: Double

    /// The warm start and how the last solve ended.
    public typealias State = ScaleByNaturalGradient.State

    /// Natural-gradient steps of size η.
    /// - Precondition: η > 0 and finite.
    public init(learningRate: Double, method: NaturalGradient = NaturalGradient()) {
        precondition(learningRate > 0 && learningRate.isFinite, "NaturalGradientStep: learning rate must be positive, got \(learningRate)")
        self.learningRate = learningRate
        self.method = method
    }

    /// No direction yet.
    public func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> State {
        State(previous: nil, lastTermination: nil, lastIterations: 0)
    }

    /// L_B(θ) and ∇L_B(θ), the damped Fisher solve, then the update.
    public func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
                     state: inout State, context: inout ForwardContext) -> TrainingStepResult {
        let (value, gradient, outputs) = network.lossAndGradient(parameters, batch: batch, loss: loss, context: &context)
        guard value.isFinite, gradient.isFinite,
              let risk = try? NetworkRisk(network: network, loss: loss, inputs: batch.inputs, targets: batch.targets),
              let solve = try? method.direction(for: gradient, of: risk, at: parameters, initialGuess: state.previous),
              solve.solution.isFinite
        else {
            state = State(previous: nil, lastTermination: .nonFiniteValue, lastIterations: 0)
            return TrainingStepResult(loss: .nan, outputs: outputs)
        }
        parameters.addScaled(solve.solution.reshaped(parameters.shape), by: -learningRate)
        state = State(previous: solve.solution, lastTermination: solve.termination, lastIterations: solve.iterations)
        return TrainingStepResult(loss: value, outputs: outputs)
    }
}
