import ArgumentParser
import DescentCore
import DescentLearn
import DescentNeural
import DescentOptimize
import DescentPlot
import Foundation

/// The task of `descent train`: what the network's outputs mean and which loss trains them.
public enum TrainTask: String, CaseIterable, ExpressibleByArgument, Sendable {
    case regression, classification
}

/// The hidden activation of `descent train`.
public enum TrainActivation: String, CaseIterable, ExpressibleByArgument, Sendable {
    case relu, tanh, gelu

    var kind: ActivationKind {
        switch self {
        case .relu: .relu
        case .tanh: .tanh
        case .gelu: .gelu
        }
    }
}

/// The optimizer of `descent train`. The second-order ones (kfac, natural, hessian-free) parse but
/// are not yet wired into this build (`TrainCommand.trained`).
public enum TrainOptimizer: String, CaseIterable, ExpressibleByArgument, Sendable {
    case sgd, momentum, adam, adamw, kfac, natural
    case hessianFree = "hessian-free"

    /// PyTorch-like defaults: SGD 0.1, momentum (β = 0.9) 0.01, Adam and AdamW 0.001.
    var defaultLearningRate: Double {
        switch self {
        case .sgd: 0.1
        case .momentum: 0.01
        default: 0.001
        }
    }
}

/// `descent train DATA --target COL`: trains a multilayer perceptron on a table and reports the
/// per-epoch history, the final metrics and the parameter count.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a multilayer perceptron on a CSV table with a header row, or on dataset:NAME.",
        discussion: """
            The network is input → --hidden widths (each a dense layer followed by --activation) → outputs, \
            weights drawn Glorot-uniform with --seed, biases zero. Classification (the default when the target \
            holds class names, as a bundled classification dataset does) uses one output per class and softmax \
            cross-entropy, labels being 0, 1, …; regression one output and the mean squared error. Training runs \
            --epochs passes in mini-batches of --batch-size rows shuffled with --seed; the last \
            --validation-fraction of the rows are held out and scored after each epoch; --patience stops after \
            that many epochs without a lower validation (or training) loss and keeps the best epoch. --weight-decay \
            is decoupled for adamw and an L2 term added to the gradient otherwise. A loss that becomes NaN or ∞ \
            stops training with an error naming the epoch (the last finite weights are saved with --save). \
            --save writes the weights (a versioned JSON document with the architecture), --resume starts from such a file \
            (the same --hidden, --activation and data columns); --plot draws the loss \
            curves. JSON keys: \(JSONKey.list(.architecture, .parameters, .history, .metrics, .termination, .bestEpoch)) \
            (history: one object per epoch with \(JSONKey.list(.epoch, .loss, .accuracy, .validationLoss, .validationAccuracy)); \
            metrics: the same quantities with the final weights).
            """)

    @Argument(help: "The data: a CSV file with a header row, or dataset:NAME (see `descent datasets`).")
    public var data: String
    @Option(name: .long, help: ArgumentHelp("The target column (a CSV file needs one; a dataset has its own).", valueName: "COL"))
    public var target: String?
    @Option(name: .long, help: ArgumentHelp("Leave this column out (repeat for more).", valueName: "COL"))
    public var drop: [String] = []
    @Option(name: .long, help: "Regression or classification. (default: classification when the target holds class names)")
    public var task: TrainTask?
    @Option(name: .long, help: ArgumentHelp("Widths of the hidden layers, comma-separated.", valueName: "W1,W2,…"))
    public var hidden: String = "64"
    @Option(name: .long, help: "The activation after each hidden layer.")
    public var activation: TrainActivation = .relu
    @Option(name: .long, help: "The optimizer.")
    public var optimizer: TrainOptimizer = .adam
    @Option(name: .long, help: ArgumentHelp("Learning rate. (default: sgd 0.1, momentum 0.01, adam and adamw 0.001)", valueName: "LR"))
    public var lr: Double?
    @Option(name: .long, help: ArgumentHelp("Passes over the training rows.", valueName: "E"))
    public var epochs: Int = 20
    @Option(name: .customLong("batch-size"), help: ArgumentHelp("Rows per mini-batch.", valueName: "B"))
    public var batchSize: Int = 32
    @Option(name: .customLong("weight-decay"), help: ArgumentHelp("Weight decay λ (decoupled for adamw, an L2 gradient term otherwise).", valueName: "W"))
    public var weightDecay: Double = 0
    @Option(name: .customLong("validation-fraction"), help: ArgumentHelp("Hold out the last fraction of the rows for validation.", valueName: "f"))
    public var validationFraction: Double = 0
    @Option(name: .long, help: ArgumentHelp("Stop after this many epochs without a lower validation loss.", valueName: "N"))
    public var patience: Int?
    @Flag(name: .long, help: "Scale every feature to mean 0 and standard deviation 1 first.")
    public var standardize = false
    @Option(name: .long, help: ArgumentHelp("Write the trained weights to this JSON file.", valueName: "FILE"))
    public var save: String?
    @Option(name: .long, help: ArgumentHelp("Start from the weights saved (by --save) in this file instead of fresh ones; the architecture must match.", valueName: "FILE"))
    public var resume: String?
    @Flag(name: .long, help: "Also report the curvature of the loss at the trained weights (top Hessian eigenvalues, trace, spectral density).")
    public var curvature = false
    @Option(name: .long, help: ArgumentHelp("The number of top Hessian eigenvalues of --curvature.", valueName: "K"))
    public var top: Int?
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var plot: PlotOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    /// The hidden widths of `--hidden` ("64,32" → [64, 32]; "" → none).
    var hiddenWidths: [Int] {
        get throws {
            let parts = hidden.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts == [""] { return [] }
            return try parts.map { part in
                guard let width = Int(part) else { throw ValidationError("--hidden takes comma-separated integer widths such as 64,32, got '\(hidden)'") }
                return width
            }
        }
    }

    public func validate() throws {
        _ = try hiddenWidths
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive finite number, got \(NumberFormat.exact(lr))") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
        try OptionChecks.requireNonNegativeFinite(weightDecay, "--weight-decay")
        guard validationFraction >= 0 && validationFraction < 1 else {
            throw ValidationError("--validation-fraction must be in [0, 1), got \(NumberFormat.exact(validationFraction))")
        }
        if let patience, patience < 1 { throw ValidationError("--patience must be at least 1, got \(patience)") }
        if top != nil && !curvature { throw ValidationError("--top applies to --curvature") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    public func run() throws {
        try reportingErrors {
            let (output, result, chart) = try trained()
            output.emit(self.output)
            if let chart { try plot.write(chart) }
            if result.termination == .nonFiniteValue, let epoch = result.nonFiniteEpoch {
                throw UsageError("training stopped in epoch \(epoch): the loss became NaN or infinite (try a smaller --lr)"
                                 + (save.map { "; the last finite weights are in \($0)" } ?? ""))
            }
        }
    }

    /// Reads the data, trains, saves, and returns the output, the result and (with --plot) the figure.
    public func trained() throws -> (CommandOutput, TrainingResult, (any Chart)?) {
        // Hook for the second-order methods and the curvature report (other branches): until they are
        // wired in here, say so before any work is done.
        switch optimizer {
        case .kfac, .natural, .hessianFree:
            throw UsageError("--optimizer \(optimizer.rawValue) is not available in this build (use sgd, momentum, adam or adamw)")
        case .sgd, .momentum, .adam, .adamw: break
        }
        if curvature { throw UsageError("--curvature is not available in this build") }

        if case .dataset = MatrixFile.kind(of: data) {} else if target == nil {
            throw UsageError("\(data): name the target column with --target COL (a CSV file has no default target)")
        }
        let table = try TableInput.read(data, target: target, drop: drop)
        guard let y = table.target, table.rows > 0, !table.columnNames.isEmpty else {
            throw UsageError("\(data): no rows, no feature columns or no target to train on")
        }
        var x = table.features
        if standardize { x = try StandardScaler(fitting: x, columnNames: table.columnNames).transform(x) }
        let task = self.task ?? (table.targetClasses.isEmpty ? .regression : .classification)
        let loss: NetworkLoss = task == .classification ? .softmaxCrossEntropy : .meanSquaredError
        let outputs: Int
        if task == .classification {
            if let bad = y.scalars.firstIndex(where: { !($0 >= 0 && $0 == $0.rounded() && $0 < 1e6) }) {
                throw UsageError("\(data): the class label \(NumberFormat.exact(y.scalars[bad])) at row \(bad + 1) is not a class index 0, 1, 2, …")
            }
            outputs = Swift.max(table.targetClasses.count, Int(y.scalars.max() ?? 0) + 1)
        } else {
            outputs = 1
        }
        let network = try Sequential.perceptron(inputFeatures: x.shape[1], hidden: try hiddenWidths, outputs: outputs, activation: activation.kind)
        let theta = try resume.map { try SavedWeights.load(from: $0, network: network) } ?? network.initialParameters(seed: seed.seed)
        let options = TrainingOptions(epochs: epochs, batchSize: batchSize, seed: seed.seed, validationFraction: validationFraction,
                                      patience: patience, showsProgress: !output.json)
        let rate = lr ?? optimizer.defaultLearningRate
        let result: TrainingResult
        func run(_ t: some GradientTransformation) throws -> TrainingResult {
            try train(network, loss: loss, inputs: x, targets: y, from: theta, optimizer: t, options: options)
        }
        switch optimizer {
        case .sgd: result = try run(chain(addDecayedWeights(weightDecay), sgd(learningRate: rate)))
        case .momentum: result = try run(chain(addDecayedWeights(weightDecay), sgd(learningRate: rate, momentum: 0.9)))
        case .adam: result = try run(chain(addDecayedWeights(weightDecay), adam(learningRate: rate)))
        case .adamw: result = try run(adamw(learningRate: rate, weightDecay: weightDecay))
        case .kfac, .natural, .hessianFree: preconditionFailure("refused above")
        }
        if let save {
            try OptionChecks.naming("--save") { try SavedWeights.save(result.parameters, network: network, loss: loss, to: save) }
        }
        let output = TrainCommand.report(result, network: network, loss: loss, x: x, y: y, validationFraction: validationFraction)
        let chart = plot.file == nil ? nil : TrainCommand.lossCurves(result)
        return (output, result, chart)
    }
}
