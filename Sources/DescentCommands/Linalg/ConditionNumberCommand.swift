import ArgumentParser
import DescentCore

/// `descent linalg cond A.csv`: the 2-norm condition number.
public struct ConditionNumberCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cond",
        abstract: "2-norm condition number σ_max/σ_min (inf for a singular matrix).",
        discussion: "JSON keys: \(JSONKey.list(.conditionNumber)).")

    @OptionGroup public var input: MatrixInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try ConditionNumberCommand.output(for: input.read()).emit(output) }
    }

    /// The result: key `condition_number` (the string "inf" in JSON for a singular matrix).
    public static func output(for a: Tensor) throws -> CommandOutput {
        let kappa = try a.conditionNumber()
        return CommandOutput(text: TextLayout.field("condition number", kappa), json: .record([.conditionNumber: .number(kappa)]))
    }
}
