import ArgumentParser
import DescentCore

/// `descent linalg det A.csv`: the determinant.
public struct DeterminantCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "det",
        abstract: "Determinant of a square matrix (through LU; 0 for an exactly singular matrix).",
        discussion: "JSON keys: \(JSONKey.list(.determinant)).")

    @OptionGroup public var input: MatrixInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try DeterminantCommand.output(for: input.read()).emit(output) }
    }

    /// The result: key `determinant`.
    public static func output(for a: Tensor) throws -> CommandOutput {
        let det = try a.determinant()
        return CommandOutput(text: TextLayout.field("determinant", det), json: .record([.determinant: .number(det)]))
    }
}
