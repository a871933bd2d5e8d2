import ArgumentParser
import DescentCore

extension NormKind: ExpressibleByArgument {}

/// `descent linalg norm --kind 1|2|inf|fro|nuc A.csv`: a matrix norm.
public struct NormCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "norm",
        abstract: "Matrix norm: 1 (max column sum), 2 (σ_max), inf (max row sum), fro (Frobenius), nuc (Σσ).",
        discussion: "JSON keys: \(JSONKey.list(.norm)).")

    @OptionGroup public var input: MatrixInput
    @Option(name: .long, help: "Which norm.")
    public var kind: NormKind = .frobenius
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try NormCommand.output(for: input.read(), kind: kind).emit(output) }
    }

    /// The result: key `norm`.
    public static func output(for a: Tensor, kind: NormKind) throws -> CommandOutput {
        let value = try a.matrixNorm(kind)
        return CommandOutput(text: TextLayout.field("\(kind.rawValue)-norm", value), json: .record([.norm: .number(value)]))
    }
}
