@testable import DescentCommands   // OperatorInput.parseShape is internal (the fuzz build enables testing)
import DescentCore
import DescentFuzzSupport

// `descent iterative … A.csv --triplets [--shape m,n]`: the input is the file, optionally preceded by
// the --shape text and a NUL byte (a NUL cannot occur in a CSV file, so the split is unambiguous).
// The file is read as the command line reads it (CSV, NaN and ±∞ refused), then
// `OperatorInput.sparse(fromTriplets:shape:path:)` builds the CSR matrix; bad indices and shapes
// must be `UsageError`s. A matrix that is built must hold the triplets: its entries equal the values
// summed per position in file order (the CSR build is a stable sort), its transpose transposes back,
// and its products with ones agree with the dense row and column sums.

/// Dense checks only below this many entries.
private let denseLimit = 1 << 16

/// Inputs whose valid shape exceeds this many rows or columns are skipped: a triplet may name a row
/// up to `OperatorInput.maximumDimension` (5·10⁷), and building such a matrix only measures how fast
/// 400 MB arrays are allocated and scanned (seconds under ASan, past the timeout). Indices beyond the
/// supported dimension are still read, since they must be refused before anything is allocated.
private let largestDimensionBuilt = 1 << 20

/// Whether a row or column index, or the shape, is supported but larger than `largestDimensionBuilt`.
private func namesHugeValidShape(_ table: Tensor, _ shape: [Int]?) -> Bool {
    func huge(_ extent: Double) -> Bool { extent >= Double(largestDimensionBuilt) && extent < Double(OperatorInput.maximumDimension) }
    if let shape, shape.contains(where: { huge(Double($0)) }) { return true }
    guard table.rank == 2, table.shape[1] == 3 else { return false }
    return (0..<table.shape[0]).contains { huge(table[$0, 0]) || huge(table[$0, 1]) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTriplets(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var shapeText: String?
    var file = bytes
    if let nul = bytes.firstIndex(of: 0) {
        shapeText = String(decoding: bytes[..<nul], as: UTF8.self)
        file = UnsafeRawBufferPointer(rebasing: bytes[(nul + 1)...])
    }
    guard let table = try? Tensor(csv: String(decoding: file, as: UTF8.self), options: CSVReadingOptions(allowsNonFinite: false))
    else { return 0 }
    let matrix: SparseMatrix
    do {
        let shape = try shapeText.flatMap(OperatorInput.parseShape)
        if namesHugeValidShape(table, shape) { return 0 }
        matrix = try OperatorInput.sparse(fromTriplets: table, shape: shape, path: "A.csv")
        if let shape { fuzzRequire(matrix.shape == shape, "shape \(matrix.shape), asked for \(shape)") }
    } catch let error as UsageError {
        // One line, unless it echoes a --shape argument that has a line break itself.
        fuzzRequire(!error.description.isEmpty && (!error.description.contains("\n") || shapeText?.contains("\n") == true),
                    "message '\(error.description)'")
        return 0
    } catch {
        fuzzRequire(false, "threw \(error), not a UsageError")
        return 0
    }
    check(matrix, against: table)
    return 0
}

private func check(_ a: SparseMatrix, against table: Tensor) {
    let (m, n) = (a.rows, a.columns)
    let count = table.count == 0 ? 0 : table.shape[0]
    fuzzRequire(a.rowOffsets.count == m + 1 && a.rowOffsets.last == a.nonZeroCount && a.nonZeroCount <= count,
                "CSR arrays: \(a.rowOffsets.count) offsets for \(m) rows, \(a.nonZeroCount) entries from \(count) triplets")
    guard m * n <= denseLimit else { return }
    var dense = [Double](repeating: 0, count: m * n)
    var written = [Bool](repeating: false, count: m * n)
    for t in 0..<count {
        let p = Int(table[t, 0]) * n + Int(table[t, 1])
        dense[p] = written[p] ? dense[p] + table[t, 2] : table[t, 2]
        written[p] = true
    }
    let stored = a.toDense().scalars
    for p in 0..<m * n {
        fuzzRequire(stored[p] == dense[p] || (stored[p].isNaN && dense[p].isNaN),
                    "entry (\(p / n), \(p % n)) is \(stored[p]), the triplets sum to \(dense[p])")
    }
    if !dense.contains(where: \.isNaN) {
        fuzzRequire(a.transposed.transposed == a, "the transpose of the transpose differs")
    }
    guard dense.allSatisfy(\.isFinite) else { return }
    let rowSums = a.multiplied(by: Tensor.ones([n])).scalars
    let columnSums = a.transposeMultiplied(by: Tensor.ones([m])).scalars
    for i in 0..<m {
        let row = (0..<n).map { dense[i * n + $0] }
        close(rowSums[i], row, "row \(i)")
    }
    for j in 0..<n {
        let column = (0..<m).map { dense[$0 * n + j] }
        close(columnSums[j], column, "column \(j)")
    }
}

/// A computed sum agrees with the terms' sum up to rounding (relative to the sum of magnitudes).
private func close(_ computed: Double, _ terms: [Double], _ what: String) {
    let sum = terms.reduce(0.0) { $0 + $1 }, magnitude = terms.reduce(0.0) { $0 + Swift.abs($1) }
    guard magnitude.isFinite else { return }
    fuzzRequire(Swift.abs(computed - sum) <= 1e-12 * magnitude, "\(what) sums to \(computed), expected \(sum)")
}
