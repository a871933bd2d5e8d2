import DescentCore

/// A mathematical expression in named variables, parsed from text and evaluated on `Variable`s,
/// so its derivatives of any order come from the autodiff engine.
///
/// Grammar: numbers (`3`, `2.5`, `1e-3`), names (`x`, `w1`), `+ - * /`, `^` (right-associative,
/// binding tighter than unary minus: `-x^2` is `-(x^2)`), parentheses, the constants `pi` and
/// `e`, and the functions of `ExpressionFunction` (`exp log sqrt sin cos tan atan atan2(y, x)
/// tanh sigmoid softplus relu gelu erf abs min(a, b) max(a, b) pow(a, b)`).
///
/// ```swift
/// let f = try MathExpression(parsing: "x^2 + 3*y")
/// f.variables                                    // ["x", "y"]
/// let g = gradient(of: try f.function(of: ["x", "y"]), at: Tensor([1, 2]))   // (2, 3)
/// ```
public struct MathExpression: Sendable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let source: String
    /// The variable names, in order of first appearance.
    public let variables: [String]
    let root: ExpressionNode
    private let characters: [Character]

    /// Parses `text`.
    /// - Throws: `ExpressionError.syntax` naming the 1-based column and what was expected,
    ///   `.unknownFunction`, `.wrongArgumentCount`.
    public init(parsing text: String) throws {
        var parser = try ExpressionParser(text)
        root = try parser.parse()
        source = text
        characters = parser.characters
        var seen: [String] = []
        Self.collectVariables(root, into: &seen)
        variables = seen
    }

    /// The source text.
    public var description: String { source }

    /// Whether `name` can name a variable: letters, digits and `_`, not starting with a digit,
    /// and not a constant (`pi`, `e`) or a function name.
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && ExpressionParser.constants[name] == nil && ExpressionFunction(rawValue: name) == nil
    }

    private static func collectVariables(_ node: ExpressionNode, into names: inout [String]) {
        switch node.syntax {
        case .number: break
        case .variable(let name): if !names.contains(name) { names.append(name) }
        case .negate(let a): collectVariables(a, into: &names)
        case .binary(_, let a, let b): collectVariables(a, into: &names); collectVariables(b, into: &names)
        case .call(_, let args): for a in args { collectVariables(a, into: &names) }
        }
    }

    /// Evaluates the expression with each variable bound to a `Variable` (any shape; operations
    /// are element-wise with broadcasting). Tracked bindings give a tracked result.
    /// - Parameter checkingFinite: when `true`, stop at the first sub-expression whose value is
    ///   NaN or ±∞ although its operands are finite, and throw `.nonFinite` naming it.
    /// - Throws: `.unboundVariable` for a variable without a value; `.nonFinite` when checking.
    public func evaluate(_ bindings: [String: Variable], checkingFinite: Bool = false) throws -> Variable {
        for name in variables where bindings[name] == nil {
            throw ExpressionError.unboundVariable(name: name, column: firstColumn(of: name))
        }
        return try evaluate(root, { bindings[$0]! }, checkingFinite: checkingFinite)
    }

    /// Evaluates the expression at real values of its variables.
    public func evaluate(at values: [String: Double], checkingFinite: Bool = false) throws -> Double {
        try evaluate(values.mapValues { Variable($0) }, checkingFinite: checkingFinite).value.scalars[0]
    }

    /// The expression as a function of one vector x, with variable `names[i]` bound to xᵢ — the
    /// form `gradient`, `hessian` and the optimizers take.
    /// - Throws: `.unboundVariable` if the expression uses a name not in `names`.
    public func function(of names: [String]) throws -> (Variable) -> Variable {
        for name in variables where !names.contains(name) {
            throw ExpressionError.unboundVariable(name: name, column: firstColumn(of: name))
        }
        let positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return { x in
            precondition(x.count == names.count, "MathExpression.function: got \(x.count) values for \(names.count) variables")
            let elements = names.indices.map { x.element(atFlatIndex: $0) }
            // Every variable is bound (checked above) and nothing is checked for finiteness, so
            // evaluation cannot throw.
            return try! self.evaluate(self.root, { elements[positions[$0]!] }, checkingFinite: false)
        }
    }

    /// The source text of a sub-expression, trimmed.
    private func text(_ node: ExpressionNode) -> String {
        String(characters[node.range]).trimmingCharacters(in: .whitespaces)
    }

    private func firstColumn(of name: String) -> Int {
        func find(_ node: ExpressionNode) -> Int? {
            switch node.syntax {
            case .number: return nil
            case .variable(let n): return n == name ? node.range.lowerBound + 1 : nil
            case .negate(let a): return find(a)
            case .binary(_, let a, let b): return find(a) ?? find(b)
            case .call(_, let args): return args.lazy.compactMap(find).first
            }
        }
        return find(root) ?? 1
    }

    private func evaluate(_ node: ExpressionNode, _ lookup: (String) -> Variable, checkingFinite: Bool) throws -> Variable {
        let result: Variable
        switch node.syntax {
        case .number(let x):
            result = Variable(x)
        case .variable(let name):
            result = lookup(name)
        case .negate(let a):
            result = -(try evaluate(a, lookup, checkingFinite: checkingFinite))
        case .binary(let op, let a, let b):
            let left = try evaluate(a, lookup, checkingFinite: checkingFinite)
            if op == "^", case .number(let p) = b.syntax {
                // A constant exponent: xᵖ with no log x term, so negative bases are fine.
                result = pow(left, p)
            } else if op == "^", case .negate(let inner) = b.syntax, case .number(let p) = inner.syntax {
                result = pow(left, -p)
            } else {
                let right = try evaluate(b, lookup, checkingFinite: checkingFinite)
                switch op {
                case "+": result = left + right
                case "-": result = left - right
                case "*": result = left * right
                case "/": result = left / right
                default: result = pow(left, right)
                }
            }
        case .call(let function, let args):
            result = function.apply(try args.map { try evaluate($0, lookup, checkingFinite: checkingFinite) })
        }
        if checkingFinite, let index = result.value.scalars.firstIndex(where: { !$0.isFinite }) {
            throw ExpressionError.nonFinite(subexpression: text(node), column: node.range.lowerBound + 1,
                                            value: result.value.scalars[index])
        }
        return result
    }
}
