import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent iterative eigs` with thick-restart block Lanczos: --basis-size, --block-size and the
/// multiplicity warning, on the graph Laplacian of a 12 × 12 grid (eigenvalues
/// (2 − 2cos(πi/12)) + (2 − 2cos(πj/12)), i ≠ j in pairs).
@Suite("descent iterative eigs (restarted)")
struct EigsCommandTests {
    /// The grid Laplacian as `row,column,value` triplets.
    static let grid: String = {
        let side = 12
        var lines: [String] = []
        for i in 0..<side {
            for j in 0..<side {
                var degree = 0
                for (a, b) in [(i - 1, j), (i, j - 1), (i, j + 1), (i + 1, j)] where a >= 0 && a < side && b >= 0 && b < side {
                    lines.append("\(i * side + j),\(a * side + b),-1")
                    degree += 1
                }
                lines.append("\(i * side + j),\(i * side + j),\(degree)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// The exact top 4: 8 − … with i, j ∈ {11, 10}: λ(11,11), λ(11,10) twice, λ(10,10).
    static let exactTop: [Double] = {
        func mode(_ i: Int) -> Double { 2 - 2 * cos(Double.pi * Double(i) / 12) }
        return [mode(10) + mode(10), mode(11) + mode(10), mode(11) + mode(10), mode(11) + mode(11)]
    }()

    @Test func repeatedEigenvaluesAndTheWarning() throws {
        let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--basis-size", "12", "--json"],
                                     files: ["g.csv": Self.grid])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        expectClose(json["eigenvalues"] as! [Double], Self.exactTop, rtol: 1e-10, "closed form; residual tolerance 1e-10·‖A‖")
        #expect(json["termination"] as? String == "converged_residual")
        #expect(json["possible_missed_multiplicity"] as? Bool == false, "the search for missed copies certified the pair")
        let text = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--block-size", "2"], files: ["g.csv": Self.grid])
        #expect(text.stdout.contains("warning: a returned eigenvalue occurs 2 or more times (--block-size 2)"), "\(text.stdout)")
        // Products enough for the first run but not for the search: the answer stands, with the warning.
        let single = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--block-size", "1", "--json"],
                                        files: ["g.csv": Self.grid])
        let budget = try #require((try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])?["iterations"] as? Int)
        let cut = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--max-iter", "\(budget)"], files: ["g.csv": Self.grid])
        #expect(cut.stdout.contains("warning: the search for eigenvalues a single vector can miss did not finish"), "\(cut.stdout)")
        let three = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--block-size", "3"], files: ["g.csv": Self.grid])
        #expect(three.status == 0 && !three.stdout.contains("warning"), "\(three.stdout)")
    }

    /// Refused before any work, with the option named (validation errors add argument-parser's usage lines).
    @Test func badOptionsAreRefused() throws {
        let cases: [([String], String)] = [
            (["--block-size", "0"], "--block-size must be ≥ 1, got 0"),
            (["--basis-size", "0"], "--basis-size must be ≥ 1, got 0"),
            (["--basis-size", "5", "--count", "4"], "--basis-size 5 is too small"),
            (["--method", "power", "--block-size", "3"], "--basis-size and --block-size set up --method lanczos, not power"),
        ]
        for (options, message) in cases {
            let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets"] + options, files: ["g.csv": Self.grid])
            #expect(run.status != 0 && run.stderr.lowercased().hasPrefix("error: \(message.lowercased())"), "\(options): \(run.stderr)")
        }
    }
}
