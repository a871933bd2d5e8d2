import ArgumentParser
import DescentCore

/// `descent linalg rank A.csv`: the numerical rank.
public struct RankCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Numerical rank: singular values above a tolerance (default σ_max·max(m, n)·ε, as NumPy).",
        discussion: "JSON keys: \(JSONKey.list(.rank)).")

    @OptionGroup public var input: MatrixInput
    @Option(name: .long, help: ArgumentHelp("Absolute tolerance on the singular values (default σ_max·max(m, n)·ε).", valueName: "tol"))
    public var tol: Double?
    /// The old spelling of `--tol`.
    @Option(name: .customLong("tolerance"), help: .hidden)
    public var legacyTolerance: Double?
    @OptionGroup public var output: OutputOptions

    public init() {}

    /// The tolerance given under either spelling (nil: the default).
    public var tolerance: Double? { tol ?? legacyTolerance }

    public func validate() throws {
        guard let tolerance = try OptionChecks.renamed(tol, legacyTolerance, new: "--tol", old: "--tolerance") else { return }
        try OptionChecks.requireNonNegativeFinite(tolerance, tol == nil ? "--tolerance" : "--tol")
    }

    public func run() throws {
        try reportingErrors { try RankCommand.output(for: input.read(), tolerance: tolerance).emit(output) }
    }

    /// The result: key `rank`.
    public static func output(for a: Tensor, tolerance: Double? = nil) throws -> CommandOutput {
        let rank = try a.matrixRank(tolerance: tolerance)
        return CommandOutput(text: "rank: \(rank)", json: .record([.rank: .integer(rank)]))
    }
}
