import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Expressions of any length, and nesting up to the documented limit, without recursion deep
/// enough to overflow a stack; deeper nesting is a typed error, not a crash.
@Suite("Long and deeply nested expressions")
struct LongExpressionTests {
    /// The error parsing `text` throws, if any.
    func failure(_ text: String) -> ExpressionError? {
        do { _ = try MathExpression(parsing: text); return nil } catch let e as ExpressionError { return e } catch { return nil }
    }

    @Test func tenThousandTermSumEvaluatesAndDifferentiates() throws {
        // A left-deep tree of depth 10⁴: Σ (x·x + k·y) for k = 1…5000.
        let text = (1...5000).map { "x*x + \($0)*y" }.joined(separator: " + ")
        let f = try MathExpression(parsing: text)
        #expect(f.variables == ["x", "y"])
        let (x, y) = (1.5, -2.0)
        let sumK: Double = 12_502_500  // 1 + 2 + … + 5000
        // Every partial sum is an integer or half-integer below 2⁵³: exact in doubles.
        #expect(try f.evaluate(at: ["x": x, "y": y], checkingFinite: true) == 5000 * x * x + sumK * y)
        let r = valueGradientAndHessian(of: try f.function(of: ["x", "y"]), at: Tensor([x, y]))
        #expect(r.value == 5000 * x * x + sumK * y)
        #expect(r.gradient == Tensor([10000 * x, sumK]))
        #expect(r.hessian == Tensor([[10000, 0], [0, 0]]))
    }

    @Test func longProductsAndDifferencesToo() throws {
        // 10⁴ factors x: d/dx xⁿ = n·xⁿ⁻¹, at x = 1 exactly n.
        let product = try MathExpression(parsing: Array(repeating: "x", count: 10_000).joined(separator: "*"))
        #expect(derivative(of: try product.function(of: ["x"]), at: 1) == 10_000)
        // x - x - x … (10⁴ terms): derivative 1 − 9999.
        let difference = try MathExpression(parsing: Array(repeating: "x", count: 10_000).joined(separator: " - "))
        #expect(derivative(of: try difference.function(of: ["x"]), at: 0.5) == -9998)
    }

    @Test func nestingUpToTheLimitParses() throws {
        let limit = MathExpression.maximumNestingDepth
        #expect(limit == 1000)
        // n parentheses around x are n + 1 levels (the innermost x is one).
        let parens = String(repeating: "(", count: limit - 1) + "x" + String(repeating: ")", count: limit - 1)
        #expect(try MathExpression(parsing: parens).evaluate(at: ["x": 2]) == 2)
        let signs = String(repeating: "-", count: limit - 1) + "x"
        #expect(try MathExpression(parsing: signs).evaluate(at: ["x": 2]) == -2, "999 minus signs")
        let calls = String(repeating: "sin(", count: limit - 1) + "x" + String(repeating: ")", count: limit - 1)
        let g = derivative(of: try MathExpression(parsing: calls).function(of: ["x"]), at: 0)
        #expect(g == 1, "sin∘…∘sin has derivative 1 at 0")
    }

    @Test func deeperNestingIsATypedError() {
        let limit = MathExpression.maximumNestingDepth
        let deep: [(String, String)] = [
            ("parentheses", String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)),
            ("one too many", String(repeating: "(", count: limit) + "x" + String(repeating: ")", count: limit)),
            ("signs", String(repeating: "-", count: 10_000) + "x"),
            ("calls", String(repeating: "exp(", count: 5000) + "x" + String(repeating: ")", count: 5000)),
        ]
        for (what, text) in deep {
            // Level limit + 1 starts at the (limit + 1)-th character in each of these.
            let width = what == "calls" ? 4 : 1
            #expect(failure(text) == .tooDeeplyNested(column: limit * width + 1, limit: limit), "\(what)")
        }
        // A right-associative tower x^x^…^x nests too.
        #expect(failure(Array(repeating: "x", count: 5000).joined(separator: "^"))
                == .tooDeeplyNested(column: 2 * limit + 1, limit: limit))
        #expect(ExpressionError.tooDeeplyNested(column: 7, limit: 1000).description
                == "column 7: nested more than 1000 levels deep (parentheses, function calls, signs and ^ combined)")
    }

    @Test func deepAndLongExpressionsFitInASmallThreadStack() throws {
        // Parsing, evaluation and differentiation are loops, not recursions: the deepest allowed
        // expression, and a 10⁴-term sum, go through on a thread with 256 KiB of stack (half the
        // macOS default for secondary threads) in this debug build, whose frames are the largest.
        // (The recursive-descent parser this replaced needed 3–4 MiB for 1000 levels.)
        let limit = MathExpression.maximumNestingDepth
        let text = String(repeating: "sin(-(", count: (limit - 1) / 3) + "x" + String(repeating: "))", count: (limit - 1) / 3)
        let long = Array(repeating: "x*x", count: 10_000).joined(separator: " + ")
        nonisolated(unsafe) var result: Double?
        nonisolated(unsafe) var longResult: Double?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            if let f = try? MathExpression(parsing: text), let g = try? f.function(of: ["x"]) {
                result = derivative(of: g, at: 0)
            }
            if let f = try? MathExpression(parsing: long), let g = try? f.function(of: ["x"]) {
                longResult = derivative(of: g, at: 1)
            }
            done.signal()
        }
        thread.stackSize = 256 << 10
        thread.start()
        done.wait()
        // d/dx of (sin∘neg)ⁿ at 0 is (−1)ⁿ.
        #expect(result == ((limit - 1) / 3 % 2 == 0 ? 1 : -1))
        #expect(longResult == 20_000)
    }
}
