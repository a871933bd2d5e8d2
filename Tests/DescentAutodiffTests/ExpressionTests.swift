import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Expression language")
struct ExpressionTests {
    @Test func variablesInOrderOfFirstAppearance() throws {
        #expect(try MathExpression(parsing: "x^2 + 3*y").variables == ["x", "y"])
        #expect(try MathExpression(parsing: "w2*sin(b) + w1 - b + pi*e").variables == ["w2", "b", "w1"])
        #expect(try MathExpression(parsing: "42").variables == [])
    }

    @Test func precedenceAndAssociativity() throws {
        func value(_ text: String, x: Double = 3) throws -> Double { try MathExpression(parsing: text).evaluate(at: ["x": x]) }
        #expect(try value("-x^2") == -9)
        #expect(try value("2^3^2") == 512)
        #expect(try value("2^-1") == 0.5)
        #expect(try value("1 - 2 - 3") == -4)
        #expect(try value("8 / 4 / 2") == 1)
        #expect(try value("2 + 3 * 4") == 14)
        #expect(try value("(2 + 3) * 4") == 20)
        #expect(try value("1e-3 * x") == 3e-3)
        #expect(try value("2.5E+2") == 250)
        #expect(try value("--x") == 3)
        #expect(try value("+x") == 3)
        #expect(try value("2*pi") == 2 * Double.pi)
        #expect(try value("e") == M_E)
        #expect(try value("(-x)^2") == 9)
    }

    @Test func everyFunctionMatchesItsOperation() throws {
        let x = 0.37, y = -1.2
        let cases: [(String, Double)] = [
            ("exp(x)", Foundation.exp(x)), ("log(x)", Foundation.log(x)), ("sqrt(x)", x.squareRoot()),
            ("sin(x)", Foundation.sin(x)), ("cos(x)", Foundation.cos(x)), ("tan(x)", Foundation.tan(x)),
            ("atan(y)", Foundation.atan(y)), ("atan2(y, x)", Foundation.atan2(y, x)), ("tanh(y)", Foundation.tanh(y)),
            ("sigmoid(y)", 1 / (1 + Foundation.exp(-y))), ("softplus(y)", Foundation.log(1 + Foundation.exp(y))),
            ("relu(y)", 0), ("relu(x)", x), ("abs(y)", 1.2), ("min(x, y)", y), ("max(x, y)", x),
            ("pow(x, y)", Foundation.pow(x, y)), ("erf(x)", Foundation.erf(x)),
            ("gelu(x)", x * 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot()))),
        ]
        for (text, expected) in cases {
            let value = try MathExpression(parsing: text).evaluate(at: ["x": x, "y": y])
            expectClose(value, expected, rtol: 1e-15, atol: 1e-16, "\(text): same libm call, a few ulps at most")
        }
    }

    @Test func derivativesThroughExpressions() throws {
        let f = try MathExpression(parsing: "x^2*y + 3*x*y^3 + sin(x)")
        let (x, y) = (1.5, -0.5)
        let g = gradient(of: try f.function(of: ["x", "y"]), at: Tensor([x, y]))
        expectClose(g, Tensor([2 * x * y + 3 * y * y * y + Foundation.cos(x), x * x + 9 * x * y * y]), rtol: 1e-15, "a few ulps")
        let rosenbrock = try MathExpression(parsing: "100*(y - x^2)^2 + (1 - x)^2")
        #expect(hessian(of: try rosenbrock.function(of: ["x", "y"]), at: Tensor([1, 1])) == Tensor([[802, -400], [-400, 200]]))
        // A negative base with an integer exponent differentiates without log(x) NaNs.
        #expect(derivative(of: try MathExpression(parsing: "x^3").function(of: ["x"]), at: -2) == 12)
        // Variable order is the caller's, not the expression's.
        #expect(gradient(of: try MathExpression(parsing: "x + 10*y").function(of: ["y", "x"]), at: Tensor([0, 0])) == Tensor([10, 1]))
    }

    @Test func evaluationOnTensors() throws {
        let f = try MathExpression(parsing: "x * y + 1")
        let out = try f.evaluate(["x": Variable(Tensor([1, 2, 3])), "y": Variable(2)])
        #expect(out.value == Tensor([3, 5, 7]))
    }

    @Test func syntaxErrorsNameTheColumn() {
        func failure(_ text: String) -> ExpressionError? {
            do { _ = try MathExpression(parsing: text); return nil } catch let e as ExpressionError { return e } catch { return nil }
        }
        #expect(failure("x +* y")?.column == 4)
        #expect(failure("x +* y")?.description.contains("expected a number, a variable, a function call or '('") == true)
        #expect(failure("(x + 1")?.column == 7)
        #expect(failure("3 x")?.column == 3)
        #expect(failure("x $ y")?.column == 3)
        #expect(failure("")?.column == 1)
        #expect(failure("foo(x)") == .unknownFunction(name: "foo", column: 1))
        #expect(failure("1 + atan2(x)") == .wrongArgumentCount(function: "atan2", expected: 2, found: 1, column: 5))
        #expect(failure("sin + 1")?.column == 5)
        #expect(failure("max(x y)")?.column == 7)
    }

    @Test func unboundVariablesAreErrors() throws {
        let f = try MathExpression(parsing: "x + 2*y")
        #expect(throws: ExpressionError.unboundVariable(name: "y", column: 7)) { try f.evaluate(at: ["x": 1]) }
        #expect(throws: ExpressionError.unboundVariable(name: "y", column: 7)) { try f.function(of: ["x"]) }
    }

    @Test func nonFiniteResultsNameTheSubexpression() throws {
        let f = try MathExpression(parsing: "x + log(y - 3)")
        // NaN ≠ NaN, so compare the parts rather than the whole error.
        do {
            _ = try f.evaluate(at: ["x": 1, "y": 2], checkingFinite: true)
            Issue.record("no error")
        } catch let ExpressionError.nonFinite(sub, column, value) {
            #expect(sub == "log(y - 3)" && column == 5 && value.isNaN)
        }
        #expect(try f.evaluate(at: ["x": 1, "y": 2]).isNaN)  // unchecked evaluation just returns NaN
        #expect(throws: ExpressionError.self) { try MathExpression(parsing: "1/(x - 1)").evaluate(at: ["x": 1], checkingFinite: true) }
    }
}
