import DescentCore

/// One epoch of a training run: the mean batch loss over the epoch (each batch weighted by its
/// rows, measured before its update, as Keras and PyTorch loops report it), and for
/// classification the accuracy on those batches; the same on the validation rows after the epoch.
public struct EpochRecord: Sendable, Hashable {
    /// The epoch, from 1.
    public let epoch: Int
    /// (1/n) Σ_batches |B|·L_B(θ_before).
    public let loss: Double
    /// The fraction of training rows whose arg-max output is their label (classification only).
    public let accuracy: Double?
    /// The loss on the validation rows with the epoch's final parameters.
    public let validationLoss: Double?
    /// The validation accuracy (classification with a validation set only).
    public let validationAccuracy: Double?
}

/// The outcome of `train`: the parameters, the per-epoch history and why it stopped.
///
/// `termination` is `.epochLimit` (all epochs ran), `.earlyStopped` (patience ran out; the
/// parameters are the best epoch's) or `.nonFiniteValue` (a batch loss or gradient became NaN or
/// infinite in epoch `nonFiniteEpoch`; the parameters are the last finite ones, before that step).
public struct TrainingResult: IterativeResult, Sendable {
    /// The trained θ (see `termination` for which epoch's).
    public let parameters: Tensor
    /// One record per completed epoch.
    public let history: [EpochRecord]
    /// Every step's batch loss, in order (the last one is the non-finite loss when training failed).
    public let stepLosses: [Double]
    /// Why training stopped.
    public let termination: Termination
    /// Completed epochs.
    public let iterations: Int
    /// The epoch whose parameters are returned when early stopping kept the best (else the last completed).
    public let bestEpoch: Int?
    /// The epoch (from 1) in which the loss became non-finite, if it did.
    public let nonFiniteEpoch: Int?
}
