/// A sparse matrix in compressed sparse row (CSR) form: the non-zeros of row i are
/// `values[rowOffsets[i]..<rowOffsets[i + 1]]` at columns `columnIndices[…]`, sorted by column,
/// with no duplicates.
///
/// CSR is the layout of SciPy's `csr_matrix` and of Saad's SPARSKIT: a matrix–vector product
/// streams the three arrays once, so it costs O(nnz) time and memory traffic.
/// Column indices are stored as `Int32` (as SciPy does) because the product is memory-bound
/// and narrower indices move a third less data; row offsets are `Int` so nnz may exceed 2³¹.
///
/// Reference: Y. Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., SIAM 2003, §3.4.
public struct SparseMatrix: Sendable, Hashable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// `rows + 1` offsets into `columnIndices`/`values`; row i occupies `rowOffsets[i]..<rowOffsets[i+1]`.
    public private(set) var rowOffsets: [Int]
    /// Column of each stored entry, increasing within a row.
    public private(set) var columnIndices: [Int32]
    /// Value of each stored entry.
    public private(set) var values: [Double]

    /// The shape `[rows, columns]`, as for a dense `Tensor`.
    public var shape: [Int] { [rows, columns] }

    /// The number of stored entries (explicit zeros produced by summing duplicates are kept).
    public var nonZeroCount: Int { values.count }

    /// Creates a CSR matrix from arrays already in CSR form.
    /// - Precondition: the arrays are consistent (offsets non-decreasing, columns sorted and in range).
    ///   This is the trusted, O(nnz)-checked path used by kernels; use the coordinate initializer for user data.
    public init(rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Double]) {
        precondition(rows >= 0 && columns >= 0 && columns <= Int(Int32.max),
                     "SparseMatrix: invalid shape (\(rows), \(columns))")
        precondition(rowOffsets.count == rows + 1 && rowOffsets.first == 0 && rowOffsets.last == values.count
                     && columnIndices.count == values.count,
                     "SparseMatrix: \(rowOffsets.count) offsets, \(columnIndices.count) indices and \(values.count) values do not describe \(rows) rows")
        for i in 0..<rows {
            precondition(rowOffsets[i] <= rowOffsets[i + 1], "SparseMatrix: row offsets decrease at row \(i)")
            var previous: Int32 = -1
            for p in rowOffsets[i]..<rowOffsets[i + 1] {
                let j = columnIndices[p]
                precondition(j > previous && Int(j) < columns,
                             "SparseMatrix: column \(j) in row \(i) is out of range or out of order")
                previous = j
            }
        }
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Internal initializer that skips validation (the arrays come from our own kernels).
    init(uncheckedRows rows: Int, columns: Int, rowOffsets: [Int], columnIndices: [Int32], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.rowOffsets = rowOffsets
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Builds a matrix from coordinate (COO) triplets `(rowIndices[t], columnIndices[t], values[t])`,
    /// summing duplicates, as SciPy's `coo_matrix(...).tocsr()` does.
    ///
    /// A counting sort scatters the triplets into their rows in O(nnz + rows); each row is then sorted
    /// by column (insertion sort for short rows, the typical case, else a comparison sort) and
    /// duplicates are summed in one linear pass.
    ///
    /// - Throws: `SparseMatrixError.indexOutOfRange` naming the first triplet outside the shape;
    ///   `.negativeShape` for a negative extent; `.shapeTooLarge` when rows or columns exceed `Int32.max`
    ///   (checked before anything of size `rows` is allocated).
    /// - Precondition: the three arrays have equal length.
    public init(rows: Int, columns: Int, rowIndices: [Int], columnIndices: [Int], values: [Double]) throws {
        precondition(rowIndices.count == values.count && columnIndices.count == values.count,
                     "SparseMatrix: \(rowIndices.count) row indices, \(columnIndices.count) column indices and \(values.count) values differ in length")
        guard rows >= 0 && columns >= 0 else { throw SparseMatrixError.negativeShape(rows: rows, columns: columns) }
        // Column indices are stored as Int32, and the transpose stores row indices there too.
        guard rows <= Int(Int32.max) && columns <= Int(Int32.max) else {
            throw SparseMatrixError.shapeTooLarge(rows: rows, columns: columns)
        }
        let count = values.count
        if let t = (0..<count).first(where: { rowIndices[$0] < 0 || rowIndices[$0] >= rows || columnIndices[$0] < 0 || columnIndices[$0] >= columns }) {
            throw SparseMatrixError.indexOutOfRange(triplet: t, row: rowIndices[t], column: columnIndices[t], shape: [rows, columns])
        }
        var offsets = [Int](repeating: 0, count: rows + 1)
        var sortedColumns = [Int32](repeating: 0, count: count)
        var sortedValues = [Double](repeating: 0, count: count)
        rowIndices.withUnsafeBufferPointer { ri in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { vi in
                    for i in ri { offsets[i + 1] += 1 }
                    for i in 0..<rows { offsets[i + 1] += offsets[i] }
                    var next = offsets
                    sortedColumns.withUnsafeMutableBufferPointer { sc in
                        sortedValues.withUnsafeMutableBufferPointer { sv in
                            next.withUnsafeMutableBufferPointer { nx in
                                for t in 0..<count {
                                    let i = ri[t]
                                    sc[nx[i]] = Int32(truncatingIfNeeded: ci[t])
                                    sv[nx[i]] = vi[t]
                                    nx[i] += 1
                                }
                            }
                            SparseMatrix.sortRowsAndSumDuplicates(&offsets, sc, sv)
                        }
                    }
                }
            }
        }
        let kept = offsets[rows]
        sortedColumns.removeLast(count - kept)
        sortedValues.removeLast(count - kept)
        self.init(uncheckedRows: rows, columns: columns, rowOffsets: offsets,
                  columnIndices: sortedColumns, values: sortedValues)
    }

    /// Sorts each row's entries by column, sums entries with equal columns and compacts the arrays
    /// in place, rewriting `offsets` to the compacted layout.
    private static func sortRowsAndSumDuplicates(_ offsets: inout [Int], _ columns: UnsafeMutableBufferPointer<Int32>,
                                                 _ values: UnsafeMutableBufferPointer<Double>) {
        let rows = offsets.count - 1
        var write = 0
        var rowStart = offsets[0]
        for i in 0..<rows {
            let (start, end) = (rowStart, offsets[i + 1])
            rowStart = end
            if end - start <= 32 {
                // Insertion sort: stable, and fastest for the short rows of typical sparse data.
                var p = start + 1
                while p < end {
                    let (c, v) = (columns[p], values[p])
                    var q = p - 1
                    while q >= start && columns[q] > c {
                        columns[q + 1] = columns[q]
                        values[q + 1] = values[q]
                        q -= 1
                    }
                    columns[q + 1] = c
                    values[q + 1] = v
                    p += 1
                }
            } else {
                let order = (start..<end).sorted { (columns[$0], $0) < (columns[$1], $1) }
                let (c, v) = (order.map { columns[$0] }, order.map { values[$0] })
                for (k, p) in (start..<end).enumerated() { (columns[p], values[p]) = (c[k], v[k]) }
            }
            let outputStart = write
            for p in start..<end {
                if write > outputStart && columns[write - 1] == columns[p] {
                    values[write - 1] += values[p]
                } else {
                    columns[write] = columns[p]
                    values[write] = values[p]
                    write += 1
                }
            }
            offsets[i + 1] = write
        }
    }

    /// Builds a matrix from `(row, column, value)` triplets, summing duplicates
    /// (see `init(rows:columns:rowIndices:columnIndices:values:)`).
    /// - Throws: `SparseMatrixError.indexOutOfRange` naming the first triplet outside the shape.
    public init(rows: Int, columns: Int, triplets: [(row: Int, column: Int, value: Double)]) throws {
        try self.init(rows: rows, columns: columns,
                      rowIndices: triplets.map(\.row), columnIndices: triplets.map(\.column),
                      values: triplets.map(\.value))
    }

    /// The non-zero entries of a dense matrix, in CSR form (exact zeros are dropped; NaN is kept).
    /// - Precondition: `dense` is a matrix (rank 2).
    public init(dense: Tensor) {
        precondition(dense.rank == 2, "SparseMatrix(dense:): needs a matrix, got shape \(dense.shape)")
        let (m, n) = (dense.shape[0], dense.shape[1])
        var offsets = [Int](repeating: 0, count: m + 1)
        var indices = [Int32]()
        var entries = [Double]()
        dense.scalars.withUnsafeBufferPointer { a in
            for i in 0..<m {
                for j in 0..<n where a[i * n + j] != 0 {
                    indices.append(Int32(j))
                    entries.append(a[i * n + j])
                }
                offsets[i + 1] = entries.count
            }
        }
        self.init(uncheckedRows: m, columns: n, rowOffsets: offsets, columnIndices: indices, values: entries)
    }

    /// The `n × n` identity in CSR form.
    public static func identity(_ n: Int) -> SparseMatrix {
        SparseMatrix(uncheckedRows: n, columns: n, rowOffsets: Array(0...n),
                     columnIndices: (0..<n).map { Int32($0) }, values: [Double](repeating: 1, count: n))
    }

    /// The `n × n` diagonal matrix diag(d) in CSR form (zeros on the diagonal are stored).
    public static func diagonal(_ d: [Double]) -> SparseMatrix {
        let n = d.count
        return SparseMatrix(uncheckedRows: n, columns: n, rowOffsets: Array(0...n),
                            columnIndices: (0..<n).map { Int32($0) }, values: d)
    }
}

// MARK: - Conversions and structure

extension SparseMatrix {
    /// The dense `rows × columns` matrix with the same entries.
    public func toDense() -> Tensor {
        var dense = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for p in rowOffsets[i]..<rowOffsets[i + 1] {
                dense[i * columns + Int(columnIndices[p])] += values[p]
            }
        }
        return Tensor(shape: [rows, columns], scalars: dense)
    }

    /// The entry at (i, j): a binary search of row i, O(log nnz(row)).
    public subscript(_ i: Int, _ j: Int) -> Double {
        precondition(i >= 0 && i < rows && j >= 0 && j < columns,
                     "SparseMatrix: index (\(i), \(j)) out of range for shape (\(rows), \(columns))")
        var low = rowOffsets[i], high = rowOffsets[i + 1]
        let target = Int32(j)
        while low < high {
            let mid = (low + high) / 2
            if columnIndices[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < rowOffsets[i + 1] && columnIndices[low] == target ? values[low] : 0
    }

    /// The transpose Aᵀ in CSR form (equivalently A in CSC form), by one counting sort: O(nnz + rows + columns).
    public var transposed: SparseMatrix {
        precondition(rows <= Int(Int32.max), "SparseMatrix.transposed: \(rows) rows exceed the Int32 column index range")
        let count = values.count
        var offsets = [Int](repeating: 0, count: columns + 1)
        for j in columnIndices { offsets[Int(j) + 1] += 1 }
        for j in 0..<columns { offsets[j + 1] += offsets[j] }
        var next = offsets
        var newColumns = [Int32](repeating: 0, count: count)
        var newValues = [Double](repeating: 0, count: count)
        // Visiting rows in order keeps each output row's column indices sorted.
        withCSRPointers { op, ip, vp in
            newColumns.withUnsafeMutableBufferPointer { nc in
                newValues.withUnsafeMutableBufferPointer { nv in
                    next.withUnsafeMutableBufferPointer { nx in
                        for i in 0..<rows {
                            for p in op[i]..<op[i + 1] {
                                let j = Int(ip[p])
                                let target = nx[j]
                                nc[target] = Int32(truncatingIfNeeded: i)
                                nv[target] = vp[p]
                                nx[j] = target + 1
                            }
                        }
                    }
                }
            }
        }
        return SparseMatrix(uncheckedRows: columns, columns: rows, rowOffsets: offsets,
                            columnIndices: newColumns, values: newValues)
    }

    /// The sums of each row, Σⱼ aᵢⱼ (a vector of length `rows`); e.g. node degrees of an adjacency matrix.
    public var rowSums: Tensor {
        Tensor(shape: [rows]) { i in
            var s = 0.0
            for p in rowOffsets[i]..<rowOffsets[i + 1] { s += values[p] }
            return s
        }
    }

    /// The sums of each column, Σᵢ aᵢⱼ (a vector of length `columns`).
    public var columnSums: Tensor {
        var sums = [Double](repeating: 0, count: columns)
        for (j, v) in zip(columnIndices, values) { sums[Int(j)] += v }
        return Tensor(sums)
    }

    /// The diagonal entries aᵢᵢ for i < min(rows, columns).
    public var diagonalElements: Tensor {
        Tensor(shape: [Swift.min(rows, columns)]) { i in self[i, i] }
    }

    /// diag(d)·A: row i multiplied by d[i]. O(nnz).
    /// - Precondition: `d` has `rows` elements.
    public func scalingRows(by d: Tensor) -> SparseMatrix {
        precondition(d.count == rows, "SparseMatrix.scalingRows: \(d.count) factors for \(rows) rows")
        var result = self
        for i in 0..<rows {
            for p in rowOffsets[i]..<rowOffsets[i + 1] { result.values[p] *= d.scalars[i] }
        }
        return result
    }

    /// A·diag(d): column j multiplied by d[j]. O(nnz).
    /// - Precondition: `d` has `columns` elements.
    public func scalingColumns(by d: Tensor) -> SparseMatrix {
        precondition(d.count == columns, "SparseMatrix.scalingColumns: \(d.count) factors for \(columns) columns")
        var result = self
        for p in 0..<values.count { result.values[p] *= d.scalars[Int(columnIndices[p])] }
        return result
    }

    /// α·A with the same sparsity pattern.
    public static func * (alpha: Double, a: SparseMatrix) -> SparseMatrix {
        var result = a
        result.values = a.values.map { alpha * $0 }
        return result
    }

    /// Throws `LinearAlgebraError.nonFinite` naming the (row, column) of the first NaN or infinite entry.
    public func requireFinite(_ operation: String) throws {
        guard let p = values.firstIndex(where: { !$0.isFinite }) else { return }
        // The row holding position p: the last offset ≤ p (rows may be empty, so search).
        var low = 0, high = rows
        while low < high {
            let mid = (low + high + 1) / 2
            if rowOffsets[mid] <= p { low = mid } else { high = mid - 1 }
        }
        throw LinearAlgebraError.nonFinite(operation: operation, index: [low, Int(columnIndices[p])], value: values[p])
    }
}

extension SparseMatrix: CustomStringConvertible {
    /// "SparseMatrix 3 × 4, 5 non-zeros", followed by the stored entries `(i, j) value` when there are at most 20.
    public var description: String {
        var text = "SparseMatrix \(rows) × \(columns), \(nonZeroCount) non-zero\(nonZeroCount == 1 ? "" : "s")"
        guard nonZeroCount <= 20 else { return text }
        for i in 0..<rows {
            for p in rowOffsets[i]..<rowOffsets[i + 1] {
                text += "\n  (\(i), \(columnIndices[p])) \(Tensor.format(values[p]))"
            }
        }
        return text
    }
}
