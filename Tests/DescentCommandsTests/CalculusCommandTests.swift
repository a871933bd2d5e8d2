import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent grad`, `hessian`, `jacobian`: output functions (JSON key contract, worked values) and
/// end-to-end runs of the built binary for bad input.
@Suite("descent grad / hessian / jacobian")
struct CalculusCommandTests {
    @Test func gradGoldenJSON() throws {
        // f = x²y + 3xy³ + sin x at (1, 2): ∇f = (2xy + 3y³ + cos x, x² + 9xy²) = (28 + cos 1, 37).
        let out = try GradCommand.output(expression: "x^2*y + 3*x*y^3 + sin(x)", at: "x=1,y=2")
        #expect(out.keys == ["variables", "value", "gradient"])
        let json = try out.decoded()
        #expect(json["variables"] as? [String] == ["x", "y"])
        expectClose(json["value"] as! Double, 26 + Foundation.sin(1), rtol: 1e-15, "one libm sin")
        expectClose(json["gradient"] as! [Double], [28 + Foundation.cos(1), 37], rtol: 1e-15, "one libm cos")
        #expect(out.text == "f(x = 1, y = 2) = 26.8415\ngradient: [28.5403, 37]", "whole numbers without a trailing dot")
    }

    @Test func variableOrderFollowsAt() throws {
        let json = try GradCommand.output(expression: "x + 10*y", at: "y=0, x=0").decoded()
        #expect(json["variables"] as? [String] == ["y", "x"])
        #expect(json["gradient"] as? [Double] == [10, 1])
        // A name in --at that the expression does not use has derivative 0.
        #expect(try GradCommand.output(expression: "x^2", at: "x=3,z=1").decoded()["gradient"] as? [Double] == [6, 0])
    }

    @Test func rosenbrockHessian() throws {
        let out = try HessianCommand.output(expression: "100*(y - x^2)^2 + (1 - x)^2", at: "x=1,y=1")
        #expect(out.keys == ["variables", "value", "gradient", "hessian", "eigenvalues", "classification",
                              "condition_number", "max_stable_step"])
        let json = try out.decoded()
        #expect(json["hessian"] as? [[Double]] == [[802, -400], [-400, 200]])
        #expect(json["hessian"] as? [[Double]] != [[1200, -400], [-400, 2]], "the popular wrong Hessian")
        // Eigenvalues of [[802, −400], [−400, 200]]: 501 ± √(301² + 400²) = 501 ± √250601.
        let root = 250601.0.squareRoot()
        expectClose(json["eigenvalues"] as! [Double], [501 - root, 501 + root], rtol: 1e-12,
                    "dsyevd on a 2 × 2 matrix with κ ≈ 2508: backward error ε‖H‖ gives ~1e-13 relative on λmin")
        #expect(json["classification"] as? String == "minimum")
        expectClose(json["condition_number"] as! Double, (501 + root) / (501 - root), rtol: 1e-12, "ratio of the above")
        expectClose(json["max_stable_step"] as! Double, 2 / (501 + root), rtol: 1e-14, "2/λmax")
    }

    @Test(arguments: [
        ("x^2 + 4*y^2", "minimum"), ("-x^2 - y^2", "maximum"), ("x^2 - y^2", "saddle"),
        ("x^4 + y^2", "degenerate"), ("x + y", "degenerate"), ("x^2 + x*y + 3*y^2", "minimum"),
    ])
    func classification(expression: String, expected: String) throws {
        let json = try HessianCommand.output(expression: expression, at: "x=0,y=0").decoded()
        #expect(json["classification"] as? String == expected)
    }

    @Test func maxStableStepIsNullWithoutPositiveCurvature() throws {
        let out = try HessianCommand.output(expression: "-x^2 - 3*y^2", at: "x=1,y=1")
        #expect(out.json.rendered().hasSuffix(#""max_stable_step": null}"#))
        let flat = try HessianCommand.output(expression: "x^4 + y^2", at: "x=0,y=0").decoded()
        #expect(flat["condition_number"] as? String == "inf")
    }

    @Test func jacobianRowsAreExpressions() throws {
        let out = try JacobianCommand.output(expressions: "x*y; sin(x) + y^2; exp(x)", at: "x=0,y=3")
        #expect(out.keys == ["variables", "value", "jacobian"])
        #expect(out.json.rendered() == #"{"variables": ["x", "y"], "value": [0.0, 9.0, 1.0], "jacobian": [[3.0, 0.0], [1.0, 6.0], [1.0, 0.0]]}"#)
        // Wide case (reverse mode): one expression, three variables.
        let wide = try JacobianCommand.output(expressions: "x*y*z", at: "x=1,y=2,z=3").decoded()
        #expect(wide["jacobian"] as? [[Double]] == [[6, 3, 2]])
    }

    @Test(arguments: [
        (["grad", "--expr", "x +* y", "--at", "x=1,y=2"], "column 4: expected a number, a variable, a function call or '(', found '*'"),
        (["grad", "--expr", "x + y", "--at", "x=1"], "variable 'y' has no value"),
        (["hessian", "--expr", "foo(x)", "--at", "x=1"], "column 1: unknown function 'foo'"),
        (["grad", "--expr", "x + log(y - 3)", "--at", "x=1,y=2"], "'log(y - 3)' evaluates to nan"),
        (["grad", "--expr", "sqrt(x)", "--at", "x=0"], "the gradient is not finite: ∂f/∂x = inf"),
        (["jacobian", "--expr", "x; y +* 2", "--at", "x=1,y=2"], "column 7: expected"),
        (["grad", "--expr", "x", "--at", "x1"], "--at: 'x1' is not name=value"),
        (["grad", "--expr", "x", "--at", "x=abc"], "is not a finite number"),
        (["grad", "--expr", "x", "--at", "x=1,x=2"], "x is given twice"),
        // Hostile input: each is one line on stderr and status 1, never a trap.
        (["grad", "--expr", String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000), "--at", "x=1"],
         "column 1001: nested more than 1000 levels deep"),
        // (`--expr=` form: ArgumentParser rejects a separate argument starting with "---" as an option.)
        (["grad", "--expr=" + String(repeating: "-", count: 10_000) + "x", "--at", "x=1"], "nested more than 1000 levels deep"),
        (["hessian", "--expr", String(repeating: "exp(", count: 5000) + "x" + String(repeating: ")", count: 5000), "--at", "x=1"],
         "nested more than 1000 levels deep"),
        (["grad", "--expr", "", "--at", "x=1"], "column 1: expected a number, a variable, a function call or '(', found end of expression"),
        (["jacobian", "--expr", "x;", "--at", "x=1"], "found end of expression"),
        (["grad", "--expr", "x", "--at", "exp=1"], "--at: 'exp' is not a variable name"),
        (["grad", "--expr", "x", "--at", "pi=1"], "--at: 'pi' is not a variable name"),
        (["grad", "--expr", "x", "--at", "x=1e309"], "'1e309', is not a finite number"),
        (["grad", "--expr", "x/0", "--at", "x=1"], "'x/0' evaluates to inf"),
        (["grad", "--expr", "1e308*x*10", "--at", "x=1"], "'1e308*x*10' evaluates to inf"),
        (["grad", "--expr", "x*1e400", "--at", "x=1"], "'1e400' evaluates to inf"),
        (["hessian", "--expr", "x^1e308", "--at", "x=2"], "'x^1e308' evaluates to inf"),
        (["hessian", "--expr", "x^1e308", "--at", "x=1"], "the Hessian is not finite: ∂²f/∂x∂x = inf"),
        (["jacobian", "--expr", "x^y", "--at", "x=0,y=0"], "the Jacobian is not finite: ∂f1/∂x = nan"),
        (["grad", "--expr", "min(x)", "--at", "x=1"], "min takes 2 arguments, got 1"),
        (["grad", "--expr", "exp", "--at", "x=1"], "expected '(' after the function name exp"),
    ])
    func badInputFailsWithOneLine(arguments: [String], message: String) throws {
        let result = try DescentCLI.run(arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func honestResultsAtTheEdges() throws {
        // pow with a constant exponent is x^p: derivative 0 for p = 0, and no log 0 in the Hessian.
        #expect(try GradCommand.output(expression: "pow(x,0)", at: "x=0").decoded()["gradient"] as? [Double] == [0])
        #expect(try HessianCommand.output(expression: "pow(x,1)*y", at: "x=0,y=1").decoded()["hessian"] as? [[Double]]
                == [[0, 1], [1, 0]])
        // A 10⁴-term sum (a tree 10⁴ deep) parses, evaluates and differentiates.
        let long = Array(repeating: "x*x", count: 10_000).joined(separator: "+")
        #expect(try GradCommand.output(expression: long, at: "x=1").decoded()["gradient"] as? [Double] == [20_000])
        // Huge but finite: an honest result.
        #expect(try GradCommand.output(expression: "x^1e308", at: "x=1").decoded()["gradient"] as? [Double] == [1e308])
    }

    @Test func endToEndLeadingMinus() throws {
        let result = try DescentCLI.run(["grad", "--expr", "-x^2", "--at", "x=3", "--json"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"variables\": [\"x\"], \"value\": -9.0, \"gradient\": [-6.0]}\n")
    }
}
