import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `descent linalg`: each verb's output function (golden JSON and key contract) and end-to-end runs
/// of the built `descent` binary (`DescentCLI`) for exit codes and one-line error messages.
@Suite("descent linalg")
struct LinalgCommandTests {
    let worked: Tensor = [[4, 1], [2, 3]]
    /// Finite, nonsingular, but the second row of U is 1e308 + 1e308 = ∞ (and then ∞ − ∞ = NaN).
    static let growth = "1,1e308,1e308\n-1,1e308,1e308\n-1,1e308,-1e308\n"

    // MARK: Golden outputs through the output functions

    @Test func exactGoldenJSON() throws {
        // These results are exact in floating point for the worked example, so the text is fixed.
        #expect(try DeterminantCommand.output(for: worked).json.rendered()
                == #"{"determinant": 10.0, "sign": 1.0, "log_abs_determinant": 2.302585092994046}"#)
        // rcond = 1/(‖A‖₁‖A⁻¹‖₁) = 1/(6 · 0.5): dgecon's estimate is exact here.
        #expect(try SolveCommand.output(a: worked, b: Tensor([5, 5])).json.rendered() == #"{"x": [1.0, 1.0], "rcond": 0.3333333333333333}"#)
        #expect(try RankCommand.output(for: [[1, 2], [2, 4]]).json.rendered() == #"{"rank": 1}"#)
        #expect(try NormCommand.output(for: worked, kind: .one).json.rendered() == #"{"norm": 6.0}"#)
        #expect(try NormCommand.output(for: worked, kind: .infinity).json.rendered() == #"{"norm": 5.0}"#)
        #expect(try ConditionNumberCommand.output(for: Tensor.zeros([2, 2])).json.rendered() == #"{"condition_number": "inf"}"#)
        #expect(try DeterminantCommand.output(for: worked).text == "determinant: 10\nsign: 1, log|det|: 2.30259")
        #expect(try RankCommand.output(for: worked).text == "rank: 2")
    }

    @Test func keysAreThePublicContract() throws {
        let rectangular: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(try EigCommand.output(for: worked, symmetric: false).keys == ["eigenvalues", "eigenvectors"])
        #expect(try EigCommand.output(for: worked, symmetric: true).keys == ["eigenvalues", "eigenvectors"])
        #expect(try SVDCommand.output(for: rectangular).keys == ["singular_values", "u", "vt"])
        #expect(try SolveCommand.output(a: worked, b: Tensor([1, 2])).keys == ["x", "rcond"])
        #expect(try LeastSquaresCommand.output(a: rectangular, b: Tensor([1, 2])).keys == ["x", "residual_norm", "rank"])
        #expect(try InverseCommand.output(for: worked).keys == ["matrix", "rcond"])
        #expect(try PseudoinverseCommand.output(for: rectangular).keys == ["matrix"])
        #expect(try DeterminantCommand.output(for: worked).keys == ["determinant", "sign", "log_abs_determinant"])
        #expect(try ConditionNumberCommand.output(for: worked).keys == ["condition_number"])
        #expect(try RankCommand.output(for: worked).keys == ["rank"])
        #expect(try NormCommand.output(for: worked, kind: .nuclear).keys == ["norm"])
    }

    @Test func eigOfTheWorkedExample() throws {
        let general = try EigCommand.output(for: worked, symmetric: false).decoded()
        let values = (general["eigenvalues"] as! [[Double]]).flatMap { $0 }
        expectClose(values, [5, 0, 2, 0], atol: 1e-14, "2 × 2 dgeev, rounding only; sorted by descending real part")
        let vectors = general["eigenvectors"] as! [[[Double]]]
        let half = (0.5).squareRoot()
        expectClose(vectors[0].flatMap { $0 }, [half, 0, half, 0], atol: 1e-15, "(1, 1)/√2 for λ = 5, as [re, im] pairs")
        // A rotation has the conjugate pair ±i, +i first.
        let rotation = try EigCommand.output(for: [[0, -1], [1, 0]], symmetric: false).decoded()
        expectClose((rotation["eigenvalues"] as! [[Double]]).flatMap { $0 }, [0, 1, 0, -1], atol: 1e-15, "exact up to rounding")
        #expect(try EigCommand.output(for: [[1, -2], [2, 1]], symmetric: false).text.hasPrefix("eigenvalues (descending real part): [1 + 2i, 1 - 2i]\n"))
        // Symmetric: plain ascending numbers and real eigenvector columns.
        let symmetric = try EigCommand.output(for: [[2, 1], [1, 2]], symmetric: true).decoded()
        expectClose(symmetric["eigenvalues"] as! [Double], [1, 3], atol: 1e-15, "eigenvalues of [[2, 1], [1, 2]]")
        let columns = symmetric["eigenvectors"] as! [[Double]]
        expectClose(columns[1], [half, half], atol: 1e-15, "(1, 1)/√2 for λ = 3, largest entry positive")
    }

    @Test func svdAndLeastSquaresValues() throws {
        let a: Tensor = [[3, 0], [0, 4], [0, 0]]
        let svd = try SVDCommand.output(for: a).decoded()
        expectClose(svd["singular_values"] as! [Double], [4, 3], atol: 1e-15, "diagonal matrix, exact up to rounding")
        #expect((svd["u"] as! [[Double]]).count == 3 && (svd["vt"] as! [[Double]]).count == 2)
        let ls = try LeastSquaresCommand.output(a: a, b: Tensor([3, 8, 5])).decoded()
        expectClose(ls["x"] as! [Double], [1, 2], atol: 1e-15, "diagonal system")
        expectClose(ls["residual_norm"] as! Double, 5, atol: 1e-14, "the third equation's residual is 5")
        #expect(ls["rank"] as? Int == 2)
        let pinv = try PseudoinverseCommand.output(for: a).decoded()
        expectClose((pinv["matrix"] as! [[Double]]).flatMap { $0 }, [1.0 / 3, 0, 0, 0, 0.25, 0], atol: 1e-15, "inverted diagonal")
    }

    @Test func rightHandSideAsColumnOrRow() {
        #expect(SystemInput.normalizedRightHandSide(Tensor([[1], [2]]), rows: 2).shape == [2])
        #expect(SystemInput.normalizedRightHandSide(Tensor([[1, 2]]), rows: 2).shape == [2])
        #expect(SystemInput.normalizedRightHandSide(Tensor([[1, 2], [3, 4]]), rows: 2).shape == [2, 2])
        #expect(SystemInput.normalizedRightHandSide(Tensor([[1, 2, 3]]), rows: 1).shape == [1, 3], "one equation, three right-hand sides")
    }

    // MARK: End to end: the built binary

    @Test func endToEndSuccess() throws {
        let result = try DescentCLI.run(["linalg", "det", "a.csv", "--json"], files: ["a.csv": "4,1\n2,3\n"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"determinant\": 10.0, \"sign\": 1.0, \"log_abs_determinant\": 2.302585092994046}\n")
        #expect(result.stderr.isEmpty)
        let solved = try DescentCLI.run(["linalg", "solve", "a.csv", "b.csv", "--json"], files: ["a.csv": "4,1\n2,3\n", "b.csv": "5,5\n"])
        #expect(solved.status == 0 && solved.stdout == "{\"x\": [1.0, 1.0], \"rcond\": 0.3333333333333333}\n")
    }

    @Test func endToEndCRLFAndBOMFiles() throws {
        // Files saved on Windows (CRLF, often with a byte-order mark) parse like LF files.
        let result = try DescentCLI.run(["linalg", "det", "a.csv", "--json"], files: ["a.csv": "\u{FEFF}4,1\r\n2,3\r\n"])
        #expect(result.status == 0 && result.stdout.hasPrefix("{\"determinant\": 10.0,"), "stderr: \(result.stderr)")
    }

    @Test func endToEndOutputLargerThanAPipeBuffer() throws {
        // inv of 4·I₁₅₀ prints 22 500 numbers (> 64 KB of JSON): the runner must drain the pipes
        // while the child runs, or both wait on each other forever.
        let n = 150
        let matrix = (0..<n).map { i in (0..<n).map { $0 == i ? "4" : "0" }.joined(separator: ",") }.joined(separator: "\n")
        let result = try DescentCLI.run(["linalg", "inv", "a.csv", "--json"], files: ["a.csv": matrix])
        #expect(result.status == 0)
        #expect(result.stdout.utf8.count > 65_536)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        let rows = object["matrix"] as! [[Double]]
        #expect(rows.count == n && rows.allSatisfy { $0.count == n })
        #expect(rows[7][7] == 0.25 && rows[7][8] == 0)
    }

    @Test func leastSquaresRejectsAnRcondLAPACKWouldReplace() throws {
        // dlalsd silently uses 2⁻⁵³ for rcond ≥ 1 or ≤ 0: the option is checked before reading files.
        for bad in ["1", "1.5", "-0.1", "nan"] {
            #expect(throws: (any Error).self, "--rcond \(bad)") { try LeastSquaresCommand.parse(["a.csv", "b.csv", "--rcond", bad]) }
        }
        #expect(try LeastSquaresCommand.parse(["a.csv", "b.csv", "--rcond", "0"]).rcond == 0)
        #expect(try LeastSquaresCommand.parse(["a.csv", "b.csv", "--rcond", "0.999"]).rcond == 0.999)
    }

    @Test func eigOfAHugeFiniteMatrixIsAnErrorNotNaN() {
        // Eigenvalues 0 and 2·10³⁰⁸ (beyond the Double range): dgeev returns NaN, which must not be printed.
        #expect(throws: LinearAlgebraError.overflow(operation: "Eigen", stage: "the eigenvalue computation")) {
            try EigCommand.output(for: [[1e308, 1e308], [1e308, 1e308]], symmetric: false)
        }
    }

    @Test(arguments: [
        (["linalg", "det", "a.csv"], "1,x\n2,4\n", "line 1, column 2"),
        (["linalg", "inv", "a.csv"], "1,2\n2,4\n", "singular (zero pivot U[1, 1]"),
        (["linalg", "det", "a.csv"], "1,2,3\n4,5,6\n", "needs a square matrix, got shape (2, 3)"),
        (["linalg", "eig", "a.csv"], "1,2,3\n4,5,6\n", "needs a square matrix, got shape (2, 3)"),
        (["linalg", "svd", "a.csv"], "1,nan\n2,4\n", "a.csv: line 1, column 2: 'nan' is not a finite number"),
        (["linalg", "solve", "a.csv", "b.csv"], "1,0\n0,1\n", "shapes do not fit: (2, 2) and (3)"),
        // Finite entries whose LU factors overflow: once a LAPACKE "illegal argument" trap, or "nan".
        (["linalg", "inv", "a.csv"], Self.growth, "inverse: entries overflow during the LU factorization"),
        (["linalg", "solve", "a.csv", "b.csv"], Self.growth, "solve: entries overflow during the LU factorization"),
        (["linalg", "det", "a.csv"], Self.growth, "determinant: entries overflow during the LU factorization"),
        (["linalg", "eig", "a.csv"], "1e308,1e308\n1e308,1e308\n", "Eigen: entries overflow during the eigenvalue computation"),
    ])
    func endToEndBadInput(_ arguments: [String], _ matrix: String, _ expected: String) throws {
        let result = try DescentCLI.run(arguments, files: ["a.csv": matrix, "b.csv": "1\n2\n3\n"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(expected), "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line, no stack trace: \(result.stderr)")
    }
}
