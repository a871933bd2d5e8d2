import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent minimize --method trust-exact | trust-krylov | dogleg`, and newton's default line search (wolfe).
@Suite("descent minimize: trust regions and Newton's default")
struct TrustRegionMethodCommandTests {
    let rosenbrock = "100*(y - x^2)^2 + (1 - x)^2"

    @Test(arguments: ["trust-exact", "trust-krylov", "dogleg"])
    func trustRegionMethodsSolveRosenbrock(_ method: String) throws {
        let run = try DescentCLI.run(["minimize", "--expr", rosenbrock, "--x0", "x=-1.2,y=1", "--method", method, "--json"])
        #expect(run.status == 0 && run.stderr.isEmpty, "stderr: \(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["termination"] as? String == "converged_gradient")
        // μ ≈ 0.3994 at (1, 1): ‖x − x*‖ ≤ 2‖∇f‖₂/μ ≤ 2√2‖∇f‖∞/μ with ‖∇f‖∞ ≤ 1e-5.
        expectClose(json["x"] as! [Double], [1, 1], atol: 2 * 2.0.squareRoot() * 1e-5 / 0.3994, "first-order bound")
    }

    @Test func newtonDefaultsToWolfeAndArmijoRemainsSelectable() throws {
        let (_, wolfe, _) = try MinimizeCommand.solve(expression: rosenbrock, x0: "x=-1.2,y=1", method: .newton)
        let (_, explicit, _) = try MinimizeCommand.solve(expression: rosenbrock, x0: "x=-1.2,y=1", method: .newton, lineSearch: .wolfe)
        let (_, armijo, _) = try MinimizeCommand.solve(expression: rosenbrock, x0: "x=-1.2,y=1", method: .newton, lineSearch: .armijo)
        #expect(wolfe.functionEvaluations == explicit.functionEvaluations && wolfe.iterations == explicit.iterations,
                "the default is the strong-Wolfe search")
        // Wolfe evaluates the gradient at every trial, Armijo only at the accepted point.
        #expect(wolfe.gradientEvaluations == wolfe.functionEvaluations && armijo.gradientEvaluations < armijo.functionEvaluations)
        #expect(wolfe.isConverged && armijo.isConverged)
    }
}
