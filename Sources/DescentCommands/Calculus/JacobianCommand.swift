import ArgumentParser
import Descent

/// `descent jacobian --expr "E1; E2" --at …`: values and Jacobian of several expressions.
public struct JacobianCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "jacobian",
        abstract: "Jacobian of several expressions (separated by ';') at a point.",
        discussion: """
            Row i is the gradient of expression i; columns follow the order of --at. Reverse or forward \
            mode is chosen by shape. JSON keys: \(JSONKey.list(.variables, .value, .jacobian)) \
            (value: one per expression; jacobian: a list of rows).
            """
    )

    @OptionGroup public var input: CalculusInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try JacobianCommand.output(expressions: input.expr, at: input.at).emit(output) }
    }

    /// The result for `;`-separated expression texts and a point text: keys `variables`, `value`, `jacobian`.
    public static func output(expressions text: String, at point: String) throws -> CommandOutput {
        let (names, values) = try CalculusInput.parsePoint(point)
        var functions: [(Variable) -> Variable] = []
        var offset = 0
        for piece in text.split(separator: ";", omittingEmptySubsequences: false) {
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
