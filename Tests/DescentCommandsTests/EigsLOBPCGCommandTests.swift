import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent iterative eigs --method lobpcg` on the graph Laplacian of a 12 × 12 grid (eigenvalues
/// (2 − 2cos(πi/12)) + (2 − 2cos(πj/12)), i ≠ j in pairs): the same JSON keys as Lanczos, the
/// pairs found together, the Jacobi preconditioner, and the options that do not apply refused.
@Suite("descent iterative eigs --method lobpcg")
struct EigsLOBPCGCommandTests {
    @Test func findsThePairsWithTheSameKeys() throws {
        let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--method", "lobpcg", "--json"],
                                     files: ["g.csv": EigsCommandTests.grid])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(Set(json.keys) == ["eigenvalues", "eigenvectors", "residuals", "iterations", "operator_applications",
                                   "termination", "possible_missed_multiplicity"])
        expectClose(json["eigenvalues"] as! [Double], EigsCommandTests.exactTop, rtol: 1e-10, "closed form; residual tolerance 1e-10·‖A‖")
        #expect(json["termination"] as? String == "converged_residual")
        #expect(json["possible_missed_multiplicity"] as? Bool == false, "a block of 8 ≥ 4 sees every copy that is wanted")
        // The bottom end with the Jacobi preconditioner (diag(A)⁻¹): 0 and the first pair.
        let bottom = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "3", "--method", "lobpcg",
                                         "--which", "smallest", "--jacobi", "--block-size", "6", "--max-iter", "500"],
                                        files: ["g.csv": EigsCommandTests.grid])
        #expect(bottom.status == 0 && bottom.stdout.contains("converged"), "\(bottom.stdout) \(bottom.stderr)")
    }

    @Test func optionsThatDoNotApplyAreRefused() throws {
        let cases: [([String], String)] = [
            (["--block-size", "2", "--count", "4"], "--block-size 2 is smaller than --count 4"),
            (["--basis-size", "20"], "--basis-size sets up --method lanczos, not lobpcg"),
            (["--which", "both-ends"], "--which both-ends does not apply to lobpcg"),
            (["--sigma", "0"], "--sigma needs --method lanczos, not lobpcg"),
        ]
        for (options, message) in cases {
            let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--method", "lobpcg"] + options,
                                         files: ["g.csv": EigsCommandTests.grid])
            #expect(run.status != 0 && run.stderr.lowercased().hasPrefix("error: \(message.lowercased())"), "\(options): \(run.stderr)")
        }
        let jacobi = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--jacobi"], files: ["g.csv": EigsCommandTests.grid])
        #expect(jacobi.status != 0 && jacobi.stderr.hasPrefix("Error: --jacobi preconditions --method lobpcg, not lanczos"), "\(jacobi.stderr)")
        let negative = try DescentCLI.run(["iterative", "eigs", "n.csv", "--method", "lobpcg", "--jacobi"], files: ["n.csv": "-1,0\n0,2\n"])
        #expect(negative.status == 1 && negative.stderr.contains("--jacobi needs a positive diagonal, but A[0, 0] is -1.0"), "\(negative.stderr)")
    }
}
