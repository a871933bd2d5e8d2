import ArgumentParser
import Descent
import Foundation

/// The options shared by `grad`, `hessian` and `jacobian`: an expression and a point.
public struct CalculusInput: ParsableArguments {
    /// The expression text (for `jacobian`, several separated by `;`).
    @Option(name: .long, parsing: .unconditional, help: "The expression, e.g. \"100*(y - x^2)^2 + (1 - x)^2\".")
    public var expr: String

    /// The point, `name=value` pairs separated by commas; their order is the variable order.
    @Option(name: .long, parsing: .unconditional, help: "The point, e.g. \"x=1,y=2\"; this order is the order of the variables in the output.")
    public var at: String

    public init() {}

    /// Parses `"x=1, y=-2.5e-3"` into ordered (name, value) pairs.
    /// - Parameter option: the option named in error messages (`--at`, or `--x0` for `minimize`).
    /// - Throws: `UsageError` naming the offending item.
    public static func parsePoint(_ text: String, option: String = "--at") throws -> (names: [String], values: [Double]) {
        var names: [String] = [], values: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard parts.count == 2, !name.isEmpty else {
                throw UsageError("\(option): '\(item.trimmingCharacters(in: .whitespaces))' is not name=value (e.g. \(option) \"x=1,y=2\")")
            }
            guard MathExpression.isVariableName(name) else {
                throw UsageError("\(option): '\(name)' is not a variable name (letters, digits, _; not a constant or function)")
            }
            guard let value = Double(parts[1].trimmingCharacters(in: .whitespaces)), value.isFinite else {
                throw UsageError("\(option): the value of \(name), '\(parts[1].trimmingCharacters(in: .whitespaces))', is not a finite number")
            }
            guard !names.contains(name) else { throw UsageError("\(option): \(name) is given twice") }
            names.append(name)
            values.append(value)
        }
        return (names, values)
    }

    /// Parses an expression, prefixing errors with the option name.
    static func parse(_ text: String, columnOffset: Int = 0) throws -> MathExpression {
        do {
            return try MathExpression(parsing: text)
        } catch let error as ExpressionError {
            throw UsageError("--expr: \(error.shiftingColumn(by: columnOffset))")
        }
    }

    /// The expression as a function of the point's variables (all its variables must have values).
    static func function(_ expression: MathExpression, of names: [String], columnOffset: Int = 0,
                         option: String = "--at") throws -> (Variable) -> Variable {
        do {
            return try expression.function(of: names)
        } catch let error as ExpressionError {
            throw UsageError("--expr: \(error.shiftingColumn(by: columnOffset)) (give it in \(option))")
        }
    }

    /// Checks the value and names the sub-expression where a NaN or ±∞ first appears.
    static func requireFiniteValue(_ expression: MathExpression, names: [String], values: [Double], columnOffset: Int = 0) throws {
        do {
            _ = try expression.evaluate(at: Dictionary(uniqueKeysWithValues: zip(names, values)), checkingFinite: true)
        } catch let error as ExpressionError {
            throw UsageError("--expr: \(error.shiftingColumn(by: columnOffset))")
        }
    }

    /// Throws when a derivative has a NaN or ±∞ entry, naming it.
    static func requireFinite(_ t: Tensor, _ what: String, label: (Int) -> String) throws {
        if let i = t.scalars.firstIndex(where: { !$0.isFinite }) {
            throw UsageError("the \(what) is not finite: \(label(i)) = \(NumberFormat.readable(t.scalars[i]))")
        }
    }
}
