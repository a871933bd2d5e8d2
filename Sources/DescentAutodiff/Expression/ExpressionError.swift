import DescentCore

/// What went wrong while parsing or evaluating a `MathExpression`. Columns are 1-based positions
/// (in characters) in the expression text.
public enum ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not follow the grammar: at `column`, `expected` was expected, `found` was found.
    case syntax(column: Int, expected: String, found: String)
    /// A call to a function the language does not have.
    case unknownFunction(name: String, column: Int)
    /// A call with the wrong number of arguments.
    case wrongArgumentCount(function: String, expected: Int, found: Int, column: Int)
    /// A variable that was given no value.
    case unboundVariable(name: String, column: Int)
    /// Parentheses, function calls, unary signs and `^` nested deeper than `limit` levels
    /// (combined) starting at `column`; long chains of `+ - * /` are not nesting and have no limit.
    case tooDeeplyNested(column: Int, limit: Int)
    /// Evaluation produced NaN or ±∞ first in `subexpression` (its operands were finite).
    case nonFinite(subexpression: String, column: Int, value: Double)

    /// The column the error points at.
    public var column: Int {
        switch self {
        case .syntax(let c, _, _), .unknownFunction(_, let c), .wrongArgumentCount(_, _, _, let c),
             .unboundVariable(_, let c), .nonFinite(_, let c, _), .tooDeeplyNested(let c, _):
            return c
        }
    }

    /// The same error with its column moved by `offset` (for an expression cut out of a longer text).
    public func shiftingColumn(by offset: Int) -> ExpressionError {
        switch self {
        case let .syntax(c, e, f): return .syntax(column: c + offset, expected: e, found: f)
        case let .unknownFunction(n, c): return .unknownFunction(name: n, column: c + offset)
        case let .wrongArgumentCount(f, e, n, c): return .wrongArgumentCount(function: f, expected: e, found: n, column: c + offset)
        case let .unboundVariable(n, c): return .unboundVariable(name: n, column: c + offset)
        case let .nonFinite(s, c, v): return .nonFinite(subexpression: s, column: c + offset, value: v)
        case let .tooDeeplyNested(c, limit): return .tooDeeplyNested(column: c + offset, limit: limit)
        }
    }

    /// A one-line message naming the column and the problem.
    public var description: String {
        switch self {
        case let .syntax(c, expected, found):
            return "column \(c): expected \(expected), found \(found)"
        case let .unknownFunction(name, c):
            return "column \(c): unknown function '\(name)' (known: \(ExpressionFunction.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .wrongArgumentCount(f, expected, found, c):
            return "column \(c): \(f) takes \(expected) argument\(expected == 1 ? "" : "s"), got \(found)"
        case let .unboundVariable(name, c):
            return "column \(c): variable '\(name)' has no value"
        case let .nonFinite(sub, c, value):
            return "column \(c): '\(sub)' evaluates to \(Tensor.format(value)) (not finite)"
        case let .tooDeeplyNested(c, limit):
            return "column \(c): nested more than \(limit) levels deep (parentheses, function calls, signs and ^ combined)"
        }
    }
}
