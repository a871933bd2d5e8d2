import Foundation
import ArgumentParser
import DescentCore
import DescentLearn
import DescentPlot

/// The stopping options of `descent fit`: scikit-learn's defaults for the iterative models.
public enum FitIterationDefaults: IterationDefaults {
    public static let tol = 1e-4
    public static let maxIter = 1000
    public static let tolHelp = "Stopping tolerance of the iterative solvers (duality gap for lasso and elasticnet, optimality for logistic and softmax, gradient for iterative OLS and ridge: 1e-10 unless given)"
    public static let maxIterHelp = "Iteration limit of the iterative solvers (epochs of coordinate descent; 10000 for iterative OLS and ridge unless given)"
}

/// `descent fit DATA --target COL --model M`: fits a linear or logistic model to a table and
/// reports its coefficients by column name, how the fit ended and its metrics.
public struct FitCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a linear or logistic model to a CSV table with a header row, or to dataset:NAME.",
        discussion: """
            Models, as scikit-learn defines them: ols (least squares), ridge (‖r‖² + α‖w‖²), lasso \
            (½n⁻¹‖r‖² + α‖w‖₁), elasticnet (½n⁻¹‖r‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖², ρ = --l1-ratio), logistic \
            (binary labels 0/1: C·Σ log-loss + penalty) and softmax (k classes: C·Σ cross-entropy + ½‖W‖²). \
            The objective reported is that one, on the training rows (OLS: ½n⁻¹‖r‖²). Metrics are R², MSE and MAE \
            for regression, accuracy and log-loss (and ROC AUC for two classes) for classification, on the test \
            rows with --test-fraction (drawn with --seed), else on the training rows. --standardize scales each feature to mean 0 and \
            standard deviation 1 (fitted on the training rows); coefficients are then on that scale. \
            --path (lasso, elasticnet) fits --alphas values of α from α_max (the smallest α with w = 0) down to \
            --eps·α_max, log-spaced; --plot draws the coefficient paths on a log α axis. --cv K picks α by K-fold \
            cross-validation over that grid (lowest mean squared error). \
            JSON keys: \(JSONKey.list(.coefficients, .intercept, .objective, .iterations, .termination, .zeros, .metrics, .alphas, .path, .cvScores, .bestAlpha, .curvature)) \
            (coefficients and intercept by class for softmax; curvature with --curvature, the curvature report of descent curvature \
            on the exact Hessian of that objective at the solution, for ols, ridge, logistic and softmax with a smooth penalty; alphas and path with --path; cv_scores, the mean squared \
            error of each α of alphas, and best_alpha with --cv).
            """)

    @Argument(help: "The data: a CSV file with a header row, or dataset:NAME (see `descent datasets`).")
    public var data: String
    @Option(name: .long, help: ArgumentHelp("The target column (a CSV file needs one; a dataset has its own).", valueName: "COL"))
    public var target: String?
    @Option(name: .long, help: ArgumentHelp("Leave this column out (repeat for more).", valueName: "COL"))
    public var drop: [String] = []
    @Option(name: .customLong("one-hot"), help: ArgumentHelp("One-hot encode this text column into COL=value columns (repeat for more).", valueName: "COL"))
    public var oneHot: [String] = []
    @Option(name: .long, help: "Missing values (empty, NA, nan): an error, or drop their rows, or the column mean.")
    public var missing: FitMissingValues = .error
    @Option(name: .long, help: "The model.")
    public var model: FitModel
    @Option(name: .long, help: ArgumentHelp("Penalty strength α of ridge, lasso and elasticnet. (default: 1)", valueName: "α"))
    public var alpha: Double?
    @Option(name: .customLong("l1-ratio"), help: ArgumentHelp("Share ρ of the L1 penalty, in [0, 1], for elasticnet and logistic --penalty elasticnet. (default: 0.5)", valueName: "ρ"))
    public var l1Ratio: Double?
    @Option(name: [.customLong("C"), .customLong("c")],
            help: ArgumentHelp("Inverse penalty strength C of logistic and softmax (scikit-learn's C; --c is the same). (default: 1)", valueName: "C"))
    public var c: Double?
    @Option(name: .long, help: "Penalty of logistic (none, l1, l2, elasticnet; default l2) and softmax (none, l2).")
    public var penalty: FitPenalty?
    @Option(name: [.customLong("solver"), .customLong("method")], help: "The solver, or --method (ols and ridge: cholesky, qr, svd, gradient-descent, lbfgs; lasso and elasticnet: coordinate-descent, fista; logistic: auto, lbfgs, newton, proximal-newton, fista, saga; softmax: lbfgs, newton-cg).")
    public var method: FitMethod?
    @Flag(name: .long, help: "Scale every feature to mean 0 and standard deviation 1 before fitting.")
    public var standardize = false
    @Flag(name: .long, help: "Fit the regularization path of lasso or elasticnet.")
    public var path = false
    @Option(name: .long, help: ArgumentHelp("Number of α values of --path and --cv.", valueName: "n"))
    public var alphas: Int = 100
    @Option(name: .long, help: ArgumentHelp("Smallest α of --path and --cv as a fraction of α_max.", valueName: "ε"))
    public var eps: Double = 1e-3
    @Option(name: .long, help: ArgumentHelp("Pick α of lasso or elasticnet by K-fold cross-validation.", valueName: "K"))
    public var cv: Int?
    @Flag(name: .long, help: "Also report the curvature of the objective at the solution (Hessian eigenvalues, κ, 2/λmax, trace; as descent curvature).")
    public var curvature = false
    @Option(name: .customLong("test-fraction"), help: ArgumentHelp("Hold out this fraction of the rows (chosen with --seed) for the metrics.", valueName: "f"))
    public var testFraction: Double?
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var iteration: IterationOptions<FitIterationDefaults>
    @OptionGroup public var plot: PlotOptions
    @OptionGroup public var output: OutputOptions
    @Flag(name: .long, help: "Under mpirun: each rank reads its rows (DATA with {rank} in the name, or every P-th block of 1000 rows of one file); ols, ridge and lasso from the allreduced Gram matrix, logistic (l2) by L-BFGS on the allreduced loss; rank 0 prints.")
    public var distributed = false

    public init() {}

    public func validate() throws {
        func onlyFor(_ given: Bool, _ option: String, _ allowed: Bool, _ who: String) throws {
            if given && !allowed { throw ValidationError("\(option) applies to \(who), not to --model \(model.rawValue)") }
        }
        try onlyFor(alpha != nil, "--alpha", model.hasAlpha, "ridge, lasso and elasticnet (logistic and softmax take --c)")
        try onlyFor(c != nil, "--c", model.isClassifier, "logistic and softmax (the others take --alpha)")
        try onlyFor(penalty != nil, "--penalty", model.isClassifier, "logistic and softmax")
        try onlyFor(l1Ratio != nil, "--l1-ratio", model == .elasticNet || (model == .logistic && penalty == .elasticNet),
                    "elasticnet and logistic --penalty elasticnet")
        try onlyFor(path, "--path", model.hasPath, "lasso and elasticnet")
        try onlyFor(cv != nil, "--cv", model.hasPath, "lasso and elasticnet")
        if let alpha { try OptionChecks.requireNonNegativeFinite(alpha, "--alpha") }
        if let c, !(c > 0 && c.isFinite) { throw ValidationError("--c must be a positive finite number, got \(NumberFormat.exact(c))") }
        if let l1Ratio, !(l1Ratio >= 0 && l1Ratio <= 1) {
            throw ValidationError("--l1-ratio must be in [0, 1], got \(NumberFormat.exact(l1Ratio))")
        }
        if let penalty, !model.penalties.contains(penalty) {
            throw ValidationError("--penalty \(penalty.rawValue) does not apply to \(model.rawValue) (\(model.penalties.map(\.rawValue).joined(separator: ", ")))")
        }
        if let method, !model.methods.contains(method) {
            throw ValidationError("--method \(method.rawValue) does not fit \(model.rawValue) (\(model.methods.map(\.rawValue).joined(separator: ", ")))")
        }
        if cv != nil && alpha != nil { throw ValidationError("--cv chooses α itself; drop --alpha") }
        if let cv, cv < 2 { throw ValidationError("--cv needs at least 2 folds, got \(cv)") }
        guard alphas >= 1 else { throw ValidationError("--alphas must be at least 1, got \(alphas)") }
        guard eps > 0 && eps < 1 else { throw ValidationError("--eps must be in (0, 1), got \(NumberFormat.exact(eps))") }
        if let testFraction, !(testFraction > 0 && testFraction < 1) {
            throw ValidationError("--test-fraction must be in (0, 1), got \(NumberFormat.exact(testFraction))")
        }
        if curvature, let reason = FitCurvature.missingHessian(model: model, penalty: penalty) { throw ValidationError(reason) }
        if plot.file != nil && !path { throw ValidationError("--plot draws the coefficient paths: add --path") }
        if distributed {
            try DistributedAvailability.require()
            guard [.ols, .ridge, .lasso, .logistic].contains(model) else { throw ValidationError("--distributed fits ols, ridge, lasso and logistic, not \(model.rawValue)") }
            if model == .logistic, let penalty, penalty != .l2 { throw ValidationError("--distributed fits logistic with --penalty l2 only, not \(penalty.rawValue)") }
            let unsupported = [("--path", path), ("--cv", cv != nil), ("--test-fraction", testFraction != nil), ("--standardize", standardize),
                               ("--curvature", curvature), ("--one-hot", !oneHot.isEmpty), ("--method", method != nil), ("--plot", plot.file != nil)]
            if let (option, _) = unsupported.first(where: { $0.1 }) { throw ValidationError("--distributed does not support \(option)") }
        }
    }

    public func run() throws {
#if canImport(DescentDistributed)
        if distributed {
            try reportingErrors { try DistributedLearning.run("fit", output, distributedFit) }
            return
        }
#endif
        try reportingErrors {
            let (output, path) = try fitted()
            output.emit(self.output)
            if let path, plot.file != nil { try plot.write(FitCommand.pathChart(path, model: model)) }
        }
    }

    /// Reads the data, fits, and returns the output (and the path, for the plot).
    public func fitted() throws -> (CommandOutput, RegularizationPath?) {
        let data = try FitData.read(self.data, target: target, drop: drop, oneHot: oneHot, missing: missing)
        guard data.rows > 0 && data.columns > 0 else { throw UsageError("\(self.data): no rows or no feature columns to fit") }
        if !model.isClassifier && !data.targetNames.isEmpty && MatrixFile.kind(of: self.data) == .csv {
            throw UsageError("\(self.data): the target column '\(data.targetName)' holds class names (\(data.targetNames.prefix(3).joined(separator: ", "))\(data.targetNames.count > 3 ? ", …" : "")); fit it with --model logistic or softmax")
        }
        var (xTrain, yTrain) = (data.features, data.target)
        var test: (x: Tensor, y: Tensor)?
        if let testFraction {
            let split = try TrainTestSplit(rowCount: data.rows, testFraction: testFraction, seed: seed.seed).apply(data.features, data.target)
            (xTrain, yTrain) = (split.xTrain, split.yTrain)
            test = (split.xTest, split.yTest)
        }
        if standardize {
            let scaler = try StandardScaler(fitting: xTrain, columnNames: data.columnNames)
            xTrain = try scaler.transform(xTrain)
            if let current = test { test = (try scaler.transform(current.x), current.y) }
        }
        let names = data.columnNames
        var json: [(String, JSONValue)] = []
        var lines: [String] = []
        var pathResult: RegularizationPath?
        var crossValidated: CrossValidatedLinearModel?

        let summary: FitSummary
        switch model {
        case .ols:
            let fitted = try LinearRegression(solver: leastSquaresSolver(default: .svd), tolerance: iteration.tol ?? 1e-10,
                                              maxIterations: iteration.maxIter ?? 10_000).fit(xTrain, yTrain, columnNames: names)
            // More coefficients than rows: the SVD answer is one of infinitely many exact fits (the minimum-norm
            // one), so say so on stderr (the JSON on stdout stays one object) and point to the regularized model.
            let (rows, columns) = (xTrain.shape[0], xTrain.shape[1])
            if columns >= rows {
                FileHandle.standardError.write(Data("note: ols with \(columns) columns and \(rows) rows is underdetermined: this is the minimum-norm least-squares solution; use --model ridge to regularize\n".utf8))
            }
            summary = try FitSummary.regression(model, fitted, xTrain, yTrain, l1Ratio: 0)
        case .ridge:
            let fitted = try Ridge(alpha: alpha ?? 1, solver: leastSquaresSolver(default: .cholesky), tolerance: iteration.tol ?? 1e-10,
                                   maxIterations: iteration.maxIter ?? 10_000).fit(xTrain, yTrain, columnNames: names)
            summary = try FitSummary.regression(model, fitted, xTrain, yTrain, l1Ratio: 0)
        case .lasso, .elasticNet:
            let rho = model == .lasso ? 1 : (l1Ratio ?? 0.5)
            var configuration = ElasticNet(alpha: alpha ?? 1, l1Ratio: rho, solver: method == .fista ? .fista : .coordinateDescent,
                                           tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
            let grid = AlphaGrid.automatic(count: alphas, ratio: eps)
            if let cv {
                let result = try ElasticNetCV(model: configuration, alphas: grid, folds: .kFold(cv)).fit(xTrain, yTrain, columnNames: names)
                crossValidated = result
                configuration.alpha = result.bestAlpha
            }
            let fitted = try crossValidated?.model ?? configuration.fit(xTrain, yTrain, columnNames: names)
            summary = try FitSummary.regression(model, fitted, xTrain, yTrain, l1Ratio: rho)
            if path { pathResult = try configuration.path(xTrain, yTrain, alphas: grid, columnNames: names) }
        case .logistic:
            let chosen: LogisticRegression.Penalty
            switch penalty ?? .l2 {
            case .none: chosen = .none
            case .l1: chosen = .l1
            case .l2: chosen = .l2
            case .elasticNet: chosen = .elasticNet(l1Ratio: l1Ratio ?? 0.5)
            }
            let solver = LogisticRegression.Solver(rawValue: (method ?? .auto).rawValue)!
            let fitted = try LogisticRegression(penalty: chosen, c: c ?? 1, solver: solver, tolerance: iteration.tolerance,
                                                maxIterations: iteration.maxIterations, seed: seed.seed).fit(xTrain, yTrain, columnNames: names)
            summary = FitSummary(classes: [], labels: [0, 1], coefficients: fitted.coefficients, intercepts: [fitted.intercept], objective: fitted.objective,
                                 iterations: fitted.iterations, termination: fitted.termination, solver: fitted.solver.rawValue, alpha: nil,
                                 predict: { (try fitted.predict($0), try fitted.predictProbabilities($0)) })
        case .softmax:
            let solver = SoftmaxRegression.Solver(rawValue: (method ?? .lbfgs).rawValue)!
            let fitted = try SoftmaxRegression(penalty: penalty == FitPenalty.none ? .none : .l2, c: c ?? 1, solver: solver,
                                               tolerance: iteration.tolerance, maxIterations: iteration.maxIterations)
                .fit(xTrain, yTrain, columnNames: names)
            let classNames = fitted.classes.map { label in
                data.targetNames.indices.contains(Int(label)) ? data.targetNames[Int(label)] : NumberFormat.exact(label)
            }
            summary = FitSummary(classes: classNames, labels: fitted.classes, coefficients: fitted.coefficients, intercepts: fitted.intercepts.scalars,
                                 objective: fitted.objective, iterations: fitted.iterations, termination: fitted.termination,
                                 solver: fitted.configuration.solver.rawValue, alpha: nil,
                                 predict: { (try fitted.predict($0), try fitted.predictProbabilities($0)) })
        }

        // Coefficients and how the fit ended.
        let described = summary.alpha.map { "\(model.rawValue) (alpha = \(NumberFormat.readable($0)))" } ?? model.rawValue
        lines.append("model: \(described), solver: \(summary.solver)\(standardize ? ", standardized features" : "")")
        if summary.classes.isEmpty {
            lines.append("coefficients:")
            lines += FitCommand.aligned(names, summary.coefficients.scalars)
            lines.append("intercept: \(NumberFormat.readable(summary.intercepts[0]))")
            json.append((JSONKey.coefficients.rawValue, .object(zip(names, summary.coefficients.scalars).map { ($0, .number($1)) })))
            json.append((JSONKey.intercept.rawValue, .number(summary.intercepts[0])))
        } else {
            let d = names.count
            var byClass: [(String, JSONValue)] = []
            for (k, name) in summary.classes.enumerated() {
                let row = Array(summary.coefficients.scalars[(k * d)..<((k + 1) * d)])
                lines.append("coefficients of class \(name):")
                lines += FitCommand.aligned(names, row)
                byClass.append((name, .object(zip(names, row).map { ($0, .number($1)) })))
            }
            lines.append("intercepts: " + zip(summary.classes, summary.intercepts).map { "\($0) \(NumberFormat.readable($1))" }.joined(separator: ", "))
            json.append((JSONKey.coefficients.rawValue, .object(byClass)))
            json.append((JSONKey.intercept.rawValue, .object(zip(summary.classes, summary.intercepts).map { ($0, .number($1)) })))
        }
        lines.append("objective: \(NumberFormat.readable(summary.objective))")
        lines += TextLayout.ending(summary.termination, iterations: summary.iterations)
        lines.append("zeros: \(summary.zeros) of \(summary.coefficients.count) coefficients")
        json.append((JSONKey.objective.rawValue, .number(summary.objective)))
        json.append((JSONKey.iterations.rawValue, .integer(summary.iterations)))
        json.append((JSONKey.termination.rawValue, .string(summary.termination.name)))
        json.append((JSONKey.zeros.rawValue, .integer(summary.zeros)))

        // Metrics on the test rows, or on the training rows.
        let (xEval, yEval) = test ?? (xTrain, yTrain)
        let (predicted, probabilities) = try summary.predict(xEval)
        var metrics: [(JSONKey, Double)] = []
        if model.isClassifier {
            metrics.append((.accuracy, try accuracy(yEval, predicted)))
            if let probabilities {
                metrics.append((.logLoss, try logLoss(yEval, probabilities, classes: summary.labels)))
                if probabilities.shape[1] == 2 && Set(yEval.scalars).count == 2 {
                    metrics.append((.rocAUC, try rocAUC(yEval, probabilities.column(1))))
                }
            }
        } else {
            metrics.append((.r2, try r2Score(yEval, predicted)))
            metrics.append((.meanSquaredError, try meanSquaredError(yEval, predicted)))
            metrics.append((.meanAbsoluteError, try meanAbsoluteError(yEval, predicted)))
        }
        let split = test == nil ? "training" : "test"
        lines.append("metrics (\(split) rows: \(yEval.count)): " + metrics.map { "\($0.0.rawValue) \(NumberFormat.readable($0.1))" }.joined(separator: ", "))
        json.append((JSONKey.metrics.rawValue, .object([(JSONKey.split.rawValue, .string(split)), (JSONKey.rows.rawValue, .integer(yEval.count))]
            + metrics.map { ($0.0.rawValue, .number($0.1)) })))

        if curvature {
            let report = try FitCurvature.output(model: model, summary: summary, x: xTrain, y: yTrain, names: names, c: c ?? 1,
                                                 l2: penalty != FitPenalty.none, seed: seed.seed)
            lines += report.lines
            json.append((JSONKey.curvature.rawValue, .object(report.fields)))
        }
        if let pathResult {
            let coefficients = pathResult.coefficients   // (number of α) × d
            let count = pathResult.alphas.count
            json.append((JSONKey.alphas.rawValue, .array(pathResult.alphas.map(JSONValue.number))))
            json.append((JSONKey.path.rawValue, .object(names.enumerated().map { j, name in
                (name, .array((0..<count).map { JSONValue.number(coefficients[$0, j]) }))
            })))
            let first = pathResult.alphas.first ?? 0, last = pathResult.alphas.last ?? 0
            lines.append("path: \(count) values of alpha from \(NumberFormat.readable(first)) to \(NumberFormat.readable(last)); non-zero coefficients along it: "
                         + TextLayout.vector((0..<count).map { k in String((0..<names.count).filter { coefficients[k, $0] != 0 }.count) }))
        }
        if let crossValidated {
            json.append((JSONKey.cvScores.rawValue, .array(crossValidated.meanSquaredErrors.map(JSONValue.number))))
            json.append((JSONKey.bestAlpha.rawValue, .number(crossValidated.bestAlpha)))
            if pathResult == nil { json.insert((JSONKey.alphas.rawValue, .array(crossValidated.alphas.map(JSONValue.number))), at: json.count - 2) }
            lines.append("cross-validation (\(cv ?? 0) folds, \(crossValidated.alphas.count) alphas): best alpha \(NumberFormat.readable(crossValidated.bestAlpha)), mean squared error \(NumberFormat.readable(crossValidated.meanSquaredErrors[crossValidated.bestIndex]))")
        }
        let finalLines = lines, finalJSON = json
        return (CommandOutput(lines: finalLines, json: .object(finalJSON)), pathResult)
    }

    /// `--method` as a least-squares solver, or the model's default.
    private func leastSquaresSolver(default fallback: LeastSquaresSolver) -> LeastSquaresSolver {
        method.flatMap { LeastSquaresSolver(rawValue: $0.rawValue) } ?? fallback
    }

    /// `name  value` lines, names padded to the longest.
    static func aligned(_ names: [String], _ values: [Double]) -> [String] {
        let width = names.map(\.count).max() ?? 0
        return zip(names, values).map { "  " + $0 + String(repeating: " ", count: width - $0.count) + "  " + NumberFormat.readable($1) }
    }

    /// The coefficient paths: one line per feature against α on a log axis (largest α at the left,
    /// where every coefficient is 0).
    static func pathChart(_ path: RegularizationPath, model: FitModel) -> LineChart {
        let coefficients = path.coefficients
        let names = path.models.first?.columnNames ?? (0..<coefficients.shape[1]).map { "x\($0)" }
        let series = names.enumerated().map { j, name in
            LineChart.Series(name: name, x: path.alphas, y: (0..<path.alphas.count).map { coefficients[$0, j] })
        }
        return LineChart(title: "\(model.rawValue) coefficient paths", xAxis: Axis("alpha", scale: .log10),
                         yAxis: Axis("coefficient"), series: series)
    }
}
