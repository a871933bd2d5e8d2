import ArgumentParser
import DescentCore

/// `descent iterative eigs A.csv --count k`: a few eigenpairs of a symmetric matrix by Lanczos,
/// subspace iteration or power iteration with deflation.
public struct EigsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "eigs",
        abstract: "A few eigenpairs of a large symmetric matrix (Lanczos, subspace iteration, or power iteration with deflation).",
        discussion: """
            Eigenvalues are printed ascending with their residuals ‖Av − λv‖. Subspace and power \
            iteration find the eigenvalues of largest magnitude (--which, if given, must be largestMagnitude). The termination is \
            converged, reached_iteration_limit, breakdown or non_finite; a non-converged run still prints \
            its best estimates.
            """
    )

    /// Which eigensolver to run.
    public enum Method: String, ExpressibleByArgument, CaseIterable, Sendable {
        case lanczos, subspace, power
    }

    @OptionGroup public var input: OperatorInput
    @Option(name: .long, help: "Number of eigenpairs.")
    public var count: Int = 1
    @Option(name: .long, help: "largest (default), smallest, bothEnds or largestMagnitude (Lanczos; subspace and power find largestMagnitude only).")
    public var which: String?
    @Option(name: .long, help: "lanczos, subspace or power.")
    public var method: Method = .lanczos
    @OptionGroup public var iteration: IterationOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0") }
        guard let which else { return }
        guard let selection = EigenvalueSelection(rawValue: which) else {
            throw ValidationError("--which must be one of \(EigenvalueSelection.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // Subspace and power iteration converge to the dominant (largest |λ|) pairs only; silently
        // returning those for --which smallest would be a wrong answer, not a numerical outcome.
        guard method == .lanczos || selection == .largestMagnitude else {
            throw ValidationError("--which \(which) needs --method lanczos; \(method.rawValue) finds the largestMagnitude eigenvalues only")
        }
    }

    /// The eigenvalues to find: `--which`, by default the largest (Lanczos) or of largest magnitude (the others).
    public var selection: EigenvalueSelection {
        which.flatMap(EigenvalueSelection.init(rawValue:)) ?? (method == .lanczos ? .largest : .largestMagnitude)
    }

    public func run() throws {
        try reportingErrors {
            try EigsCommand.output(for: input.read(), count: count, which: selection,
                                   method: method, options: iteration.options).emit(output)
        }
    }

    /// The result: keys `eigenvalues`, `eigenvectors` (a list of columns), `residuals`, `iterations`,
    /// `operator_applications`, `termination`.
    public static func output(for a: any LinearOperator, count: Int, which: EigenvalueSelection = .largest,
                              method: Method = .lanczos, options: IterativeOptions = IterativeOptions()) throws -> LinalgOutput {
        let result: EigenpairsResult
        switch method {
        case .lanczos: result = try lanczos(a, count: count, which: which, options: options)
        case .subspace: result = try subspaceIteration(a, count: count, options: options)
        case .power: result = try deflatedPowerIteration(a, count: count, options: options)
        }
        let columns = (0..<result.eigenvalues.count).map { result.eigenvectors.column($0) }
        let text = [LinalgOutput.block("eigenvalues (ascending)", result.eigenvalues),
                    LinalgOutput.block("residuals ‖Av − λv‖", result.residuals),
                    "iterations: \(result.iterations), operator applications: \(result.operatorApplications), termination: \(result.termination)"]
        return LinalgOutput(
            text: text.joined(separator: "\n"),
            json: .object([("eigenvalues", .tensor(result.eigenvalues)),
                           ("eigenvectors", .array(columns.map(JSONValue.tensor))),
                           ("residuals", .tensor(result.residuals)),
                           ("iterations", .integer(result.iterations)),
                           ("operator_applications", .integer(result.operatorApplications)),
                           ("termination", .string(result.termination.name))]))
    }
}
