/// How `train` runs: epochs, batches, shuffling, validation and early stopping.
public struct TrainingOptions: Sendable, Hashable {
    /// The number of passes over the training rows.
    public var epochs: Int
    /// Rows per mini-batch (the last batch of an epoch may be smaller).
    public var batchSize: Int
    /// Whether each epoch visits the rows in a fresh seeded random order (otherwise in order).
    public var shuffle: Bool
    /// The seed of the shuffling and of the dropout masks: a run is a deterministic function of it.
    public var seed: UInt64
    /// The fraction of rows held out for validation: the *last* ⌈f·n⌉ rows, as Keras's
    /// `validation_split` (shuffle the data first if it is ordered). 0 for none.
    public var validationFraction: Double
    /// Early stopping: stop after this many epochs without a lower monitored loss (validation
    /// loss if there is a validation set, training loss otherwise) and keep the best epoch's
    /// parameters; `nil` never stops early.
    public var patience: Int?
    /// Whether to print a progress line on standard error (only when it is a terminal).
    public var showsProgress: Bool

    /// Options with the given values (defaults: 10 epochs of batches of 32, shuffled with seed 0,
    /// no validation, no early stopping, progress on a terminal).
    public init(epochs: Int = 10, batchSize: Int = 32, shuffle: Bool = true, seed: UInt64 = 0,
                validationFraction: Double = 0, patience: Int? = nil, showsProgress: Bool = true) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.validationFraction = validationFraction
        self.patience = patience
        self.showsProgress = showsProgress
    }

    /// Checks every field's range.
    /// - Throws: `NeuralNetworkError.invalidOption` naming the field.
    public func validate() throws {
        guard epochs >= 1 else { throw NeuralNetworkError.invalidOption("epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw NeuralNetworkError.invalidOption("the batch size must be at least 1, got \(batchSize)") }
        guard validationFraction >= 0 && validationFraction < 1 else {
            throw NeuralNetworkError.invalidOption("the validation fraction must be in [0, 1), got \(validationFraction)")
        }
        if let patience, patience < 1 { throw NeuralNetworkError.invalidOption("patience must be at least 1, got \(patience)") }
    }
}
