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
    /// The tree in post-order, root last (see `ExpressionNode`).
    let nodes: [ExpressionNode]
    private let characters: [Character]

    /// The deepest nesting that parses (parentheses, function calls, unary signs and `^`
    /// combined), 1000; sums and products of any length are not nesting.
    public static var maximumNestingDepth: Int { ExpressionParser.maximumNestingDepth }

    /// Parses `text`.
    /// - Throws: `ExpressionError.syntax` naming the 1-based column and what was expected,
    ///   `.unknownFunction`, `.wrongArgumentCount`, `.tooDeeplyNested` beyond
    ///   `maximumNestingDepth` levels.
    /// - Complexity: O(length of `text`) time and nodes, constant stack (parsing, evaluation and
    ///   differentiation are loops, so any length and the deepest nesting run on small threads).
    public init(parsing text: String) throws {
        var parser = try ExpressionParser(text)
        try parser.parse()
        nodes = parser.nodes
        source = text
        characters = parser.characters
        // Post-order lists the leaves left to right, so this is the order of first appearance.
        var seen: [String] = []
        var seenSet = Set<String>()
        for node in nodes {
            if case .variable(let name) = node.syntax, seenSet.insert(name).inserted { seen.append(name) }
        }
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

    /// Evaluates the expression with each variable bound to a `Variable` (any shape; operations
    /// are element-wise with broadcasting). Tracked bindings give a tracked result.
    /// - Parameters:
    ///   - bindings: the value of each variable, by name.
    ///   - checkingFinite: when `true`, stop at the first sub-expression whose value is
    ///     NaN or ±∞ although its operands are finite, and throw `.nonFinite` naming it.
    /// - Throws: `.unboundVariable` for a variable without a value; `.nonFinite` when checking.
    public func evaluate(_ bindings: [String: Variable], checkingFinite: Bool = false) throws -> Variable {
        for name in variables where bindings[name] == nil {
            throw ExpressionError.unboundVariable(name: name, column: firstColumn(of: name))
        }
        return try evaluateNodes({ bindings[$0]! }, checkingFinite: checkingFinite)
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
            return try! self.evaluateNodes({ elements[positions[$0]!] }, checkingFinite: false)
        }
    }

    /// The source text of a sub-expression, trimmed.
    private func text(_ node: ExpressionNode) -> String {
        String(characters[node.range]).trimmingCharacters(in: .whitespaces)
    }

    private func firstColumn(of name: String) -> Int {
        for node in nodes {
            if case .variable(let n) = node.syntax, n == name { return node.range.lowerBound + 1 }
        }
        return 1
    }

    /// Evaluates the nodes in order (post-order: operands first), keeping each node's value by
    /// index, and returns the root's. A loop, not a recursion, so any length is fine.
    private func evaluateNodes(_ lookup: (String) -> Variable, checkingFinite: Bool) throws -> Variable {
        var values: [Variable] = []
        values.reserveCapacity(nodes.count)
        for node in nodes {
            let result: Variable
            switch node.syntax {
            case .number(let x):
                result = Variable(x)
            case .variable(let name):
                result = lookup(name)
            case .negate(let a):
                result = -values[a]
            case .binary(let op, let a, let b):
                switch op {
                case "+": result = values[a] + values[b]
                case "-": result = values[a] - values[b]
                case "*": result = values[a] * values[b]
                case "/": result = values[a] / values[b]
                // The same function as `pow(a, b)`: a constant exponent takes the xᵖ path there.
                default: result = pow(values[a], values[b])
                }
            case .call(let function, let args):
                result = function.apply(args.map { values[$0] })
            }
            // Operands were checked before their parent, so the first failure is where a
            // non-finite value arises from finite operands.
            if checkingFinite, let index = result.value.scalars.firstIndex(where: { !$0.isFinite }) {
                throw ExpressionError.nonFinite(subexpression: text(node), column: node.range.lowerBound + 1,
                                                value: result.value.scalars[index])
            }
            values.append(result)
        }
        return values[values.count - 1]
    }
}
