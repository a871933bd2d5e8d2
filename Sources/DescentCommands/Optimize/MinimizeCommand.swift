import ArgumentParser
import Descent

/// `descent minimize --expr E --x0 "x=-1.2,y=1" --method M`: minimizes an expression from a point.
///
/// Derivatives are exact (reverse-mode gradient, Hessian-vector products by differentiating the
/// gradient); the `minimize` driver owns the loop, so every method reports the same fields.
public struct MinimizeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "minimize",
        abstract: "Minimize an expression from a starting point with a chosen method.",
        discussion: """
            Methods: gd (line search: armijo by default, or fixed/diminishing with --lr, wolfe, exact), \
            momentum, nesterov, adagrad, rmsprop, adam, adamw, lion (first-order, step --lr, default 0.01), \
            cg, bb, newton (line search armijo or wolfe), trust-region (Steihaug–CG), trust-exact \
            (Moré–Sorensen), trust-krylov (GLTR), dogleg, bfgs, lbfgs, newton-cg; \
            with --residuals "r1; r2; …" (minimizes ½‖r‖²) also lm (Levenberg–Marquardt) and gauss-newton, \
            and the JSON adds residual_norm. --lower/--upper bound the variables (lbfgs becomes L-BFGS-B; \
            it then stops on the projected gradient max |P(x − ∇f) − x|). \
            Stops when the gradient's largest entry is at most --tol. JSON keys: \(JSONKey.list(.variables, .x,
            .value, .gradientNorm, .iterations, .functionEvaluations, .gradientEvaluations, .termination,
            .stationaryPoint, .minHessianEigenvalue, .saddleEscapes)) \
            (x: the minimizer, in the order of variables). \
            On convergence the Hessian's eigenvalues classify the point: stationary_point is minimum, saddle, \
            maximum, degenerate, undetermined or not_checked, with λmin in min_hessian_eigenvalue; \
            newton, the trust-region methods and newton-cg step off saddles along negative curvature, the others \
            with --escape-saddles. \
            --plot FILE.svg draws the loss curve, and for two variables the path over the contours of f.
            """
    )

    /// `--tol` and `--max-iter` of `minimize`.
    public enum Stopping: IterationDefaults {
        public static let tol = 1e-5
        public static let maxIter = 1000
        public static let tolHelp = "Gradient tolerance on max |∂f/∂xᵢ|"
        public static let maxIterHelp = "Iteration limit"
    }

    @Option(name: .long, parsing: .unconditional, help: "The expression, e.g. \"100*(y - x^2)^2 + (1 - x)^2\".")
    public var expr: String?

    @Option(name: .long, parsing: .unconditional, help: "Residuals separated by ';' (instead of --expr): minimizes ½‖r‖², e.g. \"10*(y - x^2); 1 - x\".")
    public var residuals: String?

    @Option(name: .long, help: "Lower bounds: one for all variables or one per variable in --x0 order (-inf: none).")
    public var lower: String?

    @Option(name: .long, help: "Upper bounds: one for all variables or one per variable in --x0 order (inf: none).")
    public var upper: String?

    @Option(name: .long, parsing: .unconditional, help: "The starting point, e.g. \"x=-1.2,y=1\"; this order is the variable order.")
    public var x0: String

    @Option(name: .long, help: "The method.")
    public var method: Method = .bfgs

    @Option(name: .long, help: "Learning rate / step for gd (fixed or diminishing c/√t) and the first-order methods.")
    public var lr: Double?

    @Option(name: .customLong("line-search"), help: "For gd: any; for newton: armijo or wolfe.")
    public var lineSearch: LineSearchChoice?

    @Flag(name: .customLong("escape-saddles"),
          help: "At a saddle point, step off along negative curvature and go on (newton, the trust-region methods and newton-cg always do).")
    public var escapeSaddles = false

    @OptionGroup public var iteration: IterationOptions<Stopping>

    @Option(name: .long, help: ArgumentHelp("Write the per-iteration trace to this CSV file.", valueName: "FILE.csv"))
    public var trace: String?

    @OptionGroup public var plot: PlotOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        try MinimizeCommand.requireOneObjective(expression: expr, residuals: residuals)
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive finite number, got \(NumberFormat.readable(lr))") }
    }

    public func run() throws {
        try reportingErrors {
            let (names, _) = try CalculusInput.parsePoint(x0, option: "--x0")
            // Opened before the run, so a bad path is reported before any work is done.
            let stream = try trace != nil || plot.file != nil
                ? OptionChecks.naming("--trace") { try TraceStream(path: trace, names: names) } : nil
            let (out, result, _) = try residuals.map {
                try MinimizeCommand.solve(residuals: $0, x0: x0, method: method, learningRate: lr, lineSearch: lineSearch,
                                          lower: lower, upper: upper, maxIterations: iteration.maxIterations,
                                          tolerance: iteration.tolerance, escapeSaddles: escapeSaddles, onIteration: stream?.record)
            } ?? MinimizeCommand.solve(expression: expr ?? "", x0: x0, method: method, learningRate: lr,
                                       lineSearch: lineSearch, lower: lower, upper: upper, maxIterations: iteration.maxIterations,
                                       tolerance: iteration.tolerance, escapeSaddles: escapeSaddles, onIteration: stream?.record)
            try OptionChecks.naming("--trace") { try stream?.finish() }
            if let stream, plot.file != nil {
                let f = try MinimizeCommand.plottedFunction(expression: expr, residuals: residuals, names: names)
                try plot.write(MinimizePlot.figure(result: result, trace: stream.sampler.entries, names: names, function: f))
            }
            out.emit(output)
        }
    }

    /// Parses, minimizes and formats: the output (summary and JSON), the full result, and the variable names.
    /// `recordTrace` keeps the whole trace in the result; `onIteration` sees each entry as it is made;
    /// `escapeSaddles` makes every method escape saddle points (the curvature methods always do).
    /// - Throws: `UsageError` for a malformed expression or point, or an option that does not apply to the method.
    public static func solve(expression text: String, x0 point: String, method: Method, learningRate: Double? = nil,
                             lineSearch: LineSearchChoice? = nil, lower: String? = nil, upper: String? = nil,
                             maxIterations: Int = Stopping.maxIter,
                             tolerance: Double = Stopping.tol, recordTrace: Bool = false, escapeSaddles: Bool = false,
                             onIteration: ((TraceEntry) -> CallbackDecision)? = nil)
        throws -> (output: CommandOutput, result: OptimizationResult, names: [String]) {
        let (names, values) = try CalculusInput.parsePoint(point, option: "--x0")
        let expression = try CalculusInput.parse(text)
        let f = try CalculusInput.function(expression, of: names, option: "--x0")
        let bounds = try MinimizeBounds.parse(lower: lower, upper: upper, names: names)
        let options = runOptions(tolerance: tolerance, maxIterations: maxIterations, recordTrace: recordTrace,
                                 escapeSaddles: escapeSaddles, onIteration: onIteration)
        let result = try optimize(Objective(differentiable: f), from: Tensor(values), method: method,
                                  learningRate: learningRate, lineSearch: lineSearch, bounds: bounds, options: options)
        return (format(result, names: names), result, names)
    }

    /// The summary and the JSON object (keys variables, x, value, gradient_norm, iterations,
    /// function_evaluations, gradient_evaluations, termination, stationary_point,
    /// min_hessian_eigenvalue (null when not checked), saddle_escapes). The summary adds a
    /// "stationary point:" line when the point was classified, and the escapes when there were any.
    static func format(_ result: OptimizationResult, names: [String]) -> CommandOutput {
        let verdict = result.stationaryPoint
        var lines: [String] = []
        if verdict.kind != .notChecked {
            let kind = verdict.kind == .saddle ? "saddle point" : verdict.kind.name
            lines.append("stationary point: \(kind)" + (verdict.minEigenvalue.map { " (λmin = \(TextLayout.number($0)))" } ?? ""))
        }
        if result.saddleEscapes > 0 { lines.append("saddle escapes: \(result.saddleEscapes)") }
        let secondOrder = lines
        return CommandOutput(
            lines: ["method: \(result.method)",
                    "f\(TextLayout.point(names, result.minimizer.scalars)) = \(TextLayout.number(result.minimum))",
                    TextLayout.field("gradient norm (max |∂f/∂xᵢ|)", result.gradientNorm)]
                + TextLayout.ending(result.termination, iterations: result.iterations,
                                    counts: [("function evaluations", result.functionEvaluations),
                                             ("gradient evaluations", result.gradientEvaluations)])
                + secondOrder,
            json: .record([.variables: .strings(names),
                           .x: .tensor(result.minimizer),
                           .value: .number(result.minimum),
                           .gradientNorm: .number(result.gradientNorm),
                           .iterations: .integer(result.iterations),
                           .functionEvaluations: .integer(result.functionEvaluations),
                           .gradientEvaluations: .integer(result.gradientEvaluations),
                           .termination: .string(result.termination.name),
                           .stationaryPoint: .string(verdict.kind.name),
                           .minHessianEigenvalue: verdict.minEigenvalue.map(JSONValue.number) ?? .null,
                           .saddleEscapes: .integer(result.saddleEscapes)]))
    }
}
