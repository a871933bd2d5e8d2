import ArgumentParser
import Descent

/// `descent jacobian --expr "E1; E2" --at …`: values and Jacobian of several expressions.
public struct JacobianCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jacobian",
        abstract: "Jacobian of several expressions (separated by ';') at a point.",
        discussion: """
            Row i is the gradient of expression i; columns follow the order of --at. Reverse or forward \
            mode is chosen by shape. The m × n Jacobian and the printed output need about \
            \(JacobianCommand.doublesPerEntry)·m·n doubles, checked against --max-memory before any work. \
            JSON keys: \(JSONKey.list(.variables, .value, .jacobian)) \
            (value: one per expression; jacobian: a list of rows).
            """
    )

    @OptionGroup public var input: CalculusInput
    @OptionGroup public var memory: MemoryOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors {
            try JacobianCommand.output(expressions: input.expr, at: input.at, memoryBudget: memory.budget()).emit(output)
        }
    }

    /// Doubles' worth of memory per Jacobian entry at the peak of a run: J as swept (and transposed
    /// when there are more expressions than variables) and the entry's text and JSON (a `String` and
    /// a `JSONValue` each, then both rendered). Measured: 10.7–11.5·m·n·8 bytes above the process's
    /// baseline for 1500 × 1500 and 3000 × 1500 (debug build, readable and `--json`).
    static let doublesPerEntry = 12

    /// The result for `;`-separated expression texts and a point text: keys `variables`, `value`, `jacobian`.
    /// - Throws: `UsageError` for a bad expression or point, or when m expressions of n variables
    ///   would need more than `memoryBudget` (`doublesPerEntry`·m·n doubles); refused before any parsing.
    public static func output(expressions text: String, at point: String, memoryBudget: MemoryBudget = .default) throws -> CommandOutput {
        let (names, values) = try CalculusInput.parsePoint(point)
        let pieces = text.split(separator: ";", omittingEmptySubsequences: false)
        try MemoryOptions.guarding(alternative: "use fewer expressions or variables") {
            try memoryBudget.requireRoom(forDoubles: Double(doublesPerEntry) * Double(pieces.count) * Double(names.count),
                                         "a dense \(pieces.count) × \(names.count) Jacobian with its output", operation: "jacobian")
        }
        var functions: [(Variable) -> Variable] = []
        var offset = 0
        for piece in pieces {
            let expression = try CalculusInput.parse(String(piece), columnOffset: offset)
            functions.append(try CalculusInput.function(expression, of: names, columnOffset: offset))
            try CalculusInput.requireFiniteValue(expression, names: names, values: values, columnOffset: offset)
            offset += piece.count + 1
        }
        let (value, j) = valueAndJacobian(of: { x in
            Variable.concatenate(functions.map { $0(x) })
        }, at: Tensor(values))
        let n = names.count
        try CalculusInput.requireFinite(j, "Jacobian") { "∂f\($0 / n + 1)/∂\(names[$0 % n])" }
        return CommandOutput(
            lines: ["f\(TextLayout.point(names, values)) = \(TextLayout.tensor(value))",
                    TextLayout.field("Jacobian (rows: expressions; columns: \(names.joined(separator: ", ")))", j)],
            json: .record([.variables: .strings(names), .value: .tensor(value), .jacobian: .tensor(j)]))
    }
}
