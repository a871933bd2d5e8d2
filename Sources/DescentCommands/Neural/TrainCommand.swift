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

/// The optimizer of `descent train`: first-order transformations (sgd, momentum, adam, adamw) or a
/// curvature-aware training step (kfac: K-FAC; natural: damped-Fisher natural gradient by CG;
/// hessian-free: Martens' truncated CG on the damped Gauss–Newton matrix).
public enum TrainOptimizer: String, CaseIterable, ExpressibleByArgument, Sendable {
    case sgd, momentum, adam, adamw, kfac, natural
    case hessianFree = "hessian-free"

    /// PyTorch-like defaults: SGD 0.1, momentum (β = 0.9) 0.01, Adam and AdamW 0.001; K-FAC 0.003 and
    /// natural gradient 0.02 (their steps are preconditioned; chosen on digits' raw pixels); Hessian-free takes no rate (line search).
    var defaultLearningRate: Double {
        switch self {
        case .sgd: 0.1
        case .momentum: 0.01
        case .kfac: 0.003
        case .natural: 0.02
        case .hessianFree: 1
        case .adam, .adamw: 0.001
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
            is decoupled for adamw and kfac and an L2 term added to the gradient otherwise. kfac preconditions \
            each dense layer's gradient with Kronecker factors of the sampled Fisher (damping 1e-2, refreshed every 5 \
            steps) before momentum SGD; natural solves (F + 0.1 I) d = g by conjugate gradients on each batch; \
            hessian-free runs Martens' truncated CG on the damped Gauss–Newton matrix with a line search (no --lr). \
            --curvature adds the Hessian of the training loss at the final weights: the --top K (default 10) largest \
            eigenvalues by Lanczos, the trace by Hutch++ and the spectral density by stochastic Lanczos quadrature \
            (JSON \(JSONKey.list(.topEigenvalues, .trace, .density)); density has \(JSONKey.list(.grid, .values)); with --plot \
            the density is drawn beside the loss curves). A loss that becomes NaN or ∞ \
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
    @Flag(name: .long, help: "Scale every feature to mean 0 and standard deviation 1 first (a constant feature is only centred, as scikit-learn's StandardScaler does).")
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
        switch optimizer {
        case .hessianFree where lr != nil:
            throw UsageError("--lr does not apply to --optimizer hessian-free (its step length comes from a line search)")
        case .natural where weightDecay > 0, .hessianFree where weightDecay > 0:
            throw UsageError("--weight-decay applies to sgd, momentum, adam, adamw and kfac, not to --optimizer \(optimizer.rawValue)")
        default: break
        }
        if case .dataset = MatrixFile.kind(of: data) {} else if target == nil {
            throw UsageError("\(data): name the target column with --target COL (a CSV file has no default target)")
        }
        let table = try TableInput.read(data, target: target, drop: drop)
        guard let y = table.target, table.rows > 0, !table.columnNames.isEmpty else {
            throw UsageError("\(data): no rows, no feature columns or no target to train on")
        }
        var x = table.features
        if standardize { x = try StandardScaler(fitting: x, columnNames: table.columnNames, constantColumns: .keepUnscaled).transform(x) }
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
        case .kfac:
            // K-FAC preconditions the gradient (sampled-Fisher Kronecker factors, damping 1e-2,
            // inverses refreshed every 5 steps); momentum SGD then takes the step, weight decay decoupled.
            result = try train(network, loss: loss, inputs: x, targets: y, from: theta,
                               using: KFACStep(KFACConfiguration(damping: 1e-2, seed: seed.seed),
                                               then: chain(addDecayedWeights(weightDecay), sgd(learningRate: rate, momentum: 0.9))),
                               options: options)
        case .natural:
            result = try train(network, loss: loss, inputs: x, targets: y, from: theta,
                               using: NaturalGradientStep(learningRate: rate, method: NaturalGradient(damping: 0.1)), options: options)
        case .hessianFree:
            result = try train(network, loss: loss, inputs: x, targets: y, from: theta, using: HessianFreeStep(), options: options)
        }
        if let save {
            try OptionChecks.naming("--save") { try SavedWeights.save(result.parameters, network: network, loss: loss, to: save) }
        }
        var summary: CurvatureSummary?
        if curvature {
            // The Hessian of the loss over the training rows (the validation rows held out), at the weights kept.
            let trainingRows = x.shape[0] - Int((validationFraction * Double(x.shape[0])).rounded(.up))
            summary = try curvatureSummary(of: network, parameters: result.parameters, inputs: x.slice(rows: 0..<trainingRows),
                                           targets: y.slice(rows: 0..<trainingRows), loss: loss, top: top ?? 10, seed: seed.seed)
        }
        let output = TrainCommand.report(result, network: network, loss: loss, x: x, y: y, validationFraction: validationFraction,
                                         curvature: summary)
        var chart = plot.file == nil ? nil : TrainCommand.lossCurves(result)
        if let summary, let loss = chart { chart = ChartRow([loss, TrainCommand.densityChart(summary)]) }
        return (output, result, chart)
    }
}
