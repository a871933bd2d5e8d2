import Foundation

/// A parsed sub-expression and the characters of the source it spans (0-based, half-open).
///
/// Nodes live in one flat array in post-order (every node after its operands, operands in source
/// order, the root last) and refer to their operands by index. Evaluating, collecting variables
/// and freeing the tree are then plain loops: a nested `indirect enum` would recurse once per
/// level in each of them, and a sum of 10⁴ terms is a tree of depth 10⁴ (stack overflow).
struct ExpressionNode: Sendable {
    enum Syntax: Sendable {
        case number(Double)
        case variable(String)
        case negate(Int)
        case binary(Character, Int, Int)
        case call(ExpressionFunction, [Int])
    }
    let syntax: Syntax
    var range: Range<Int>
}

/// Recursive-descent parser for
///
///     expression := term (("+" | "-") term)*
///     term       := unary (("*" | "/") unary)*
///     unary      := ("-" | "+") unary | power
///     power      := primary ("^" unary)?            right-associative; -x^2 = -(x^2)
///     primary    := number | name | name "(" expression ("," expression)* ")" | "(" expression ")"
///
/// (Aho, Lam, Sethi & Ullman, *Compilers*, 2nd ed., §4.4: one function per precedence level.)
/// Chains of `+ -` and `* /` are loops, so their length is unbounded; what recurses — parentheses,
/// function arguments, unary signs and exponents — is capped at `maximumNestingDepth` levels, so
/// a hostile text gets a typed error instead of overflowing the stack.
struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)
        case end
    }

    /// The deepest nesting of parentheses, function calls, unary signs and `^` (combined) that
    /// parses; deeper texts throw `ExpressionError.tooDeeplyNested`. Each level is five stack
    /// frames: measured in a debug build, the deepest text needs 3–4 MiB of stack, within the
    /// 8 MiB of a main thread (and of any thread on Linux); optimized builds need far less.
    static let maximumNestingDepth = 1000

    let characters: [Character]
    /// The parsed nodes in post-order (see `ExpressionNode`); filled by `parse()`.
    private(set) var nodes: [ExpressionNode] = []
    private var tokens: [(token: Token, start: Int, end: Int)] = []
    private var index = 0
    private var depth = 0

    init(_ text: String) throws {
        characters = Array(text)
        tokens = try Self.tokenize(characters)
    }

    /// Constants the language predefines.
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E]

    /// Parses the whole text; afterwards `nodes` holds the tree with its root last.
    mutating func parse() throws {
        _ = try parseExpression()
        guard case .end = current.token else {
            throw syntaxError(expected: "an operator or the end of the expression")
        }
    }

    /// Appends a node and returns its index.
    private mutating func add(_ syntax: ExpressionNode.Syntax, _ range: Range<Int>) -> Int {
        nodes.append(ExpressionNode(syntax: syntax, range: range))
        return nodes.count - 1
    }

    // MARK: Tokens

    private var current: (token: Token, start: Int, end: Int) { tokens[index] }

    private static func tokenize(_ s: [Character]) throws -> [(token: Token, start: Int, end: Int)] {
        var out: [(token: Token, start: Int, end: Int)] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if c.isWhitespace { i += 1; continue }
            if c.isASCII && (c.isNumber || c == ".") {
                let start = i
                while i < s.count && s[i].isASCII && (s[i].isNumber || s[i] == ".") { i += 1 }
                // An exponent only when digits follow ("2e" is 2 followed by the constant e).
                if i < s.count && (s[i] == "e" || s[i] == "E") {
                    var j = i + 1
                    if j < s.count && (s[j] == "+" || s[j] == "-") { j += 1 }
                    if j < s.count && s[j].isASCII && s[j].isNumber {
                        i = j
                        while i < s.count && s[i].isASCII && s[i].isNumber { i += 1 }
                    }
                }
                let text = String(s[start..<i])
                guard let value = Double(text) else {
                    throw ExpressionError.syntax(column: start + 1, expected: "a number", found: "'\(text)'")
                }
                out.append((.number(value), start, i))
                continue
            }
            if c.isLetter || c == "_" {
                let start = i
                while i < s.count && (s[i].isLetter || s[i].isNumber || s[i] == "_") { i += 1 }
                out.append((.name(String(s[start..<i])), start, i))
                continue
            }
            if "+-*/^(),".contains(c) {
                out.append((.symbol(c), i, i + 1))
                i += 1
                continue
            }
            throw ExpressionError.syntax(column: i + 1, expected: "a number, name, operator or parenthesis", found: "'\(c)'")
        }
        out.append((.end, s.count, s.count))
        return out
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let x): return "number \(x)"
        case .name(let n): return "'\(n)'"
        case .symbol(let c): return "'\(c)'"
        case .end: return "end of expression"
        }
    }

    private func syntaxError(expected: String) -> ExpressionError {
        .syntax(column: current.start + 1, expected: expected, found: describe(current.token))
    }

    private mutating func take(_ symbol: Character) -> Bool {
        if case .symbol(symbol) = current.token { index += 1; return true }
        return false
    }

    // MARK: Grammar
    //
    // Each function returns the index of the node it parsed.

    private mutating func parseExpression() throws -> Int {
        var left = try parseTerm()
        while case .symbol(let op) = current.token, op == "+" || op == "-" {
            index += 1
            let right = try parseTerm()
            left = add(.binary(op, left, right), nodes[left].range.lowerBound..<nodes[right].range.upperBound)
        }
        return left
    }

    private mutating func parseTerm() throws -> Int {
        var left = try parseUnary()
        while case .symbol(let op) = current.token, op == "*" || op == "/" {
            index += 1
            let right = try parseUnary()
            left = add(.binary(op, left, right), nodes[left].range.lowerBound..<nodes[right].range.upperBound)
        }
        return left
    }

    /// Every recursion of the grammar passes through here, so this is where depth is counted.
    private mutating func parseUnary() throws -> Int {
        let start = current.start
        guard depth < Self.maximumNestingDepth else {
            throw ExpressionError.tooDeeplyNested(column: start + 1, limit: Self.maximumNestingDepth)
        }
        depth += 1
        defer { depth -= 1 }
        if take("-") {
            let operand = try parseUnary()
            return add(.negate(operand), start..<nodes[operand].range.upperBound)
        }
        if take("+") { return try parseUnary() }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Int {
        let base = try parsePrimary()
        guard take("^") else { return base }
        let exponent = try parseUnary()
        return add(.binary("^", base, exponent), nodes[base].range.lowerBound..<nodes[exponent].range.upperBound)
    }

    private mutating func parsePrimary() throws -> Int {
        let (token, start, end) = current
        switch token {
        case .number(let x):
            index += 1
            return add(.number(x), start..<end)
        case .symbol("("):
            index += 1
            let inner = try parseExpression()
            guard take(")") else { throw syntaxError(expected: "')' to close the '(' at column \(start + 1)") }
            // The parentheses belong to the sub-expression's text (error messages quote it).
            nodes[inner].range = start..<tokens[index - 1].end
            return inner
        case .name(let name):
            index += 1
            if take("(") {
                guard let function = ExpressionFunction(rawValue: name) else {
                    throw ExpressionError.unknownFunction(name: name, column: start + 1)
                }
                var arguments = [try parseExpression()]
                while take(",") { arguments.append(try parseExpression()) }
                guard take(")") else { throw syntaxError(expected: "',' or ')' in the call of \(name)") }
                guard arguments.count == function.arity else {
                    throw ExpressionError.wrongArgumentCount(function: name, expected: function.arity,
                                                             found: arguments.count, column: start + 1)
                }
                return add(.call(function, arguments), start..<tokens[index - 1].end)
            }
            if let value = Self.constants[name] {
                return add(.number(value), start..<end)
            }
            if ExpressionFunction(rawValue: name) != nil {
                throw syntaxError(expected: "'(' after the function name \(name)")
            }
            return add(.variable(name), start..<end)
        default:
            throw syntaxError(expected: "a number, a variable, a function call or '('")
        }
    }
}
