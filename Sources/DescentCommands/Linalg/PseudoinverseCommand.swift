import ArgumentParser
import DescentCore

/// `descent linalg pinv A.csv`: the Moore–Penrose pseudoinverse.
public struct PseudoinverseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pinv",
        abstract: "Moore–Penrose pseudoinverse through the SVD (any shape, any rank).",
        discussion: "JSON keys: \(JSONKey.list(.matrix)).")

    @OptionGroup public var input: MatrixInput
    @Option(name: .long, help: "Singular values ≤ rcond·σ_max are treated as zero (default 1e-15, as NumPy).")
    public var rcond: Double = 1e-15
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        try OptionChecks.requireNonNegativeFinite(rcond, "--rcond")
    }

    public func run() throws {
        try reportingErrors { try PseudoinverseCommand.output(for: input.read(), rcond: rcond).emit(output) }
    }

    /// The result: key `matrix`.
    public static func output(for a: Tensor, rcond: Double = 1e-15) throws -> CommandOutput {
        let pinv = try a.pseudoinverse(rcond: rcond)
        return CommandOutput(text: TextLayout.field("pseudoinverse", pinv), json: .record([.matrix: .tensor(pinv)]))
    }
}
