import DescentAutodiff
import DescentCore
import DescentOptimize

/// Hessian-free training inside `train`: one Hessian-free iteration (`HessianFree`: truncated CG
/// on the damped Gauss–Newton matrix of the batch, CG backtracking, Levenberg–Marquardt damping,
/// Armijo line search, warm start) per mini-batch, the damping and warm start carried from batch
/// to batch as Martens (2010) does.
///
/// The reported loss is the training forward pass's (dropout active if the network has it); the
/// curvature and the trial losses are computed in inference mode (a deterministic network). A
/// non-finite loss, gradient, output or product leaves θ untouched and reports a NaN loss; a batch
/// on which no trial lowers the loss leaves θ untouched too (the damping has been raised).
public struct HessianFreeStep: TrainingStep {
    /// Curvature, damping, CG and backtracking settings.
    public let options: HessianFreeOptions

    /// Hessian-free steps with `options`.
    public init(options: HessianFreeOptions = HessianFreeOptions()) { self.options = options }

    /// λ = λ₀, no warm start.
    public func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> HessianFreeState {
        HessianFreeState(damping: options.initialDamping)
    }

    /// One Hessian-free iteration on the batch.
    public func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
                     state: inout HessianFreeState, context: inout ForwardContext) -> TrainingStepResult {
        let (value, gradient, outputs) = network.lossAndGradient(parameters, batch: batch, loss: loss, context: &context)
        guard value.isFinite, gradient.isFinite,
              let risk = try? NetworkRisk(network: network, loss: loss, inputs: batch.inputs, targets: batch.targets)
        else { return TrainingStepResult(loss: .nan, outputs: outputs) }
        // The model's own value at θ (inference mode), the baseline the trial points must beat.
        let base = risk.value(at: parameters)
        switch options.iterate(risk, at: parameters, value: base, gradient: gradient, state: &state, value: { risk.value(at: $0) }) {
        case let .accepted(point, _): parameters = point.reshaped(parameters.shape)
        case .rejected: break
        case .nonFinite: return TrainingStepResult(loss: .nan, outputs: outputs)
        }
        return TrainingStepResult(loss: value, outputs: outputs)
    }
}
