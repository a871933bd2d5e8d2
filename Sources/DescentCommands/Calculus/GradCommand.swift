import ArgumentParser
import Descent

/// `descent grad --expr E --at "x=1,y=2"`: the value and gradient of an expression.
public struct GradCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Value and gradient of an expression at a point (reverse-mode autodiff, exact).",
        discussion: """
            Variables are ordered as in --at. JSON keys: \(JSONKey.list(.variables, .value, .gradient)). \
            A value or gradient that is NaN or infinite is an error naming where it arose.
            """
    )

    @OptionGroup public var input: CalculusInput
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { try GradCommand.output(expression: input.expr, at: input.at).emit(output) }
    }

    /// The result for an expression text and a point text: keys `variables`, `value`, `gradient`.
    public static func output(expression text: String, at point: String) throws -> CommandOutput {
        let (names, values) = try CalculusInput.parsePoint(point)
        let expression = try CalculusInput.parse(text)
        let f = try CalculusInput.function(expression, of: names)
        try CalculusInput.requireFiniteValue(expression, names: names, values: values)
        let (value, g) = valueAndGradient(of: f, at: Tensor(values))
        try CalculusInput.requireFinite(g, "gradient") { "∂f/∂\(names[$0])" }
        return CommandOutput(
            lines: ["f\(TextLayout.point(names, values)) = \(TextLayout.number(value))",
                    TextLayout.field("gradient", g)],
            json: .record([.variables: .strings(names), .value: .number(value), .gradient: .tensor(g)]))
    }
}
