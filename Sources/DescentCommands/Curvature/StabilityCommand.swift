import ArgumentParser
import Descent
import ComplexModule
import Foundation

/// `descent stability MATRIX.csv [--steps T]`: is hₜ = W·hₜ₋₁ stable? ρ(W), and ‖Wᵗv‖ against ρᵗ.
public struct StabilityCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stability",
        abstract: "Stability of the linear recurrence h(t) = W·h(t−1): spectral radius, verdict, and measured growth ‖Wᵗv‖ against ρᵗ.",
        discussion: """
            ρ(W) = max|λ| over the eigenvalues of W (LAPACK dgeev; complex ones included): stable when ρ < 1, unstable \
            when ρ > 1, marginal within 1e-10 of 1. Then ‖Wᵗv‖ for t = 1…T from a random unit vector v (seeded by --seed), \
            beside ρᵗ, and the fitted growth factor per step: exp of the least-squares slope of ln‖Wᵗv‖ over t = ⌈T/2⌉…T \
            (the second half, after any transient growth of a non-normal W), which approaches ρ. \
            JSON keys: \(JSONKey.list(.spectralRadius, .dominantEigenvalue, .verdict, .growth)) (dominant_eigenvalue as [re, im]; \
            growth holds \(JSONKey.list(.steps, .norms, .spectralRadiusPowers, .fittedRate))).
            """)

    @Argument(help: "The square matrix W: \(MatrixFile.formats).")
    public var matrix: String
    @Option(name: .long, help: ArgumentHelp("Number T of products Wᵗv to measure (at least 2).", valueName: "T"))
    public var steps: Int = 50
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard steps >= 2 else { throw ValidationError("--steps must be at least 2 (the rate is fitted to several products), got \(steps)") }
    }

    public func run() throws {
        try reportingErrors {
            try StabilityCommand.output(for: readMatrix(matrix), name: matrix, steps: steps, seed: seed.seed).emit(output)
        }
    }

    /// Rows of the growth table in the summary: every t up to this many steps, else a sample.
    static let printedRows = 12

    /// The result for W (read from `name`, which error messages mention).
    /// - Throws: `UsageError` for a non-square or empty matrix; `LinearAlgebraError` from `dgeev`.
    public static func output(for w: Tensor, name: String = "the matrix", steps: Int = 50, seed: UInt64 = 0) throws -> CommandOutput {
        guard w.rank == 2, w.shape[0] == w.shape[1], w.shape[0] > 0 else {
            throw UsageError("\(name): the recurrence matrix must be square and non-empty, got \(w.shape.map(String.init).joined(separator: " × "))")
        }
        let result = try RecurrenceStability(matrix: w, steps: steps, seed: seed)
        let rho = result.spectralRadius
        let powers = (1...steps).map { Foundation.pow(rho, Double($0)) }
        let dominant = Complex(result.dominantEigenvalueReal, result.dominantEigenvalueImaginary)
        let shown: [Int] = steps <= printedRows ? Array(1...steps)
            : Array(Set((0..<printedRows).map { 1 + $0 * (steps - 1) / (printedRows - 1) })).sorted()
        let width = String(steps).count
        let verdictText: String
        switch result.verdict {
        case .stable: verdictText = "stable (ρ < 1: ‖Wᵗv‖ decays like ρᵗ)"
        case .unstable: verdictText = "unstable (ρ > 1: ‖Wᵗv‖ grows like ρᵗ)"
        case .marginal: verdictText = "marginal (ρ = 1 within \(TextLayout.number(result.tolerance)))"
        }
        return CommandOutput(
            lines: ["spectral radius ρ(W): \(TextLayout.number(rho)) (eigenvalue \(TextLayout.number(dominant)))",
                    "verdict: \(verdictText)",
                    "growth from a random unit v:"]
                + shown.map { t in
                    "  t = " + String(repeating: " ", count: width - String(t).count) + "\(t)  ‖Wᵗv‖ = \(TextLayout.number(result.norms[t - 1]))  ρᵗ = \(TextLayout.number(powers[t - 1]))"
                }
                + ["fitted factor per step (t = \((steps + 1) / 2)…\(steps)): \(TextLayout.number(result.fittedRate)) (ρ = \(TextLayout.number(rho)))"],
            json: .record([.spectralRadius: .number(rho),
                           .dominantEigenvalue: .complex(dominant),
                           .verdict: .string(result.verdict.rawValue),
                           .growth: .record([.steps: .integer(steps), .norms: .array(result.norms.map(JSONValue.number)),
                                             .spectralRadiusPowers: .array(powers.map(JSONValue.number)),
                                             .fittedRate: .number(result.fittedRate)])]))
    }
}
