import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent minimize`: the second-order verdict (`stationary_point`, `min_hessian_eigenvalue`,
/// `saddle_escapes`) and `--escape-saddles`, on x² − y² + y⁴/4 (a saddle at 0 with ∇²f = diag(2, −2),
/// minima f = −1 at (0, ±√2) with ∇²f = diag(2, 4)) and Rosenbrock.
@Suite("descent minimize: stationary points")
struct MinimizeStationaryPointTests {
    let saddle = "x^2 - y^2 + y^4/4"

    @Test func gradientMethodReportsTheSaddle() throws {
        // From (1, 0) every gradient has y-component 0: BFGS walks to (0, 0) exactly, where ∇²f = diag(2, −2).
        let run = try DescentCLI.run(["minimize", "--expr", saddle, "--x0", "x=1,y=0", "--method", "bfgs"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        #expect(run.stdout == """
            method: BFGS
            f(x = 0, y = 0) = 0
            gradient norm (max |∂f/∂xᵢ|): 0
            termination: converged (gradient norm below tolerance)
            iterations: 2, function evaluations: 3, gradient evaluations: 3
            stationary point: saddle point (λmin = -2)

            """, "stdout: \(run.stdout)")
        let json = try MinimizeCommand.solve(expression: saddle, x0: "x=1,y=0", method: .bfgs).output.decoded()
        #expect(json["stationary_point"] as? String == "saddle" && json["min_hessian_eigenvalue"] as? Double == -2)
        #expect(json["saddle_escapes"] as? Int == 0)
    }

    @Test func escapeSaddlesReachesAMinimum() throws {
        for method: MinimizeCommand.Method in [.bfgs, .lbfgs, .cg, .bb, .gd] {
            let json = try MinimizeCommand.solve(expression: saddle, x0: "x=1,y=0", method: method, escapeSaddles: true)
                .output.decoded()
            #expect(json["stationary_point"] as? String == "minimum" && json["saddle_escapes"] as? Int == 1, "\(method): \(json)")
            // ‖g‖∞ ≤ 1e-5 with curvature ≥ 2 puts f within ~1e-10 of −1.
            expectClose(json["value"] as? Double ?? .nan, -1, atol: 1e-9, "\(method.rawValue): the minimum f = −1")
            expectClose(json["min_hessian_eigenvalue"] as? Double ?? .nan, 2, atol: 1e-4, "\(method.rawValue): ∇²f = diag(2, 4) there")
        }
        let run = try DescentCLI.run(["minimize", "--expr", saddle, "--x0", "x=1,y=0", "--method", "bfgs", "--escape-saddles"])
        #expect(run.status == 0 && run.stdout.contains("stationary point: minimum (λmin = 2)\nsaddle escapes: 1\n"), "stdout: \(run.stdout)")
    }

    @Test func curvatureMethodsEscapeWithoutTheFlag() throws {
        for method: MinimizeCommand.Method in [.newton, .trustRegion, .newtonCG] {
            let json = try MinimizeCommand.solve(expression: saddle, x0: "x=1,y=0", method: method).output.decoded()
            #expect(json["stationary_point"] as? String == "minimum", "\(method): \(json)")
            expectClose(json["value"] as? Double ?? .nan, -1, atol: 1e-9, "\(method.rawValue): the minimum f = −1")
        }
    }

    @Test func notCheckedWhenNotConverged() throws {
        let run = try DescentCLI.run(["minimize", "--expr", "100*(y - x^2)^2 + (1 - x)^2", "--x0", "x=-1.2,y=1",
                                      "--method", "gd", "--max-iter", "3", "--json"])
        #expect(run.status == 0 && run.stdout.contains("\"stationary_point\": \"not_checked\", \"min_hessian_eigenvalue\": null"),
                "stdout: \(run.stdout)")
        let text = try DescentCLI.run(["minimize", "--expr", "100*(y - x^2)^2 + (1 - x)^2", "--x0", "x=-1.2,y=1", "--method", "gd", "--max-iter", "1"])
        #expect(!text.stdout.contains("stationary point"))
    }
}
