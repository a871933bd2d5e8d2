import Foundation

/// A parsed sub-expression and the characters of the source it spans (0-based, half-open).
struct ExpressionNode: Sendable {
    indirect enum Syntax: Sendable {
        case number(Double)
        case variable(String)
        case negate(ExpressionNode)
        case binary(Character, ExpressionNode, ExpressionNode)
        case call(ExpressionFunction, [ExpressionNode])
    }
    let syntax: Syntax
    let range: Range<Int>
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
struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)
        case end
    }

    let characters: [Character]
    private var tokens: [(token: Token, start: Int, end: Int)] = []
    private var index = 0

    init(_ text: String) throws {
        characters = Array(text)
        tokens = try Self.tokenize(characters)
    }

    /// Constants the language predefines.
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E]

    mutating func parse() throws -> ExpressionNode {
        let node = try parseExpression()
        guard case .end = current.token else {
            throw syntaxError(expected: "an operator or the end of the expression")
        }
        return node
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

    private mutating func parseExpression() throws -> ExpressionNode {
        var left = try parseTerm()
        while case .symbol(let op) = current.token, op == "+" || op == "-" {
            index += 1
            let right = try parseTerm()
            left = ExpressionNode(syntax: .binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseTerm() throws -> ExpressionNode {
        var left = try parseUnary()
        while case .symbol(let op) = current.token, op == "*" || op == "/" {
            index += 1
            let right = try parseUnary()
            left = ExpressionNode(syntax: .binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseUnary() throws -> ExpressionNode {
        let start = current.start
        if take("-") {
            let operand = try parseUnary()
            return ExpressionNode(syntax: .negate(operand), range: start..<operand.range.upperBound)
        }
        if take("+") { return try parseUnary() }
        return try parsePower()
    }

    private mutating func parsePower() throws -> ExpressionNode {
        let base = try parsePrimary()
        guard take("^") else { return base }
        let exponent = try parseUnary()
        return ExpressionNode(syntax: .binary("^", base, exponent), range: base.range.lowerBound..<exponent.range.upperBound)
    }

    private mutating func parsePrimary() throws -> ExpressionNode {
        let (token, start, end) = current
        switch token {
        case .number(let x):
            index += 1
            return ExpressionNode(syntax: .number(x), range: start..<end)
        case .symbol("("):
            index += 1
            let inner = try parseExpression()
            guard take(")") else { throw syntaxError(expected: "')' to close the '(' at column \(start + 1)") }
            return ExpressionNode(syntax: inner.syntax, range: start..<tokens[index - 1].end)
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
                return ExpressionNode(syntax: .call(function, arguments), range: start..<tokens[index - 1].end)
            }
            if let value = Self.constants[name] {
                return ExpressionNode(syntax: .number(value), range: start..<end)
            }
            if ExpressionFunction(rawValue: name) != nil {
                throw syntaxError(expected: "'(' after the function name \(name)")
            }
            return ExpressionNode(syntax: .variable(name), range: start..<end)
        default:
            throw syntaxError(expected: "a number, a variable, a function call or '('")
        }
    }
}
