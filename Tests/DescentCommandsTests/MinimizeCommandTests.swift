import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent minimize`: JSON key contract, every method on a quadratic, the trace file, and bad input.
@Suite("descent minimize")
struct MinimizeCommandTests {
    let rosenbrock = "100*(y - x^2)^2 + (1 - x)^2"

    func decode(_ output: LinalgOutput) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(output.json.rendered().utf8)) as! [String: Any]
    }

    @Test func rosenbrockBFGSJSONContract() throws {
        let (out, result, names) = try MinimizeCommand.solve(expression: rosenbrock, x0: "x=-1.2,y=1", method: .bfgs)
        guard case .object(let pairs) = out.json else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["x", "value", "gradient_norm", "iterations", "function_evaluations", "gradient_evaluations", "termination"])
        let json = try decode(out)
        let x = json["x"] as! [String: Double]
        #expect(Array(x.keys).sorted() == ["x", "y"] && names == ["x", "y"])
        // μ ≈ 0.3994 at (1, 1): ‖x − x*‖ ≤ 2‖∇f‖/μ.
        let bound = 2 * result.gradient.norm(.two) / 0.3994
        expectClose(x["x"]!, 1, atol: bound, "first-order bound 2‖∇f‖/μ")
        expectClose(x["y"]!, 1, atol: bound, "first-order bound 2‖∇f‖/μ")
        #expect(json["termination"] as? String == "converged_gradient")
        #expect((json["gradient_norm"] as! Double) <= 1e-5)
        #expect(json["iterations"] as? Int == result.iterations && result.iterations > 0)
        #expect(json["function_evaluations"] as? Int == result.functionEvaluations)
        #expect(json["gradient_evaluations"] as? Int == result.gradientEvaluations)
        #expect(out.text.contains("termination: converged"))
    }

    @Test(arguments: MinimizeCommand.Method.allCases)
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
        let json = try decode(out)
        #expect(json["termination"] as? String == "diverged")
        #expect(json["x"] as? [String: Double] == ["x": 1, "y": 1])
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
        let json = try decode(MinimizeCommand.solve(expression: "log(x)", x0: "x=-1", method: .bfgs).output)
        #expect(json["termination"] as? String == "non_finite_value")
        #expect(json["iterations"] as? Int == 0)
    }

    @Test func endToEnd() throws {
        let ok = try LinalgCommandTests().run(["minimize", "--expr", "x^2 + 4*y^2", "--x0", "x=1,y=1", "--method", "newton", "--json"], files: [:])
        #expect(ok.status == 0 && ok.stderr.isEmpty)
        #expect(ok.stdout.hasPrefix("{\"x\": {\"x\": ") && ok.stdout.contains("\"termination\": \"converged_gradient\""), "stdout: \(ok.stdout)")
        let traced = try LinalgCommandTests().run(["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "gd", "--lr", "0.25", "--trace", "t.csv"], files: [:])
        #expect(traced.status == 0)
        for (arguments, expected) in [
            (["minimize", "--expr", "x^2 +", "--x0", "x=1"], "--expr: "),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "cg", "--line-search", "wolfe"], "--line-search applies to gd and newton only"),
            (["minimize", "--expr", "x^2", "--x0", "x"], "--x0: 'x' is not name=value"),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--trace", "/nonexistent/dir/t.csv"], "--trace: cannot write /nonexistent/dir/t.csv"),
        ] {
            let bad = try LinalgCommandTests().run(arguments, files: [:])
            #expect(bad.status != 0)
            #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.contains(expected), "stderr: \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "one line: \(bad.stderr)")
        }
    }

    @Test func plotDrawsLossCurveAndContourPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let two = directory.appendingPathComponent("two.svg").path, one = directory.appendingPathComponent("one.svg").path
        let run2 = try LinalgCommandTests().run(["minimize", "--expr", rosenbrock, "--x0", "x=-1.2,y=1", "--method", "bfgs", "--plot", two], files: [:])
        #expect(run2.status == 0, "stderr: \(run2.stderr)")
        let svg2 = try String(contentsOfFile: two, encoding: .utf8)
        // Two variables: the loss curve and the contour plot side by side, each a nested <svg>.
        #expect(svg2.hasPrefix("<svg xmlns="))
        #expect(svg2.components(separatedBy: "<svg x=").count - 1 == 2)
        #expect(svg2.contains("path over the contours of f"))
        let run1 = try LinalgCommandTests().run(["minimize", "--expr", "(x - 3)^2 + 1", "--x0", "x=0", "--method", "gd", "--plot", one], files: [:])
        #expect(run1.status == 0, "stderr: \(run1.stderr)")
        let svg1 = try String(contentsOfFile: one, encoding: .utf8)
        // One variable: the loss curve alone.
        #expect(svg1.hasPrefix("<svg xmlns=") && !svg1.contains("<svg x=") && !svg1.contains("contours"))
        let bad = try LinalgCommandTests().run(["minimize", "--expr", "x^2", "--x0", "x=1", "--plot", "/nonexistent/dir/p.svg"], files: [:])
        #expect(bad.status != 0 && bad.stderr.hasPrefix("error: --plot: cannot write /nonexistent/dir/p.svg"), "stderr: \(bad.stderr)")
    }

    /// The contour window around the iterates used a fixed ±0.5 margin, absorbed by rounding at 1e16
    /// (an empty range: a ContourPlot precondition trap), and overflowed to ±∞ at ±1e308. Every such
    /// start now writes a plot.
    @Test(arguments: [["x=1e16,y=1e16", "0"], ["x=-1e16,y=3", "0"], ["x=1e308,y=-1e308", "3"],
                      ["x=5e-324,y=5e-324", "0"], ["x=1.7e308,y=-1e308", "0"]])
    func plotAtExtremeStartingPoints(_ arguments: [String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("p.svg").path
        let run = try LinalgCommandTests().run(["minimize", "--expr", "x + y", "--x0", arguments[0], "--method", "gd",
                                                "--max-iter", arguments[1], "--plot", path], files: [:])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=") && svg.contains("path over the contours of f"))
    }
}
