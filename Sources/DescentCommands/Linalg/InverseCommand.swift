import ArgumentParser
import DescentCore

/// `descent linalg inv A.csv`: the inverse of a square matrix.
public struct InverseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inv",
        abstract: "Inverse of a square matrix (LAPACK dgetrf + dgetri); singular matrices are an error.",
        discussion: "JSON keys: \(JSONKey.list(.matrix)).")

    @OptionGroup public var input: MatrixInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try InverseCommand.output(for: input.read()).emit(output) }
    }

    /// The result: key `matrix`.
    public static func output(for a: Tensor) throws -> CommandOutput {
        let inverse = try a.inverse()
        return CommandOutput(text: TextLayout.field("inverse", inverse), json: .record([.matrix: .tensor(inverse)]))
    }
}
