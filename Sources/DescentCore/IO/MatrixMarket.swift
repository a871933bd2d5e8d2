/// Reading and writing the NIST Matrix Market exchange format (`.mtx`), the format of the
/// SuiteSparse Matrix Collection and of SciPy's `scipy.io.mmread`/`mmwrite`.
///
/// Read: `matrix coordinate` and `matrix array`; fields `real`, `integer` and `pattern` (every
/// stored entry 1); symmetry `general`, `symmetric` and `skew-symmetric` (the mirrored entries are
/// filled in, negated for skew); comment lines; 1-based indices checked against the size line, with
/// the line number of any bad one. Written: a `SparseMatrix` as `coordinate real general`.
///
/// Reference: R. F. Boisvert, R. Pozo, K. A. Remington, "The Matrix Market Exchange Formats:
/// Initial Design", NISTIR 5935, 1996.
public enum MatrixMarket {
    /// What a Matrix Market file holds: a sparse matrix (coordinate format) or a dense one (array).
    public enum Contents: Sendable, Equatable {
        /// A `coordinate` file, in CSR form (duplicate entries summed, as SciPy does).
        case sparse(SparseMatrix)
        /// An `array` file.
        case dense(Tensor)

        /// The matrix as a dense tensor.
        public var dense: Tensor {
            switch self {
            case .sparse(let s): return s.toDense()
            case .dense(let t): return t
            }
        }

        /// The matrix in CSR form (exact zeros of an array file are not stored).
        public var sparse: SparseMatrix {
            switch self {
            case .sparse(let s): return s
            case .dense(let t): return SparseMatrix(dense: t)
            }
        }
    }

    /// Parses Matrix Market text.
    /// - Parameters:
    ///   - text: the whole file: the `%%MatrixMarket` banner, comments, the size line, the entries.
    ///   - maxValues: the most entries (coordinate) or cells (array) accepted.
    /// - Throws: `MatrixMarketError` with the line of the first problem: a missing or unsupported
    ///   banner (complex and hermitian are refused), a size line that is not integers, a non-square
    ///   symmetric matrix, an index outside the size (1-based), an entry above the diagonal of a
    ///   symmetric file, a value that is not a number (or not an integer for `integer`), fewer or
    ///   more entries than declared.
    public static func parse(_ text: String, maxValues: Int = 1 << 28) throws -> Contents {
        var parser = MatrixMarketParser(maxValues: maxValues)
        var text = text
        try text.withUTF8 { try parser.consume(UnsafeRawBufferPointer($0)) }
        try parser.finish()
        return try contents(of: parser)
    }

    /// Reads a Matrix Market file (see `parse(_:maxValues:)`), streaming it in 1 MiB pieces.
    /// - Throws: `MatrixMarketError` carrying the file's path, including for a missing file.
    public static func read(contentsOf path: String, maxValues: Int = 1 << 28) throws -> Contents {
        do {
            var parser = MatrixMarketParser(maxValues: maxValues)
            try FileBytes.forEachChunk(ofFile: path) { try parser.consume($0) }
            try parser.finish()
            return try contents(of: parser)
        } catch let error as CSVError {
            throw MatrixMarketError(line: 0, reason: error.reason, file: path)   // FileBytes's open/read failures
        } catch var error as MatrixMarketError {
            error.file = path
            throw error
        }
    }

    /// The text of `matrix` as `%%MatrixMarket matrix coordinate real general`: the banner, the
    /// size line `M N NNZ`, then one `i j value` line per stored entry in row order (1-based
    /// indices, values in the shortest form that reads back to the same double).
    /// - Complexity: O(nnz).
    public static func text(of matrix: SparseMatrix) -> String {
        var out = "%%MatrixMarket matrix coordinate real general\n"
        out += "\(matrix.rows) \(matrix.columns) \(matrix.nonZeroCount)\n"
        for i in 0..<matrix.rows {
            for p in matrix.rowOffsets[i]..<matrix.rowOffsets[i + 1] {
                out += "\(i + 1) \(Int(matrix.columnIndices[p]) + 1) \(matrix.values[p])\n"
            }
        }
        return out
    }

    /// Writes `text(of:)` to `path` safely through `OutputFile`.
    /// - Throws: `OutputFileError` when the file cannot be written.
    public static func write(_ matrix: SparseMatrix, to path: String) throws {
        try OutputFile.write(text(of: matrix), to: path)
    }

    static func contents(of parser: MatrixMarketParser) throws -> Contents {
        switch parser.header!.format {
        case .array:
            return .dense(Tensor(shape: [parser.rows, parser.columns], scalars: parser.dense))
        case .coordinate:
            // Indices were checked against the size line, so the matrix always builds.
            return .sparse(try SparseMatrix(rows: parser.rows, columns: parser.columns, rowIndices: parser.rowIndices,
                                            columnIndices: parser.columnIndices, values: parser.values))
        }
    }
}

extension SparseMatrix {
    /// Reads a Matrix Market file as a CSR matrix (an `array` file keeps its non-zeros); see
    /// `MatrixMarket.read(contentsOf:maxValues:)`.
    public init(contentsOfMatrixMarket path: String, maxValues: Int = 1 << 28) throws {
        self = try MatrixMarket.read(contentsOf: path, maxValues: maxValues).sparse
    }
}

extension Tensor {
    /// Reads a Matrix Market file as a dense matrix; see `MatrixMarket.read(contentsOf:maxValues:)`.
    /// - Throws: `MatrixMarketError`, also when a coordinate file's rows × columns exceed `maxValues`
    ///   (a sparse matrix too large to hold densely).
    public init(contentsOfMatrixMarket path: String, maxValues: Int = 1 << 28) throws {
        let contents = try MatrixMarket.read(contentsOf: path, maxValues: maxValues)
        if case .sparse(let s) = contents {
            let (cells, overflow) = s.rows.multipliedReportingOverflow(by: s.columns)
            guard !overflow, cells <= maxValues else {
                throw MatrixMarketError(line: 0, reason: "the sparse \(s.rows) × \(s.columns) matrix has more than \(maxValues) cells to hold densely",
                                        file: path)
            }
        }
        self = contents.dense
    }
}
