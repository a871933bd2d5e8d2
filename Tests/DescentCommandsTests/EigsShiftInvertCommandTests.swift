import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent iterative eigs --sigma S`: shift-invert Lanczos on the 12 × 12 grid graph Laplacian
/// (eigenvalues (2 − 2cos(πi/12)) + (2 − 2cos(πj/12)), singular: λ = 0 once).
@Suite("descent iterative eigs --sigma")
struct EigsShiftInvertCommandTests {
    /// The exact bottom 4: λ(0,0) = 0, λ(1,0) twice, λ(1,1).
    static let exactBottom: [Double] = {
        func mode(_ i: Int) -> Double { 2 - 2 * cos(Double.pi * Double(i) / 12) }
        return [0, mode(1), mode(1), 2 * mode(1)]
    }()

    /// σ = −0.001 just below the spectrum: the 4 smallest, a negative value passed as `--sigma -0.001`.
    @Test func smallestEigenvaluesBelowShift() throws {
        let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--sigma", "-0.001",
                                      "--block-size", "3", "--json"], files: ["g.csv": EigsCommandTests.grid])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        // Absolute 1e-10: residuals are within 1e-10·‖A − σI‖·spread and the gaps exceed 0.06.
        expectClose(json["eigenvalues"] as! [Double], Self.exactBottom, rtol: 0, atol: 1e-10, "closed form")
        #expect(json["termination"] as? String == "converged_residual")
        #expect(json["sigma"] as? Double == -0.001)
        let text = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--count", "4", "--sigma", "-0.001"],
                                      files: ["g.csv": EigsCommandTests.grid])
        #expect(text.stdout.contains("shift σ"), "\(text.stdout)")
    }

    /// Refused with the option named; a shift at an eigenvalue (λ = 0) is a typed error, not a crash.
    @Test func badShiftsAreRefused() throws {
        let cases: [([String], String)] = [
            (["--sigma", "0.5", "--which", "smallest"], "--which smallest does not apply with --sigma"),
            (["--sigma", "0.5", "--method", "power"], "--sigma needs --method lanczos, not power"),
            (["--sigma", "nan"], "--sigma must be a finite number"),
        ]
        for (options, message) in cases {
            let run = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets"] + options, files: ["g.csv": EigsCommandTests.grid])
            #expect(run.status != 0 && run.stderr.lowercased().hasPrefix("error: \(message.lowercased())"), "\(options): \(run.stderr)")
        }
        let singular = try DescentCLI.run(["iterative", "eigs", "g.csv", "--triplets", "--sigma", "0"], files: ["g.csv": EigsCommandTests.grid])
        #expect(singular.status != 0 && singular.stderr.contains("move the shift slightly"), "\(singular.stderr)")
    }
}
