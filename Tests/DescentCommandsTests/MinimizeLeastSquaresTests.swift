import DescentCommands
import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `descent minimize --residuals` (lm, gauss-newton, any method on ½‖r‖²) and `--lower/--upper` (L-BFGS-B).
@Suite("descent minimize: least squares and bounds")
struct MinimizeLeastSquaresTests {
    let rosenbrockResiduals = "10*(y - x^2); 1 - x"

    @Test(arguments: [MinimizeCommand.Method.lm, .gaussNewton, .bfgs, .newton])
    func residualsOfRosenbrock(_ method: MinimizeCommand.Method) throws {
        let (out, result, _) = try MinimizeCommand.solve(residuals: rosenbrockResiduals, x0: "x=-1.2,y=1", method: method)
        guard case .object(let pairs) = out.json else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["variables", "x", "value", "residual_norm", "gradient_norm", "iterations",
                                    "function_evaluations", "gradient_evaluations", "termination",
                                    "stationary_point", "min_hessian_eigenvalue", "saddle_escapes"])
        let json = try out.decoded()
        #expect(json["termination"] as? String == "converged_gradient", "\(method.rawValue)")
        // ½‖r‖² = ½(100(y − x²)² + (1 − x)²), μ ≈ 0.1997 at (1, 1): ‖x − x*‖ ≤ 2‖∇f‖/μ.
        expectClose(json["x"] as! [Double], [1, 1], atol: 2 * result.gradient.norm(.two) / 0.1997 + 1e-12, "\(method.rawValue): first-order bound")
        expectClose(json["residual_norm"] as! Double, (2 * (json["value"] as! Double)).squareRoot(), rtol: 1e-15, "‖r‖ = √(2f)")
        #expect(out.text.contains("residual norm ‖r‖₂"))
    }

    @Test func lmCountsMatchTheLibrary() throws {
        // The CLI's residuals go through autodiff; the Jacobian is exact, so the run is the library's.
        let (_, cli, _) = try MinimizeCommand.solve(residuals: rosenbrockResiduals, x0: "x=-1.2,y=1", method: .lm, tolerance: 1e-9)
        let residuals: (Tensor) -> Tensor = { p in
            let x = p.scalars[0], y = p.scalars[1]
            return Tensor([10 * (y - x * x), 1 - x])
        }
        let jacobian: (Tensor) -> Tensor = { p in Tensor([[-20 * p.scalars[0], 10], [-1, 0]]) }
        let library = try minimize(LeastSquaresObjective(residuals: residuals, jacobian: jacobian), from: Tensor([-1.2, 1]),
                                   using: LevenbergMarquardt(), options: OptimizationOptions(gradientTolerance: 1e-9))
        #expect(cli.functionEvaluations == library.functionEvaluations && cli.gradientEvaluations == library.gradientEvaluations)
        #expect(cli.iterations == library.iterations)
    }

    @Test func boundsCutOffTheMinimizer() throws {
        // x ≤ 0.8 excludes (1, 1): the constrained minimizer is (0.8, 0.64), f = 0.04 (exact; SciPy's
        // L-BFGS-B gives the same, see LBFGSBTests).
        let (out, result, _) = try MinimizeCommand.solve(expression: "100*(y - x^2)^2 + (1 - x)^2", x0: "x=-1.2,y=1", method: .lbfgs,
                                                         lower: "-1.5,-0.5", upper: "0.8,2", tolerance: 1e-9)
        let json = try out.decoded()
        #expect(json["termination"] as? String == "converged_gradient")
        #expect(result.method == "L-BFGS-B")
        expectClose(json["x"] as! [Double], [0.8, 0.64], atol: 1e-7, "projected gradient ≤ 1e-9, μ ≈ 200 along y")
        expectClose(json["value"] as! Double, 0.04, rtol: 1e-12, "(1 − 0.8)²")
        // One number bounds every variable.
        let (_, scalar, _) = try MinimizeCommand.solve(expression: "(x - 3)^2 + (y + 3)^2", x0: "x=0,y=0", method: .lbfgs,
                                                       lower: "-1", upper: "1")
        #expect(scalar.minimizer == Tensor([1, -1]))
        // Residuals and bounds together.
        let (_, both, _) = try MinimizeCommand.solve(residuals: rosenbrockResiduals, x0: "x=-1.2,y=1", method: .lbfgs, upper: "0.8,inf",
                                                     tolerance: 1e-9)
        expectClose(both.minimizer.scalars, [0.8, 0.64], atol: 1e-7, "same cut, given as residuals")
    }

    @Test func badCombinationsAreUsageErrors() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .lm) }
                .contains("--method lm needs --residuals"))
        #expect(message { _ = try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .bfgs, lower: "0") }
                .contains("--lower/--upper apply to lbfgs (L-BFGS-B) only, not bfgs"))
        #expect(message { _ = try MinimizeCommand.solve(expression: "x^2+y^2", x0: "x=1,y=1", method: .lbfgs, lower: "0,2", upper: "1") }
                .contains("the lower bound of y (2) exceeds its upper bound (1)"))
        #expect(message { _ = try MinimizeCommand.solve(expression: "x^2+y^2", x0: "x=1,y=1", method: .lbfgs, lower: "0,0,0") }
                .contains("--lower: 3 values for 2 variables"))
        #expect(message { _ = try MinimizeCommand.solve(expression: "x^2", x0: "x=1", method: .lbfgs, upper: "nan") }
                .contains("--upper: 'nan' is not a number"))
        #expect(message { _ = try MinimizeCommand.solve(residuals: "x; (y", x0: "x=1,y=1", method: .lm) }
                .contains("--residuals: "))
        #expect(message { _ = try MinimizeCommand.solve(residuals: "x - z", x0: "x=1", method: .lm) }
                .contains("--residuals: "))
    }

    @Test func endToEnd() throws {
        let ok = try DescentCLI.run(["minimize", "--residuals", rosenbrockResiduals, "--x0", "x=-1.2,y=1", "--method", "lm", "--json"])
        #expect(ok.status == 0 && ok.stderr.isEmpty, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("\"residual_norm\": ") && ok.stdout.contains("\"termination\": \"converged_gradient\""), "stdout: \(ok.stdout)")
        let bounded = try DescentCLI.run(["minimize", "--expr", "(x-3)^2", "--x0", "x=0", "--method", "lbfgs", "--lower", "-2", "--upper", "-1"])
        #expect(bounded.status == 0 && bounded.stdout.contains("method: L-BFGS-B"), "stdout: \(bounded.stdout) stderr: \(bounded.stderr)")
        // Checked in validate(): argument-parser's usage error, with the usage lines after the message.
        for (arguments, expected) in [
            (["minimize", "--expr", "x^2", "--residuals", "x", "--x0", "x=1"], "Error: --expr and --residuals cannot be combined"),
            (["minimize", "--x0", "x=1"], "Error: give the objective with --expr, or residuals with --residuals"),
        ] {
            let bad = try DescentCLI.run(arguments)
            #expect(bad.status != 0 && bad.stdout.isEmpty)
            #expect(bad.stderr.hasPrefix(expected), "stderr: \(bad.stderr)")
        }
        for (arguments, expected) in [
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "gauss-newton"], "--method gauss-newton needs --residuals"),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "bfgs", "--upper", "2"], "apply to lbfgs (L-BFGS-B) only"),
            (["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "lbfgs", "--lower", "3", "--upper", "2"], "exceeds its upper bound"),
        ] {
            let bad = try DescentCLI.run(arguments)
            #expect(bad.status != 0)
            #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.contains(expected), "stderr: \(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "one line: \(bad.stderr)")
        }
    }
}
