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

    func keys(_ output: LinalgOutput) -> [String] {
        guard case .object(let pairs) = output.json else { return [] }
        return pairs.map(\.0)
    }

    func decode(_ output: LinalgOutput) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(output.json.rendered().utf8)) as! [String: Any]
    }

    @Test func eigsKeysAndValues() throws {
        for method in EigsCommand.Method.allCases {
            let output = try EigsCommand.output(for: symmetric, count: 1, method: method)
            #expect(keys(output) == ["eigenvalues", "eigenvectors", "residuals", "iterations", "operator_applications", "status"])
            let json = try decode(output)
            expectClose(json["eigenvalues"] as! [Double], [2 + 2.0.squareRoot()], rtol: 1e-10, "\(method): residual tolerance 1e-10")
            #expect(json["status"] as? String == "converged")
        }
        let smallest = try decode(EigsCommand.output(for: symmetric, count: 1, which: .smallest))
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
        #expect(keys(cg) == ["x", "residual_norm", "iterations", "status"])
        let x = try decode(cg)["x"] as! [Double]
        expectClose(x, [0.5, 0, 1.5], rtol: 1e-10, atol: 1e-12, "CG converges in ≤ 3 steps on a 3 × 3 SPD matrix")
        let svd = try RandomizedSVDCommand.output(for: worked, rank: 1)
        #expect(keys(svd) == ["singular_values", "u", "vt"])
        let sigma = try decode(svd)["singular_values"] as! [Double]
        expectClose(sigma, [try SVD(worked).singularValues.scalars[0]], rtol: 1e-12, "a 2 × 2 matrix is fully captured by l = 2 samples")
    }

    @Test func endToEnd() throws {
        let runner = LinalgCommandTests()
        let result = try runner.run(["iterative", "eigs", "a.csv", "--triplets", "--count", "2", "--which", "smallest", "--json"],
                                    files: ["a.csv": "0,0,2\n1,1,2\n2,2,2\n0,1,1\n1,0,1\n1,2,1\n2,1,1\n"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("{\"eigenvalues\": [0.585786437626"))
        let bad = try runner.run(["iterative", "eigs", "a.csv", "--triplets"], files: ["a.csv": "0,0,1\n-1,0,1\n"])
        #expect(bad.status != 0 && bad.stderr.contains("line 2") && bad.stderr.split(separator: "\n").count == 1, "stderr: \(bad.stderr)")
        let nan = try runner.run(["iterative", "cg", "a.csv", "b.csv"], files: ["a.csv": "1,nan\n0,1\n", "b.csv": "1\n1\n"])
        #expect(nan.status != 0 && nan.stderr.contains("entry (0, 1) is nan"), "stderr: \(nan.stderr)")
    }
}
