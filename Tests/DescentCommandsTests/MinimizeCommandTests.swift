import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent minimize`: JSON key contract, every method on a quadratic, the trace file, and bad input.
@Suite("descent minimize")
struct MinimizeCommandTests {
    let rosenbrock = "100*(y - x^2)^2 + (1 - x)^2"

    @Test func rosenbrockBFGSJSONContract() throws {
        let (out, result, names) = try MinimizeCommand.solve(expression: rosenbrock, x0: "x=-1.2,y=1", method: .bfgs)
        guard case .object(let pairs) = out.json else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["variables", "x", "value", "gradient_norm", "iterations", "function_evaluations",
                                    "gradient_evaluations", "termination", "stationary_point", "min_hessian_eigenvalue",
                                    "saddle_escapes"])
        let json = try out.decoded()
        // x is an array in the order of variables, as in every verb (grad, hessian, solve, cg).
        #expect(json["variables"] as? [String] == ["x", "y"] && names == ["x", "y"])
        let x = json["x"] as! [Double]
        // μ ≈ 0.3994 at (1, 1): ‖x − x*‖ ≤ 2‖∇f‖/μ.
        let bound = 2 * result.gradient.norm(.two) / 0.3994
        expectClose(x, [1, 1], atol: bound, "first-order bound 2‖∇f‖/μ")
        #expect(json["termination"] as? String == "converged_gradient")
        #expect((json["gradient_norm"] as! Double) <= 1e-5)
        #expect(json["iterations"] as? Int == result.iterations && result.iterations > 0)
        #expect(json["function_evaluations"] as? Int == result.functionEvaluations)
        #expect(json["gradient_evaluations"] as? Int == result.gradientEvaluations)
        #expect(out.text.contains("termination: converged"))
    }

    @Test(arguments: MinimizeCommand.Method.allCases.filter { !$0.isLeastSquares })   // lm, gauss-newton: MinimizeLeastSquaresTests
    func everyMethodOnAQuadratic(_ method: MinimizeCommand.Method) throws {
        // x² + 4y² (H = diag(2, 8)): adaptive first-order methods get a larger step and more iterations.
        let rate: Double? = method == .gd ? nil : (method.rawValue == "adagrad" ? 0.5 : (method.rawValue == "lion" ? nil : 0.05))
        let takesRate = [.gd, .momentum, .nesterov, .adagrad, .rmsprop, .adam, .adamw, .lion].contains(method)
        let tolerance = method == .lion ? 1e-2 : 1e-5   // Lion's sign steps of size η hover at distance ~η
        let (_, result, _) = try MinimizeCommand.solve(expression: "x^2 + 4*y^2", x0: "x=1,y=1", method: method,
                                                       learningRate: takesRate ? rate : nil, maxIterations: 20000, tolerance: tolerance)
        #expect(result.isConverged, "\(method.rawValue): \(result.termination)")
        // μ = 2: ‖x‖₂ ≤ ‖∇f‖₂/2 exactly on this quadratic.
        expectClose(result.minimizer.norm(.two), 0, atol: result.gradient.norm(.two) / 2 + 1e-15, "\(method.rawValue): ‖x − x*‖ ≤ ‖g‖/μ")
    }

    @Test func fixedStepAboveTwoOverLambdaMaxDiverges() throws {
        // λmax = 8: η = 0.3 > 2/8 is unstable; the output says so and keeps the best point (x₀).
        let (out, _, _) = try MinimizeCommand.solve(expression: "x^2 + 4*y^2", x0: "x=1,y=1", method: .gd, learningRate: 0.3)
        let json = try out.decoded()
        #expect(json["termination"] as? String == "diverged")
        #expect(json["x"] as? [Double] == [1, 1])
    }

    @Test func traceCSV() throws {
        let (_, result, names) = try MinimizeCommand.solve(expression: "x^2 + 4*y^2", x0: "x=1,y=1", method: .gd,
                                                           learningRate: 0.1, maxIterations: 3, recordTrace: true)
        let csv = MinimizeCommand.traceCSV(result.trace, names: names)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "iteration,value,gradient_norm,step_size,function_evaluations,gradient_evaluations,x,y")
        #expect(lines.count == 5, "header plus iterations 0…3")
        #expect(lines[1] == "0,5,8,0,1,1,1,1")
        // One fixed step 0.1 from (1, 1) along −(2, 8): (0.8, 0.2).
        let first = lines[2].split(separator: ",").map { Double($0)! }
        expectClose(Array(first[6...]), [0.8, 0.2], rtol: 1e-15, "one rounding per entry")
    }

    @Test func optionsThatDoNotApplyAreErrors() {
        #expect(throws: UsageError.self) { try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .cg, lineSearch: .wolfe) }
        #expect(throws: UsageError.self) { try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .bfgs, learningRate: 0.1) }
        #expect(throws: UsageError.self) { try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .newton, lineSearch: .fixed) }
        #expect(throws: UsageError.self) { try MinimizeCommand.solve(expression: "x + z", x0: "x=1", method: .bfgs) }
        #expect(throws: UsageError.self) { try MinimizeCommand.solve(expression: "x^2", x0: "x=inf", method: .bfgs) }
    }

    @Test func nanAtStartIsATermination() throws {
        let json = try MinimizeCommand.solve(expression: "log(x)", x0: "x=-1", method: .bfgs).output.decoded()
        #expect(json["termination"] as? String == "non_finite_value")
        #expect(json["iterations"] as? Int == 0)
    }

    @Test func endToEnd() throws {
        let ok = try DescentCLI.run(["minimize", "--expr", "x^2 + 4*y^2", "--x0", "x=1,y=1", "--method", "newton", "--json"])
        #expect(ok.status == 0 && ok.stderr.isEmpty)
        #expect(ok.stdout.hasPrefix("{\"variables\": [\"x\", \"y\"], \"x\": [") && ok.stdout.contains("\"termination\": \"converged_gradient\""), "stdout: \(ok.stdout)")
        let traced = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "gd", "--lr", "0.25", "--trace", "t.csv"])
        #expect(traced.status == 0)
        for (arguments, expected) in [
            (["minimize", "--expr", "x^2 +", "--x0", "x=1"], "--expr: "),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "cg", "--line-search", "wolfe"], "--line-search applies to gd and newton only"),
            (["minimize", "--expr", "x^2", "--x0", "x"], "--x0: 'x' is not name=value"),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--trace", "/nonexistent/dir/t.csv"], "--trace: cannot write /nonexistent/dir/t.csv"),
        ] {
            let bad = try DescentCLI.run(arguments)
            #expect(bad.status != 0)
            #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.contains(expected), "stderr: \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "one line: \(bad.stderr)")
        }
    }

    @Test func plotDrawsLossCurveAndContourPath() throws {
        let run2 = try DescentCLI.run(["minimize", "--expr", rosenbrock, "--x0", "x=-1.2,y=1", "--method", "bfgs", "--plot", "two.svg"],
                                      reading: ["two.svg"])
        #expect(run2.status == 0, "stderr: \(run2.stderr)")
        let svg2 = try #require(run2.files["two.svg"])
        // Two variables: the loss curve and the contour plot side by side, each a nested <svg>.
        #expect(svg2.hasPrefix("<svg xmlns="))
        #expect(svg2.components(separatedBy: "<svg x=").count - 1 == 2)
        #expect(svg2.contains("path over the contours of f"))
        let run1 = try DescentCLI.run(["minimize", "--expr", "(x - 3)^2 + 1", "--x0", "x=0", "--method", "gd", "--plot", "one.svg"],
                                      reading: ["one.svg"])
        #expect(run1.status == 0, "stderr: \(run1.stderr)")
        let svg1 = try #require(run1.files["one.svg"])
        // One variable: the loss curve alone.
        #expect(svg1.hasPrefix("<svg xmlns=") && !svg1.contains("<svg x=") && !svg1.contains("contours"))
        let bad = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1", "--plot", "/nonexistent/dir/p.svg"])
        #expect(bad.status != 0 && bad.stderr.hasPrefix("error: --plot: cannot write /nonexistent/dir/p.svg"), "stderr: \(bad.stderr)")
        // --plot writes SVG only: another extension is refused before anything runs.
        let png = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1", "--plot", "p.png"], reading: ["p.png"])
        #expect(png.status != 0 && png.stderr.contains("--plot writes an SVG figure: give a file name ending in .svg, got 'p.png'"),
                "stderr: \(png.stderr)")
        #expect(png.stdout.isEmpty && png.files["p.png"] == nil)
    }

    /// The contour window around the iterates used a fixed ±0.5 margin, absorbed by rounding at 1e16
    /// (an empty range: a ContourPlot precondition trap), and overflowed to ±∞ at ±1e308. Every such
    /// start now writes a plot.
    @Test(arguments: [["x=1e16,y=1e16", "0"], ["x=-1e16,y=3", "0"], ["x=1e308,y=-1e308", "3"],
                      ["x=5e-324,y=5e-324", "0"], ["x=1.7e308,y=-1e308", "0"]])
    func plotAtExtremeStartingPoints(_ arguments: [String]) throws {
        let run = try DescentCLI.run(["minimize", "--expr", "x + y", "--x0", arguments[0], "--method", "gd",
                                      "--max-iter", arguments[1], "--plot", "p.svg"], reading: ["p.svg"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let svg = try #require(run.files["p.svg"])
        #expect(svg.hasPrefix("<svg xmlns=") && svg.contains("path over the contours of f"))
    }

    /// --tol and --max-iter are the shared iteration options (`IterationOptions`): checked before anything runs.
    @Test func iterationOptionsAreValidated() throws {
        #expect(try MinimizeCommand.parse(["--expr", "x^2", "--x0", "x=1"]).iteration.tolerance == 1e-5)
        #expect(try MinimizeCommand.parse(["--expr", "x^2", "--x0", "x=1", "--tol", "1e-8"]).iteration.tolerance == 1e-8)
        #expect(try MinimizeCommand.parse(["--expr", "x^2", "--x0", "x=1", "--max-iter", "7"]).iteration.maxIterations == 7)
        for (arguments, expected) in [
            (["--tol", "nan"], "--tol must be a finite number ≥ 0, got nan"),
            (["--tol=-1"], "--tol must be a finite number ≥ 0, got -1"),
            (["--max-iter=-1"], "--max-iter must be ≥ 0, got -1"),
            (["--lr", "0"], "--lr must be a positive finite number, got 0"),
        ] {
            let bad = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1"] + arguments)
            #expect(bad.status != 0 && bad.stdout.isEmpty && bad.stderr.contains(expected), "\(arguments): \(bad.stderr)")
        }
    }
}
