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

/// Parser for
///
///     expression := term (("+" | "-") term)*
///     term       := unary (("*" | "/") unary)*
///     unary      := ("-" | "+") unary | power
///     power      := primary ("^" unary)?            right-associative; -x^2 = -(x^2)
///     primary    := number | name | name "(" expression ("," expression)* ")" | "(" expression ")"
///
/// by operator precedence with explicit stacks (Dijkstra's shunting-yard; Aho, Lam, Sethi &
/// Ullman, *Compilers*, 2nd ed., §4.6): no recursion, so the stack use is constant whatever the
/// text. Nesting — parentheses, function arguments, unary signs and exponents, the constructs a
/// recursive-descent parser would recurse on — is still capped at `maximumNestingDepth` levels:
/// no formula needs more, and the cap keeps the language's contract independent of the parser
/// (the recursive-descent parser this replaced used ~3.5 KiB of stack per level in debug builds).
struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)
        case end
    }

    /// The deepest nesting of parentheses, function calls, unary signs and `^` (combined) that
    /// parses: the level of an operand is 1 plus the number of those constructs it sits inside.
    /// Deeper texts throw `ExpressionError.tooDeeplyNested`.
    static let maximumNestingDepth = 1000

    let characters: [Character]
    /// The parsed nodes in post-order (see `ExpressionNode`); filled by `parse()`.
    private(set) var nodes: [ExpressionNode] = []
    private var tokens: [(token: Token, start: Int, end: Int)] = []
    private var index = 0

    init(_ text: String) throws {
        characters = Array(text)
        tokens = try Self.tokenize(characters)
    }

    /// Constants the language predefines.
    static let constants: [String: Double] = ["pi": Double.pi, "e": M_E]

    /// An operator or bracket waiting for its operands: the shunting-yard's operator stack.
    private enum Pending {
        /// A prefix `-` or `+` that began at `start`.
        case sign(Character, start: Int)
        /// An infix operator whose left operand is on the operand stack.
        case binary(Character)
        /// An open parenthesis at `start`.
        case group(start: Int)
        /// An open call of `function` (spelled `name`, starting at `start`) with the arguments
        /// parsed so far.
        case call(ExpressionFunction, name: String, start: Int, arguments: [Int])

        /// Binding strength of an operator (higher binds tighter); nil for brackets.
        var precedence: Int? {
            switch self {
            case .binary("+"), .binary("-"): return 1
            case .binary("*"), .binary("/"): return 2
            case .sign: return 3
            case .binary: return 4  // ^
            case .group, .call: return nil
            }
        }

        /// Whether the construct is a nesting level (the operands after it sit one level deeper).
        var nests: Bool {
            switch self {
            case .binary(let op): return op == "^"
            default: return true
            }
        }
    }

    /// Parses the whole text; afterwards `nodes` holds the tree with its root last.
    ///
    /// Alternates between expecting an operand (signs, `(` and `name(` are pushed; a number or
    /// name completes an operand) and expecting an operator (which first reduces the pending
    /// operators that bind at least as tightly, `^` being right-associative), closing brackets
    /// and the end.
    mutating func parse() throws {
        var pending: [Pending] = []
        var operands: [Int] = []
        var nesting = 0  // the number of entries of `pending` that nest

        func push(_ p: Pending) {
            pending.append(p)
            if p.nests { nesting += 1 }
        }
        // Applies the operator on top of `pending` to its operands.
        func reduce() {
            let p = pending.removeLast()
            if p.nests { nesting -= 1 }
            switch p {
            case .sign("-", let start):
                let operand = operands.removeLast()
                operands.append(add(.negate(operand), start..<nodes[operand].range.upperBound))
            case .binary(let op):
                let right = operands.removeLast(), left = operands.removeLast()
                operands.append(add(.binary(op, left, right), nodes[left].range.lowerBound..<nodes[right].range.upperBound))
            default:
                break  // a prefix + changes nothing
            }
        }
        // Reduces every operator above the innermost bracket that binds at least as tightly as
        // `precedence` (strictly more tightly for the right-associative ^).
        func reduceOperators(above precedence: Int, rightAssociative: Bool = false) {
            while let top = pending.last?.precedence, top > precedence || (top == precedence && !rightAssociative) {
                reduce()
            }
        }
        // The error for a token that cannot continue the innermost open construct.
        func unexpected() -> ExpressionError {
            for p in pending.reversed() {
                if case .group(let start) = p { return syntaxError(expected: "')' to close the '(' at column \(start + 1)") }
                if case .call(_, let name, _, _) = p { return syntaxError(expected: "',' or ')' in the call of \(name)") }
            }
            return syntaxError(expected: "an operator or the end of the expression")
        }

        while true {
            // Expecting an operand.
            let (token, start, end) = current
            guard nesting < Self.maximumNestingDepth else {
                throw ExpressionError.tooDeeplyNested(column: start + 1, limit: Self.maximumNestingDepth)
            }
            switch token {
            case .symbol(let c) where c == "-" || c == "+":
                index += 1
                push(.sign(c, start: start))
                continue
            case .symbol("("):
                index += 1
                push(.group(start: start))
                continue
            case .number(let x):
                index += 1
                operands.append(add(.number(x), start..<end))
            case .name(let name):
                index += 1
                if take("(") {
                    guard let function = ExpressionFunction(rawValue: name) else {
                        throw ExpressionError.unknownFunction(name: name, column: start + 1)
                    }
                    push(.call(function, name: name, start: start, arguments: []))
                    continue
                }
                if let value = Self.constants[name] {
                    operands.append(add(.number(value), start..<end))
                } else if ExpressionFunction(rawValue: name) != nil {
                    throw syntaxError(expected: "'(' after the function name \(name)")
                } else {
                    operands.append(add(.variable(name), start..<end))
                }
            default:
                throw syntaxError(expected: "a number, a variable, a function call or '('")
            }

            // Expecting an operator, a closing bracket, a comma or the end; loops while brackets
            // close (each completes an operand).
            operatorPosition: while true {
                switch current.token {
                case .symbol(let op) where "+-*/^".contains(op):
                    index += 1
                    let precedence = Pending.binary(op).precedence!
                    reduceOperators(above: precedence, rightAssociative: op == "^")
                    push(.binary(op))
                    break operatorPosition
                case .symbol(")"):
                    reduceOperators(above: 0)
                    switch pending.last {
                    case .group(let groupStart):
                        index += 1
                        _ = pending.removeLast()
                        nesting -= 1
                        // The parentheses belong to the sub-expression's text (messages quote it).
                        nodes[operands[operands.count - 1]].range = groupStart..<tokens[index - 1].end
                    case .call(let function, let name, let callStart, var arguments):
                        index += 1
                        _ = pending.removeLast()
                        nesting -= 1
                        arguments.append(operands.removeLast())
                        guard arguments.count == function.arity else {
                            throw ExpressionError.wrongArgumentCount(function: name, expected: function.arity,
                                                                     found: arguments.count, column: callStart + 1)
                        }
                        operands.append(add(.call(function, arguments), callStart..<tokens[index - 1].end))
                    default:
                        throw unexpected()
                    }
                case .symbol(","):
                    reduceOperators(above: 0)
                    guard case .call(let function, let name, let callStart, var arguments) = pending.last else {
                        throw unexpected()
                    }
                    index += 1
                    arguments.append(operands.removeLast())
                    pending[pending.count - 1] = .call(function, name: name, start: callStart, arguments: arguments)
                    break operatorPosition
                case .end:
                    reduceOperators(above: 0)
                    guard pending.isEmpty else { throw unexpected() }
                    return
                default:
                    throw unexpected()
                }
            }
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
}
