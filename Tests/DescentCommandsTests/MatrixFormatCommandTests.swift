import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// Every verb that reads a matrix reads it through `readMatrix`: headerless CSV, `.npy`, `.mtx` and
/// `dataset:NAME`, chosen by the argument's form; each bad input is one line on stderr.
/// Also `descent datasets`.
@Suite("Matrix formats and datasets on the command line")
struct MatrixFormatCommandTests {
    /// The NumPy fixtures of DescentCoreTests (binary, so they are passed by absolute path).
    static func npy(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DescentCoreTests/References/npy/\(name).npy").path
    }

    /// The number under `key` in a verb's JSON output.
    static func number(_ stdout: String, _ key: String) throws -> Double {
        (try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any])[key] as! Double
    }

    static let symmetricMTX = "%%MatrixMarket matrix coordinate real symmetric\n% 2 1; 1 3\n2 2 3\n1 1 2\n2 1 1\n2 2 3\n"

    @Test("the argument's form picks the reader")
    func kinds() {
        #expect(MatrixFile.kind(of: "dataset:diabetes") == .dataset("diabetes"))
        #expect(MatrixFile.kind(of: "A.NPY") == .npy && MatrixFile.kind(of: "dir/a.mtx") == .matrixMarket)
        #expect(MatrixFile.kind(of: "a.csv") == .csv && MatrixFile.kind(of: "npy") == .csv)
    }

    @Test("the same matrix from CSV, .npy, .mtx and a dataset gives the same answer")
    func sameAnswerInEveryFormat() throws {
        // float64_fortran.npy is [[0, 1.5, 3], [4.5, 6, 7.5]] in Fortran order: rank 2.
        let npy = try DescentCLI.run(["linalg", "rank", MatrixFormatCommandTests.npy("float64_fortran"), "--json"])
        #expect(npy.status == 0 && npy.stdout == "{\"rank\": 2}\n", "stderr: \(npy.stderr)")
        // A 1-d array is one column, as a one-column CSV.
        let vector = try DescentCLI.run(["linalg", "norm", MatrixFormatCommandTests.npy("float64_vector"), "--kind", "fro", "--json"])
        #expect(vector.status == 0, "stderr: \(vector.stderr)")
        expectClose(try MatrixFormatCommandTests.number(vector.stdout, "norm"), (0.0625 + 1 + 9 + 56.25).squareRoot(), rtol: 1e-15,
                    "‖(0.25, −1, 3, 7.5)‖₂, one rounding in the sum and one in the root")
        for (name, text) in [("a.csv", "2,1\n1,3\n"), ("a.mtx", MatrixFormatCommandTests.symmetricMTX),
                             ("b.mtx", "%%MatrixMarket matrix array real general\n2 2\n2\n1\n1\n3\n")] {
            let det = try DescentCLI.run(["linalg", "det", name, "--json"], files: [name: text])
            #expect(det.status == 0 && det.stdout.hasPrefix("{\"determinant\": 5.0"), "\(name): \(det.stderr)")
        }
        // Iterative verbs keep a coordinate .mtx sparse.
        let cg = try DescentCLI.run(["iterative", "cg", "a.mtx", "b.csv", "--json"],
                                    files: ["a.mtx": MatrixFormatCommandTests.symmetricMTX, "b.csv": "3\n4\n"])
        #expect(cg.status == 0, "stderr: \(cg.stderr)")
        let x = try JSONSerialization.jsonObject(with: Data(cg.stdout.utf8)) as! [String: Any]
        expectClose(x["x"] as! [Double], [1, 1], rtol: 1e-14, "CG on a 2 × 2 system: exact in two steps up to rounding")
        // dataset:NAME: the features of a table, the adjacency of a graph.
        let rank = try DescentCLI.run(["linalg", "rank", "dataset:diabetes", "--json"])
        #expect(rank.stdout == "{\"rank\": 10}\n", "stderr: \(rank.stderr)")
        let karate = try DescentCLI.run(["iterative", "eigs", "dataset:karate", "--count", "1", "--which", "largest", "--json"])
        #expect(karate.status == 0, "stderr: \(karate.stderr)")
        let largest = try SymmetricEigen(Dataset.karateClub.adjacency()).eigenvalues.scalars.last!
        let decoded = try JSONSerialization.jsonObject(with: Data(karate.stdout.utf8)) as! [String: Any]
        expectClose((decoded["eigenvalues"] as! [Double])[0], largest, rtol: 1e-8, "Lanczos to its default tolerance vs LAPACK")
    }

    @Test("bad input in each format: exit 1 and one line that says where", arguments: [
        (["linalg", "rank", "dataset:diabetis"], "error: no bundled dataset 'diabetis'; did you mean 'diabetes'?"),
        (["linalg", "rank", "DATA:x.npy"], "error: DATA:x.npy: cannot read the file: No such file or directory"),
        (["linalg", "rank", "missing.npy"], "error: missing.npy: cannot read the file: No such file or directory"),
        (["linalg", "rank", "bad.mtx"], "error: bad.mtx: line 3: row index 3 is outside 1…2 (indices are 1-based)"),
        (["linalg", "rank", "nan.mtx"], "error: nan.mtx: entry (2, 1) is nan, not a finite number"),
        (["iterative", "eigs", "nan.mtx"], "error: nan.mtx: entry (2, 1) is nan, not a finite number"),
        (["iterative", "eigs", "a.mtx", "--triplets"], "error: --triplets reads a CSV file of `row,column,value` lines; a.mtx has a format of its own (drop --triplets)"),
        (["linalg", "rank", "text.npy"], "error: text.npy: not a NumPy .npy file: it does not start with the magic string \\x93NUMPY"),
    ])
    func badInput(arguments: [String], message: String) throws {
        let run = try DescentCLI.run(arguments, files: [
            "bad.mtx": "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n",
            "nan.mtx": "%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 nan\n",
            "a.mtx": MatrixFormatCommandTests.symmetricMTX,
            "text.npy": "1,2\n3,4\n",
        ])
        #expect(run.status == 1 && run.stderr == message + "\n", "stderr: \(run.stderr)")
    }

    @Test("NumPy fixtures that are not matrices of real numbers")
    func npyRefusals() throws {
        let cube = try DescentCLI.run(["linalg", "rank", MatrixFormatCommandTests.npy("float64_3d")])
        #expect(cube.status == 1 && cube.stderr.hasSuffix("float64_3d.npy: a 3-dimensional array of shape 2 × 3 × 4; a matrix has 1 or 2 dimensions\n"))
        let complex = try DescentCLI.run(["linalg", "rank", MatrixFormatCommandTests.npy("complex")])
        #expect(complex.status == 1 && complex.stderr.contains("unsupported dtype '<c16'") && complex.stderr.split(separator: "\n").count == 1)
        let truncated = try DescentCLI.run(["linalg", "rank", MatrixFormatCommandTests.npy("truncated_data")])
        #expect(truncated.status == 1 && truncated.stderr.hasSuffix("truncated: the header's shape (2, 3) needs 48 bytes of data, the file has 43\n"))
    }

    @Test("descent datasets: the catalogue as text and JSON")
    func datasetsVerb() throws {
        let text = DatasetsCommand.output(for: Dataset.all).text
        #expect(text.hasPrefix("""
            name           shape      task                       source
            diabetes       442 × 10   regression                 scikit-learn 1.9.1 load_diabetes()
            breast_cancer  569 × 30   binary classification      scikit-learn 1.9.1 load_breast_cancer()
            digits         1797 × 64  multiclass classification  scikit-learn 1.9.1 load_digits()
            karate_club    34 × 34    labeled graph              networkx 3.6.1 karate_club_graph()
            """))
        let run = try DescentCLI.run(["datasets", "--json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let entries = object["datasets"] as! [[String: Any]]
        #expect(entries.map { $0["name"] as! String } == ["diabetes", "breast_cancer", "digits", "karate_club"])
        #expect(run.stdout.hasPrefix("{\"datasets\": [{\"name\": \"diabetes\", \"rows\": 442, \"columns\": 10, \"task\": \"regression\", \"description\": "))
        #expect(Set(entries[0].keys) == ["name", "rows", "columns", "task", "description", "source", "citation", "licence"])
    }
}
