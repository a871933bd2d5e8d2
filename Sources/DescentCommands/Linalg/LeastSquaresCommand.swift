import ArgumentParser
import DescentCore

/// `descent linalg lstsq A.csv b.csv`: the minimum-norm least-squares solution of A·x ≈ b.
public struct LeastSquaresCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lstsq",
        abstract: "Minimum-norm least-squares solution of A·x ≈ b (LAPACK dgelsd).",
        discussion: "Any m × n matrix A; b is one column or one row of m numbers, or an m × k matrix. JSON keys: \(JSONKey.list(.x, .residualNorm, .rank))."
    )

    @OptionGroup public var input: SystemInput
    @Option(name: .long, help: "Relative cutoff for small singular values, 0 ≤ rcond < 1 (default ε·max(m, n); 0 = machine precision).")
    public var rcond: Double?
    @OptionGroup public var output: OutputOptions

    public init() {}

    /// Rejects an rcond outside [0, 1) before any file is read (the library's own check, as a usage error).
    public func validate() throws {
        guard let rcond else { return }
        do {
            try LeastSquares.requireValidCutoff(rcond)
        } catch LinearAlgebraError.unsupported(_, let reason) {
            throw ValidationError("--" + reason)   // "--rcond must satisfy …"
        }
    }

    public func run() throws {
        try reportingErrors {
            let (a, b) = try input.read()
            try LeastSquaresCommand.output(a: a, b: b, rcond: rcond).emit(output)
        }
    }

    /// The result: keys `x`, `residual_norm` (‖b − A·x‖₂, Frobenius for several columns), `rank`.
    public static func output(a: Tensor, b: Tensor, rcond: Double? = nil) throws -> CommandOutput {
        let ls = try LeastSquares(a, b, rcond: rcond)
        return CommandOutput(
            lines: [TextLayout.field("x", ls.solution), TextLayout.field("residual norm", ls.residualNorm), "rank: \(ls.rank)"],
            json: .record([.x: .tensor(ls.solution), .residualNorm: .number(ls.residualNorm), .rank: .integer(ls.rank)]))
    }
}
