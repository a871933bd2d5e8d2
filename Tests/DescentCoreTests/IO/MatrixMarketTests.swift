@testable import DescentCore
import Foundation
import Testing
import _TestSupport

/// Matrix Market files: fixtures written by `scipy.io.mmwrite` (and by hand for skew-symmetric,
/// pattern, comments and CRLF) read back to what `scipy.io.mmread` gives; the writer's output reads
/// back exactly; every malformed file names its line.
@Suite("Matrix Market files")
struct MatrixMarketTests {
    static func fixture(_ name: String) -> String { NPYTests.directory.appendingPathComponent("mtx/\(name).mtx").path }

    @Test("every fixture reads as scipy.io.mmread reads it")
    func fixturesMatchSciPy() throws {
        let cases = try ReferenceData.load("array_formats")["mtx"]
        #expect(cases.object.count == 12)
        for name in cases.object.keys.sorted() {
            let reference = cases[name]
            let want = NPYTests.expected(reference)
            let contents = try MatrixMarket.read(contentsOf: MatrixMarketTests.fixture(name))
            // Exact: the files hold shortest decimal forms, and both readers round correctly.
            #expect(contents.dense == want, "\(name)")
            #expect(try Tensor(contentsOfMatrixMarket: MatrixMarketTests.fixture(name)) == want, "\(name)")
            if case .sparse(let s) = contents {
                #expect(reference.object["sparse"] as? Bool == true, "\(name)")
                if reference.has("nnz") { #expect(s.nonZeroCount == reference.int("nnz"), "\(name)") }
            } else {
                #expect(reference.object["sparse"] as? Bool == false, "\(name)")
            }
        }
    }

    @Test("symmetric, skew-symmetric and pattern files fill in the mirrored entries")
    func symmetries() throws {
        let pattern = try MatrixMarket.read(contentsOf: MatrixMarketTests.fixture("coordinate_pattern_symmetric")).dense
        #expect(pattern == Tensor([[0, 1, 0], [1, 0, 1], [0, 1, 1]]))
        let skew = try MatrixMarket.read(contentsOf: MatrixMarketTests.fixture("array_real_skew")).dense
        #expect(skew == Tensor([[0, -1, -2], [1, 0, -3], [2, 3, 0]]))
        // Duplicates are summed, as SciPy's coo → csr conversion does.
        let duplicates = try SparseMatrix(contentsOfMatrixMarket: MatrixMarketTests.fixture("duplicates"))
        #expect(duplicates.nonZeroCount == 2 && duplicates.toDense() == Tensor([[3.5, 0], [-1, 0]]))
    }

    @Test("written as coordinate real general, read back to the same matrix bit for bit")
    func writerRoundTrip() throws {
        let reference = try MatrixMarket.read(contentsOf: MatrixMarketTests.fixture("coordinate_random")).sparse
        let text = MatrixMarket.text(of: reference)
        #expect(text.hasPrefix("%%MatrixMarket matrix coordinate real general\n20 15 60\n"))
        #expect(try MatrixMarket.parse(text).sparse == reference)
        let small = try SparseMatrix(rows: 2, columns: 3, triplets: [(0, 2, 0.1), (1, 0, -2), (1, 1, 1e-300)])
        #expect(MatrixMarket.text(of: small) == "%%MatrixMarket matrix coordinate real general\n2 3 3\n1 3 0.1\n2 1 -2.0\n2 2 1e-300\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mtx-\(UUID().uuidString).mtx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try MatrixMarket.write(small, to: path)
        #expect(try SparseMatrix(contentsOfMatrixMarket: path) == small)
    }

    @Test("malformed files: the line and what is wrong", arguments: [
        ("", "the file is empty (no %%MatrixMarket banner)"),
        ("1 2 3\n", "line 1: not a Matrix Market file: the first line must start with %%MatrixMarket"),
        ("%%MatrixMarket matrix coordinate real\n", "line 1: the banner needs 4 words after %%MatrixMarket (object format field symmetry), found 3"),
        ("%%MatrixMarket vector coordinate real general\n", "line 1: unsupported object 'vector' (only 'matrix' is read)"),
        ("%%MatrixMarket matrix coordinate complex general\n", "line 1: complex entries are not supported; a matrix here holds real numbers 'complex' (real, integer or pattern are read)"),
        ("%%MatrixMarket matrix coordinate real hermitian\n", "line 1: hermitian symmetry applies to complex matrices, which are not supported (general, symmetric or skew-symmetric are read)"),
        ("%%MatrixMarket matrix array pattern general\n", "line 1: the pattern field is only for the coordinate format"),
        ("%%MatrixMarket matrix coordinate real general\n%\n", "line 2: the file ends before the size line"),
        ("%%MatrixMarket matrix coordinate real general\n2 2\n", "line 2: the size line needs 3 integers (rows, columns, entries), found 2 fields"),
        ("%%MatrixMarket matrix coordinate real general\n2 -2 1\n", "line 2: '-2' in the size line is not a non-negative integer"),
        ("%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n", "line 2: a symmetric matrix must be square, the size line says 2 × 3"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 5\n", "line 2: 5 entries do not fit in a 2 × 2 matrix"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n", "line 3: the size line declares 2 entries, the file has 1"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", "line 4: more entries than the 1 the size line declares"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1\n", "line 3: row index 0 is outside 1…2 (indices are 1-based)"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n% c\n1 3 1\n", "line 4: column index 3 is outside 1…2 (indices are 1-based)"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1.0 1 1\n", "line 3: row index '1.0' is not an integer"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", "line 3: expected 3 fields (row, column, value), found 2"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 x\n", "line 3: 'x' is not a number"),
        ("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", "line 3: '1.5' is not an integer (the field is 'integer')"),
        ("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n", "line 3: entry (1, 2) is above the diagonal; a symmetric file stores the lower triangle"),
        ("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", "line 3: entry (1, 1) is on or above the diagonal; a skew-symmetric file stores the strict lower triangle"),
        ("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", "line 5: the size line declares 4 entries, the file has 3"),
        ("%%MatrixMarket matrix array real general\n1 1\n1 2\n", "line 3: expected one value per line in the array format, found 2 fields"),
        ("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\u{0}\n", "line 3: control character U+0000 in the line"),
    ])
    func malformed(text: String, message: String) {
        let error = thrownError(MatrixMarketError.self) { try MatrixMarket.parse(text) }
        #expect(error?.description == message)
    }

    @Test("limits: values and line length; a missing file names itself")
    func limits() {
        #expect(thrownError(MatrixMarketError.self) { try MatrixMarket.parse("%%MatrixMarket matrix array real general\n1000 1000\n", maxValues: 1000) }?
            .description == "line 2: a dense 1000 × 1000 matrix exceeds the reading limit of 1000 values; raise the limit to read it")
        #expect(thrownError(MatrixMarketError.self) { try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n100 100 50\n", maxValues: 10) }?
            .description == "line 2: 50 entries exceed the reading limit of 10 values; raise the limit to read a larger matrix")
        let long = "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 " + String(repeating: "1", count: 2000) + "\n"
        #expect(thrownError(MatrixMarketError.self) { try MatrixMarket.parse(long) }?.description == "line 3: a line longer than 1024 characters")
        // Long comments are fine: they are skipped unread.
        let comment = "%%MatrixMarket matrix coordinate real general\n%" + String(repeating: "c", count: 5000) + "\n1 1 1\n1 1 2\n"
        #expect((try? MatrixMarket.parse(comment).dense) == Tensor([[2]]))
        #expect(thrownError(MatrixMarketError.self) { try MatrixMarket.read(contentsOf: "/nonexistent/m.mtx") }?.description
                == "/nonexistent/m.mtx: cannot read the file: No such file or directory")
    }
}
