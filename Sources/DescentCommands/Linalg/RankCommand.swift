import ArgumentParser
import DescentCore

/// `descent linalg rank A.csv`: the numerical rank.
public struct RankCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Numerical rank: singular values above a tolerance (default σ_max·max(m, n)·ε, as NumPy).")

    @OptionGroup public var input: MatrixInput
    @Option(name: .long, help: "Absolute tolerance on the singular values.")
    public var tolerance: Double?
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
            throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)")
        }
    }

    public func run() throws {
        try reportingErrors { try RankCommand.output(for: input.read(), tolerance: tolerance).emit(output) }
    }

    /// The result: key `rank`.
    public static func output(for a: Tensor, tolerance: Double? = nil) throws -> LinalgOutput {
        let rank = try a.matrixRank(tolerance: tolerance)
        return LinalgOutput(text: "rank: \(rank)", json: .object([("rank", .integer(rank))]))
    }
}
