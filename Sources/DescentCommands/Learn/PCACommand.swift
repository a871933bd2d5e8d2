import ArgumentParser
import DescentCore
import DescentLearn
import DescentPlot

/// The method of `descent pca`: the four ways to compute linear PCA, and kernel PCA.
public enum PCAMethodChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case full, covariance, randomized, incremental, kernel
}

/// The kernel of `descent pca --method kernel`.
public enum PCAKernelChoice: String, CaseIterable, ExpressibleByArgument, Sendable {
    case rbf, poly, cosine
}

/// `descent pca DATA --components K`: principal component analysis of a table's feature columns —
/// explained variance, ratios and axes — and optionally the scree plot and the 2-D projection.
public struct PCACommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Principal component analysis of a CSV table with a header row, or of dataset:NAME.",
        discussion: """
            Every column is a feature (leave some out with --drop; a bundled dataset's target is left out). \
            Methods, as scikit-learn computes them: full (SVD of the centred data), covariance (eigendecomposition \
            of the sample covariance), randomized (Halko–Martinsson–Tropp sketch with power iterations, drawn with \
            --seed), incremental (batches of 5d rows folded into a running SVD, scikit-learn's IncrementalPCA) and \
            kernel (PCA of the centred kernel matrix; --kernel rbf exp(−γ‖x − y‖²), poly (γxᵀy + 1)³ or cosine; \
            γ = 1/d unless --gamma). Explained variance λᵢ = σᵢ²/(n − 1); ratio λᵢ / total variance. Components \
            are unit rows with their largest-magnitude entry positive (scikit-learn's sign rule). \
            --plot draws the scree plot (ratio per component) beside the data projected on the first two components. \
            JSON keys: \(JSONKey.list(.explainedVariance, .explainedVarianceRatio, .components)) (k lists of d loadings, \
            in column order); kernel PCA has no components in the data space and gives \(JSONKey.list(.eigenvalues)) of the \
            centred kernel instead.
            """)

    @Argument(help: "The data: a CSV file with a header row, or dataset:NAME (see `descent datasets`).")
    public var data: String
    @Option(name: .long, help: ArgumentHelp("Leave this column out (repeat for more).", valueName: "COL"))
    public var drop: [String] = []
    @Option(name: .long, help: ArgumentHelp("The number of components k, 1 ≤ k ≤ min(rows, columns).", valueName: "K"))
    public var components: Int
    @Option(name: .long, help: "The method.")
    public var method: PCAMethodChoice = .full
    @Option(name: .long, help: "The kernel of --method kernel.")
    public var kernel: PCAKernelChoice?
    @Option(name: .long, help: ArgumentHelp("γ of the rbf and poly kernels. (default: 1/columns)", valueName: "G"))
    public var gamma: Double?
    @Flag(name: .long, help: "Scale every column to mean 0 and standard deviation 1 first (a constant column is only centred, as scikit-learn's StandardScaler does).")
    public var standardize = false
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var plot: PlotOptions
    @OptionGroup public var output: OutputOptions
    @Flag(name: .long, help: "Under mpirun: each rank reads its rows (DATA with {rank} in the name, or every P-th block of 1000 rows of one file); full is TSQR, covariance an allreduce of the d × d covariance; rank 0 prints.")
    public var distributed = false

    public init() {}

    public func validate() throws {
        guard components >= 1 else { throw ValidationError("--components must be at least 1, got \(components)") }
        if distributed {
            try DistributedAvailability.require()
            guard method == .full || method == .covariance else { throw ValidationError("--distributed supports --method full (TSQR) and covariance, not \(method.rawValue)") }
            if standardize { throw ValidationError("--distributed does not support --standardize: standardize the shards beforehand") }
            if plot.file != nil { throw ValidationError("--distributed does not draw --plot") }
        }
        if method != .kernel {
            if kernel != nil { throw ValidationError("--kernel applies to --method kernel") }
            if gamma != nil { throw ValidationError("--gamma applies to --method kernel") }
        }
        if let gamma, !(gamma > 0 && gamma.isFinite) { throw ValidationError("--gamma must be a positive finite number, got \(NumberFormat.exact(gamma))") }
        if gamma != nil && kernel == .cosine { throw ValidationError("--gamma applies to the rbf and poly kernels, not cosine") }
    }

    public func run() throws {
#if canImport(DescentDistributed)
        if distributed {
            try reportingErrors { try DistributedLearning.run("pca", output, distributedAnalysis) }
            return
        }
#endif
        try reportingErrors {
            let (output, chart) = try analysed()
            output.emit(self.output)
            if let chart { try plot.write(chart) }
        }
    }

    /// Reads the data, fits, and returns the output and (with --plot) the figure.
    public func analysed() throws -> (CommandOutput, (any Chart)?) {
        let table = try TableInput.read(data, target: nil, drop: drop)
        guard table.rows > 0 && !table.columnNames.isEmpty else { throw UsageError("\(data): no rows or no feature columns to analyse") }
        var x = table.features
        if standardize { x = try StandardScaler(fitting: x, columnNames: table.columnNames, constantColumns: .keepUnscaled).transform(x) }
        let names = table.columnNames

        let variance: Tensor, ratio: Tensor, scores: Tensor
        var json: [(String, JSONValue)] = []
        var lines = ["\(method.rawValue) PCA of \(x.shape[0]) rows × \(x.shape[1]) columns\(standardize ? " (standardized)" : ""), \(components) component\(components == 1 ? "" : "s")"]
        var loadings: [[(String, Double)]] = []
        if method == .kernel {
            let choice: KernelPCA.Kernel
            switch kernel ?? .rbf {
            case .rbf: choice = .rbf(gamma: gamma)
            case .poly: choice = .polynomial(gamma: gamma)
            case .cosine: choice = .cosine
            }
            let fit = try KernelPCA(components: components, kernel: choice).fit(x)
            (variance, ratio, scores) = (fit.explainedVariance, fit.explainedVarianceRatio, fit.trainingScores)
            lines[0] += ", kernel \(choice.name)" + (choice == .cosine ? "" : " (gamma = \(NumberFormat.readable(fit.gamma)))")
            json = [(JSONKey.explainedVariance.rawValue, .tensor(variance)), (JSONKey.explainedVarianceRatio.rawValue, .tensor(ratio)),
                    (JSONKey.eigenvalues.rawValue, .tensor(fit.eigenvalues))]
        } else {
            let chosen: PCA.Method
            switch method {
            case .covariance: chosen = .covariance
            case .randomized: chosen = .randomized(seed: seed.seed)
            case .incremental: chosen = .incremental()
            case .full, .kernel: chosen = .full
            }
            let fit = try PCA(components: components, method: chosen).fit(x)
            (variance, ratio, scores) = (fit.explainedVariance, fit.explainedVarianceRatio, try fit.transform(x))
            let d = fit.featureCount
            let rows = (0..<components).map { i in Array(fit.components.scalars[(i * d)..<((i + 1) * d)]) }
            json = [(JSONKey.explainedVariance.rawValue, .tensor(variance)), (JSONKey.explainedVarianceRatio.rawValue, .tensor(ratio)),
                    (JSONKey.components.rawValue, .array(rows.map { .array($0.map(JSONValue.number)) }))]
            // The three largest loadings of each axis say what it measures.
            loadings = rows.map { row in
                row.indices.sorted { abs(row[$0]) > abs(row[$1]) }.prefix(3).map { (names[$0], row[$0]) }
            }
        }
        var cumulative = 0.0
        for i in 0..<components {
            cumulative += ratio[i]
            var line = "  \(i + 1): variance \(NumberFormat.readable(variance[i])), ratio \(NumberFormat.readable(ratio[i])), cumulative \(NumberFormat.readable(cumulative))"
            if !loadings.isEmpty { line += "; largest loadings " + loadings[i].map { "\($0.0) \(NumberFormat.readable($0.1))" }.joined(separator: ", ") }
            lines.append(line)
        }
        let chart = plot.file == nil ? nil : PCACommand.figure(ratio: ratio.scalars, scores: scores, table: table, method: method)
        let finalLines = lines, finalJSON = json
        return (CommandOutput(lines: finalLines, json: .object(finalJSON)), chart)
    }

    /// The scree plot (each component's share of the variance) beside the rows projected on the first
    /// two components, coloured by class when the data carry class names (a bundled dataset).
    static func figure(ratio: [Double], scores: Tensor, table: Table, method: PCAMethodChoice) -> any Chart {
        let scree = BarChart(title: "Scree plot (\(method.rawValue))", values: ratio, xTitle: "component",
                             yAxis: Axis("explained variance ratio"), width: 420, height: 400)
        let second = scores.shape[1] > 1 ? scores.column(1).scalars : [Double](repeating: 0, count: scores.shape[0])
        let labels = table.target.flatMap { target in
            table.targetClasses.isEmpty ? nil : target.scalars.map { table.targetClasses[Int($0)] }
        }
        let projection = ScatterPlot(title: "Projection on the first two components", xAxis: Axis("component 1"),
                                     yAxis: Axis(scores.shape[1] > 1 ? "component 2" : "(one component)"),
                                     x: scores.column(0).scalars, y: second, labels: labels, width: 520, height: 400)
        return ChartRow([scree, projection])
    }
}
