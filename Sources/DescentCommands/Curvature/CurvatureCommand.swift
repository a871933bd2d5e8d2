import ArgumentParser
import Descent

/// The stopping options of `descent curvature`: those of its two gradient-descent trials.
public enum CurvatureIterationDefaults: IterationDefaults {
    public static let tol = 1e-6
    public static let maxIter = 100_000
    public static let tolHelp = "The gradient-descent trials stop when the error has shrunk below this factor (converged) or grown beyond its inverse (diverged)"
    public static let maxIterHelp = "Step limit of each gradient-descent trial"
}

/// `descent curvature --expr E --at … [--top K]`: the Hessian's spectrum at a point and what it says.
public struct CurvatureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "curvature",
        abstract: "Curvature of an expression at a point: Hessian eigenvalues, kind of point, κ, 2/λmax, trace, and gradient descent below and above 2/λmax.",
        discussion: """
            Hessian-vector products are exact (reverse over reverse). Up to \(CurvatureOptions().denseDimensionLimit) variables \
            the whole Hessian is formed and diagonalized (LAPACK dsyevd); with --top K (or above that size, K = 6) Lanczos \
            on Hessian-vector products gives the K largest and the K smallest eigenvalues. The stationary point is classified \
            as minimize's check does: minimum, saddle, maximum or degenerate, eigenvalues within 1e-6·max|λ| of 0 counting as 0 \
            (a classification of a stationary point: read it with the gradient norm). κ = λmax/λmin (∞ unless λmin > 0); \
            max stable step 2/λmax. Trace by Hutchinson's estimate with --probes Rademacher vectors (seeded by --seed), with \
            its standard error. Then gradient descent on the local quadratic model (the error recursion e ← (I − ηH)e, \
            exact for a quadratic f) from a random unit e₀, at η = 0.9·2/λmax and 1.1·2/λmax: iterations to converge, and the \
            iteration where divergence is detected, beside the predicted factor per step max|1 − ηλ|. \
            JSON keys: \(JSONKey.list(.variables, .value)), \(CurvatureOutput.keys).
            """)

    @OptionGroup public var input: CalculusInput
    @Option(name: .long, help: ArgumentHelp("Find the K largest and K smallest eigenvalues by Lanczos instead of the whole spectrum.", valueName: "K"))
    public var top: Int?
    @Option(name: .long, help: ArgumentHelp("Rademacher probes of Hutchinson's trace estimate.", valueName: "m"))
    public var probes: Int = 100
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var iteration: IterationOptions<CurvatureIterationDefaults>
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
        guard probes >= 1 else { throw ValidationError("--probes must be at least 1, got \(probes)") }
        guard iteration.tolerance > 0 && iteration.tolerance < 1 else {
            throw ValidationError("--tol must be in (0, 1) for the gradient-descent trials, got \(NumberFormat.exact(iteration.tolerance))")
        }
    }

    public func run() throws {
        try reportingErrors {
            try CurvatureCommand.output(expression: input.expr, at: input.at, options: options()).emit(output)
        }
    }

    /// The library's options from the command line.
    func options() -> CurvatureOptions {
        CurvatureOptions(count: top, probes: probes, seed: seed.seed, trialTolerance: iteration.tolerance,
                         trialMaxIterations: iteration.maxIterations)
    }

    /// The report for an expression text and a point text (keys listed in the discussion).
    /// - Throws: `UsageError` for a bad expression or point, or --top larger than the number of
    ///   variables; `CurvatureError` for a non-finite gradient or Hessian.
    public static func output(expression text: String, at point: String, options: CurvatureOptions = CurvatureOptions()) throws -> CommandOutput {
        let (names, values) = try CalculusInput.parsePoint(point)
        if let k = options.count, k > names.count {
            throw UsageError("--top \(k): the Hessian has only \(names.count) eigenvalue\(names.count == 1 ? "" : "s") at each end (\(names.count) variable\(names.count == 1 ? "" : "s"))")
        }
        let expression = try CalculusInput.parse(text)
        let f = try CalculusInput.function(expression, of: names)
        try CalculusInput.requireFiniteValue(expression, names: names, values: values)
        let value = try expression.evaluate(at: Dictionary(uniqueKeysWithValues: zip(names, values)))
        let report: CurvatureReport
        do {
            report = try curvature(of: f, at: Tensor(values), options: options)
        } catch CurvatureError.nonFinite(let what, let index, let value) {
            // Name the derivative by the user's variables rather than by a flat index.
            let n = names.count
            let entry = what == "gradient" ? "∂f/∂\(names[index])" : "∂²f/∂\(names[index / n])∂\(names[index % n])"
            throw UsageError("the \(what) is not finite: \(entry) = \(NumberFormat.readable(value))")
        }
        return CommandOutput(
            lines: ["f\(TextLayout.point(names, values)) = \(TextLayout.number(value))"]
                + CurvatureOutput.lines(report, names: names, trialTolerance: options.trialTolerance),
            json: .object([(JSONKey.variables.rawValue, .strings(names)), (JSONKey.value.rawValue, .number(value))]
                          + CurvatureOutput.fields(report)))
    }
}
