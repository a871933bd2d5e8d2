import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent iterative`: output functions (key contract, values) and end-to-end runs of the binary
/// (through `LinalgCommandTests.run`, which writes the files and runs `descent`).
@Suite("descent iterative")
struct IterativeCommandTests {
    let worked: Tensor = [[4, 1], [2, 3]]
    let symmetric: Tensor = [[2, 1, 0], [1, 2, 1], [0, 1, 2]]   // eigenvalues 2 − √2, 2, 2 + √2

    @Test func eigsKeysAndValues() throws {
        for method in EigsCommand.Method.allCases {
            let output = try EigsCommand.output(for: symmetric, count: 1, method: method)
            #expect(output.keys == ["eigenvalues", "eigenvectors", "residuals", "iterations", "operator_applications", "termination",
                                    "possible_missed_multiplicity"])
            let json = try output.decoded()
            expectClose(json["eigenvalues"] as! [Double], [2 + 2.0.squareRoot()], rtol: 1e-10, "\(method): residual tolerance 1e-10")
            #expect(json["termination"] as? String == "converged_residual")
        }
        let smallest = try EigsCommand.output(for: symmetric, count: 1, which: .smallest).decoded()
        expectClose(smallest["eigenvalues"] as! [Double], [2 - 2.0.squareRoot()], rtol: 1e-12, "Lanczos is exact after n = 3 steps")
    }

    @Test func tripletsBuildSparseMatrices() throws {
        let table: Tensor = [[0, 0, 2], [1, 1, 3], [0, 0, 1]]
        let a = try OperatorInput.sparse(fromTriplets: table, shape: nil, path: "t.csv")
        #expect(a.toDense() == Tensor([[3, 0], [0, 3]]))
        #expect(try OperatorInput.sparse(fromTriplets: table, shape: [3, 4], path: "t.csv").shape == [3, 4])
        #expect(throws: UsageError.self) { try OperatorInput.sparse(fromTriplets: [[0, 1.5, 1]], shape: nil, path: "t.csv") }
        #expect(throws: UsageError.self) { try OperatorInput.sparse(fromTriplets: [[2, 0, 1]], shape: [2, 2], path: "t.csv") }
        #expect(throws: UsageError.self) { try OperatorInput.sparse(fromTriplets: [[0, 1]], shape: nil, path: "t.csv") }
    }

    @Test func conjugateGradientAndRandomizedSVD() throws {
        let cg = try ConjugateGradientCommand.output(a: symmetric, b: Tensor([1, 2, 3]), jacobi: true)
        #expect(cg.keys == ["x", "residual_norm", "iterations", "termination"])
        let x = try cg.decoded()["x"] as! [Double]
        expectClose(x, [0.5, 0, 1.5], rtol: 1e-10, atol: 1e-12, "CG converges in ≤ 3 steps on a 3 × 3 SPD matrix")
        let svd = try RandomizedSVDCommand.output(for: worked, rank: 1)
        #expect(svd.keys == ["singular_values", "u", "vt"])
        let sigma = try svd.decoded()["singular_values"] as! [Double]
        expectClose(sigma, [try SVD(worked).singularValues.scalars[0]], rtol: 1e-12, "a 2 × 2 matrix is fully captured by l = 2 samples")
    }

    @Test func endToEnd() throws {
                let result = try DescentCLI.run(["iterative", "eigs", "a.csv", "--triplets", "--count", "2", "--which", "smallest", "--json"],
                                    files: ["a.csv": "0,0,2\n1,1,2\n2,2,2\n0,1,1\n1,0,1\n1,2,1\n2,1,1\n"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("{\"eigenvalues\": [0.585786437626"))
        let bad = try DescentCLI.run(["iterative", "eigs", "a.csv", "--triplets"], files: ["a.csv": "0,0,1\n-1,0,1\n"])
        #expect(bad.status != 0 && bad.stderr.contains("line 2") && bad.stderr.split(separator: "\n").count == 1, "stderr: \(bad.stderr)")
        let nan = try DescentCLI.run(["iterative", "cg", "a.csv", "b.csv"], files: ["a.csv": "1,nan\n0,1\n", "b.csv": "1\n1\n"])
        #expect(nan.status != 0 && nan.stderr.contains("a.csv: line 1, column 2: 'nan' is not a finite number"), "stderr: \(nan.stderr)")
    }

    /// The message of the `UsageError` `body` throws ("" if it throws none or another error).
    func usageMessage(_ body: () throws -> Any) -> String {
        do { _ = try body() } catch let error as UsageError { return error.description } catch {}
        return ""
    }

    /// Huge triplet indices used to trap (Int32 precondition) or exhaust memory (rows + 1 offsets);
    /// every bad index now names its line and column, and shapes past the supported size are refused.
    @Test func tripletIndicesAreCheckedWithLineAndColumn() throws {
        let cases: [(Tensor, String)] = [
            ([[999_999_999_999, 0, 1]], "line 1, column 1: row index 999999999999 exceeds the largest supported dimension"),
            ([[0, 0, 1], [0, 3_000_000_000, 1]], "line 2, column 2: column index 3000000000 exceeds"),
            ([[0, -1, 1]], "line 1, column 2: column index -1 is not a non-negative integer"),
            ([[0.5, 0, 1]], "line 1, column 1: row index 0.5 is not a non-negative integer"),
            (Tensor([[0, 0, 1], [1, 1, 1], [Double.nan, 0, 1]]), "line 3, column 1: row index nan"),
            (Tensor([[Double.infinity, 0, 1]]), "line 1, column 1: row index inf"),
        ]
        for (table, expected) in cases {
            let message = usageMessage { try OperatorInput.sparse(fromTriplets: table, shape: nil, path: "t.csv") }
            #expect(message.hasPrefix("t.csv: ") && message.contains(expected), "got: \(message)")
        }
        let tooLarge = usageMessage { try OperatorInput.sparse(fromTriplets: [[0, 0, 1]], shape: [100_000_000_000, 100_000_000_000], path: "t.csv") }
        #expect(tooLarge.contains("--shape 100000000000,100000000000 exceeds the largest supported dimension"), "got: \(tooLarge)")
        // The limit itself is allowed (no memory proportional to the column count is needed).
        let wide = try OperatorInput.sparse(fromTriplets: [[0, 0, 1]], shape: [1, OperatorInput.maximumDimension], path: "t.csv")
        #expect(wide.shape == [1, OperatorInput.maximumDimension])
    }

    /// Options that used to overflow, loop "forever" or be silently ignored are refused by `validate()`.
    @Test func unusableOptionsAreRejectedAtParseTime() throws {
        #expect(throws: (any Error).self) { try RandomizedSVDCommand.parse(["a.csv", "--rank", "0"]) }
        #expect(throws: (any Error).self) { try RandomizedSVDCommand.parse(["a.csv", "--rank", "1", "--oversampling", "-1"]) }
        #expect(throws: (any Error).self) {
            try RandomizedSVDCommand.parse(["a.csv", "--rank", "1", "--power-iterations", "9223372036854775807"])
        }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--method", "subspace", "--which", "smallest"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--method", "power", "--which", "largest"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--tol", "nan"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--max-iter=-1"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--tolerance", "nan"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--max-iterations=-1"]) }
        #expect(throws: (any Error).self) { try EigsCommand.parse(["a.csv", "--which", "largest_magnitude"]) }
        // Accepted: huge oversampling (clamped to min(m, n) by the library), Lanczos with any --which,
        // the other methods with the only selection they compute.
        #expect((try? RandomizedSVDCommand.parse(["a.csv", "--rank", "1", "--oversampling", "9223372036854775807"])) != nil)
        #expect(try EigsCommand.parse(["a.csv", "--which", "smallest"]).selection == .smallest)
        #expect(try EigsCommand.parse(["a.csv", "--method", "power", "--which", "largest-magnitude"]).selection == .largestMagnitude)
        #expect(try EigsCommand.parse(["a.csv", "--which", "both-ends"]).selection == .bothEnds)
        #expect(try EigsCommand.parse(["a.csv", "--method", "subspace"]).selection == .largestMagnitude)
        #expect(try EigsCommand.parse(["a.csv"]).selection == .largest)
    }

    /// The one-vocabulary renames keep the old spellings working (hidden from the help), refuse
    /// giving both at once, and drop the option that never did anything (`cg --seed`).
    @Test func oldSpellingsStillWork() throws {
        let eigs = try EigsCommand.parse(["a.csv", "--tolerance", "1e-6", "--max-iterations", "50"])
        #expect(eigs.iteration.tolerance == 1e-6 && eigs.iteration.maxIterations == 50)
        let cg = try ConjugateGradientCommand.parse(["a.csv", "b.csv", "--tol", "1e-6", "--max-iter", "50"])
        #expect(cg.iteration.tolerance == 1e-6 && cg.iteration.maxIterations == 50)
        #expect(try EigsCommand.parse(["a.csv"]).iteration.tolerance == 1e-10)
        #expect(try EigsCommand.parse(["a.csv", "--which", "bothEnds"]).which == .bothEnds)
        #expect(try EigsCommand.parse(["a.csv", "--method", "power", "--which", "largestMagnitude"]).which == .largestMagnitude)
        #expect(try RankCommand.parse(["a.csv", "--tolerance", "0.5"]).tolerance == 0.5)
        #expect(try RankCommand.parse(["a.csv", "--tol", "0.5"]).tolerance == 0.5)
        #expect(try RandomizedSVDCommand.parse(["a.csv", "--rank", "1", "--seed", "7"]).random.seed == 7)
        let matrix = ["a.csv": "2,1\n1,2\n", "b.csv": "1\n1\n"]
        for (arguments, expected) in [
            (["iterative", "eigs", "a.csv", "--tol", "1e-3", "--tolerance", "1e-3"], "--tolerance is the old spelling of --tol: give --tol only"),
            (["iterative", "cg", "a.csv", "b.csv", "--max-iter", "5", "--max-iterations", "5"],
             "--max-iterations is the old spelling of --max-iter: give --max-iter only"),
            (["linalg", "rank", "a.csv", "--tol", "1", "--tolerance", "1"], "--tolerance is the old spelling of --tol: give --tol only"),
            (["linalg", "rank", "a.csv", "--tol=-1"], "--tol must be a finite number ≥ 0, got -1"),
            (["linalg", "rank", "a.csv", "--tolerance", "nan"], "--tolerance must be a finite number ≥ 0, got nan"),
            (["iterative", "eigs", "a.csv", "--max-iterations=-2"], "--max-iterations must be ≥ 0, got -2"),
            (["iterative", "cg", "a.csv", "b.csv", "--seed", "1"], "Unknown option '--seed'"),
            (["iterative", "eigs", "a.csv", "--which", "middle"], "'middle' is invalid for '--which <which>'"),
            (["iterative", "eigs", "a.csv", "--method", "power", "--which", "smallest"],
             "--which smallest needs --method lanczos; power finds the largest-magnitude eigenvalues only"),
        ] {
            let bad = try DescentCLI.run(arguments, files: matrix)
            #expect(bad.status != 0 && bad.stdout.isEmpty && bad.stderr.contains(expected), "\(arguments): \(bad.stderr)")
        }
        // The old spellings still run end to end, with the same result as the new ones.
        let old = try DescentCLI.run(["iterative", "eigs", "a.csv", "--tolerance", "1e-12", "--which", "largestMagnitude", "--json"], files: matrix)
        let new = try DescentCLI.run(["iterative", "eigs", "a.csv", "--tol", "1e-12", "--which", "largest-magnitude", "--json"], files: matrix)
        #expect(old.status == 0 && old.stdout == new.stdout, "\(old.stderr)")
    }

    /// The reviewer's reproductions, through the binary: one-line errors, no traps, honest statuses.
    @Test func extremeInputEndToEnd() throws {
                let huge = try DescentCLI.run(["iterative", "eigs", "big.csv", "--triplets"], files: ["big.csv": "999999999999,0,1\n"])
        #expect(huge.status == 1 && huge.stderr.contains("line 1, column 1") && huge.stderr.split(separator: "\n").count == 1,
                "stderr: \(huge.stderr)")
        let shape = try DescentCLI.run(["iterative", "eigs", "t.csv", "--triplets", "--shape", "100000000000,100000000000"],
                                   files: ["t.csv": "0,0,1\n"])
        #expect(shape.status == 1 && shape.stderr.contains("--shape") && shape.stderr.split(separator: "\n").count == 1,
                "stderr: \(shape.stderr)")
        let rsvd = try DescentCLI.run(["iterative", "rsvd", "r.csv", "--rank", "1", "--oversampling", "9223372036854775807", "--json"],
                                  files: ["r.csv": "1,2\n3,4\n5,6\n"])
        #expect(rsvd.status == 0 && rsvd.stdout.hasPrefix("{\"singular_values\": [9.525518091565"), "\(rsvd.stdout) \(rsvd.stderr)")
        for method in EigsCommand.Method.allCases {
            let overflow = try DescentCLI.run(["iterative", "eigs", "a.csv", "--method", method.rawValue, "--json"],
                                          files: ["a.csv": "1e308,1e308\n1e308,1e308\n"])
            #expect(overflow.status == 0 && overflow.stdout.contains("\"termination\": \"non_finite_value\""),
                    "\(method): \(overflow.stdout) \(overflow.stderr)")
        }
    }
}
