import ArgumentParser
import DescentCore

/// The matrix argument of the iterative verbs: any matrix `readMatrix` reads (a Matrix Market
/// coordinate file kept sparse), or with `--triplets` a sparse matrix given as CSV `row,column,value`
/// lines (0-based indices, duplicates summed).
public struct OperatorInput: ParsableArguments {
    /// Path of the CSV file.
    @Argument(help: "The matrix A: \(MatrixFile.formats) (a coordinate .mtx stays sparse); with --triplets a CSV of `row,column,value` lines.")
    public var matrix: String

    /// Read the file as COO triplets into a sparse (CSR) matrix.
    @Flag(name: .long, help: "Read A as 0-based `row,column,value` triplets (sparse; shape from the largest indices unless --shape).")
    public var triplets = false

    /// The shape of a triplet matrix, `m,n` (default: largest indices + 1).
    @Option(name: .long, help: "Shape `m,n` of a triplet matrix (default: largest row and column index + 1).")
    public var shape: String?

    public init() {}

    public func validate() throws {
        if shape != nil && !triplets {
            throw ValidationError("--shape gives the shape of a --triplets matrix; a dense CSV matrix has its own shape (add --triplets, or drop --shape)")
        }
    }

    /// Reads A as a dense tensor or a sparse matrix: a Matrix Market coordinate file stays sparse.
    func read() throws -> any LinearOperator {
        let kind = MatrixFile.kind(of: matrix)
        if triplets && kind != .csv {
            throw UsageError("--triplets reads a CSV file of `row,column,value` lines; \(matrix) has a format of its own (drop --triplets)")
        }
        if kind == .matrixMarket {
            switch try MatrixMarket.read(contentsOf: matrix) {
            case .sparse(let sparse):
                try OperatorInput.requireSupported([sparse.rows, sparse.columns], what: "\(matrix): the shape")
                try OperatorInput.requireFinite(sparse, path: matrix)
                return sparse
            case .dense(let dense):
                try MatrixFile.requireFinite(dense.scalars, columns: dense.shape[1], path: matrix)
                return dense
            }
        }
        let table = try readMatrix(matrix)
        guard triplets else { return table }
        return try OperatorInput.sparse(fromTriplets: table, shape: shape.map(OperatorInput.parseShape) ?? nil, path: matrix)
    }

    /// Refuses a stored NaN or ±∞ with its 1-based row and column.
    static func requireFinite(_ a: SparseMatrix, path: String) throws {
        guard let p = a.values.firstIndex(where: { !$0.isFinite }) else { return }
        var i = 0
        while a.rowOffsets[i + 1] <= p { i += 1 }
        throw UsageError("\(path): entry (\(i + 1), \(Int(a.columnIndices[p]) + 1)) is \(NumberFormat.exact(a.values[p])), not a finite number")
    }

    /// The largest row or column count a triplet matrix may have: 5·10⁷, so that one dense vector of
    /// that length (the solvers keep several, Lanczos a whole basis) stays at 400 MB. The library's own
    /// limit is `Int32.max`; a smaller one here turns a typo such as an index of 10¹² into a clear error
    /// instead of an allocation the machine cannot satisfy.
    public static let maximumDimension = 50_000_000

    /// A sparse matrix from an r × 3 table of (row, column, value); `shape` nil infers it.
    /// - Throws: `UsageError` naming the line and column of a negative, fractional, non-finite or too
    ///   large index, or an index outside an explicit `shape`, or a shape beyond `maximumDimension`.
    public static func sparse(fromTriplets table: Tensor, shape: [Int]?, path: String) throws -> SparseMatrix {
        guard table.shape[1] == 3 || table.count == 0 else {
            throw UsageError("\(path): --triplets needs 3 columns (row, column, value), found \(table.shape[1])")
        }
        if let shape { try requireSupported(shape, what: "--shape") }
        let count = table.count == 0 ? 0 : table.shape[0]
        var rows = [Int](), columns = [Int](), values = [Double]()
        rows.reserveCapacity(count)
        columns.reserveCapacity(count)
        values.reserveCapacity(count)
        for t in 0..<count {
            rows.append(try index(table[t, 0], line: t + 1, column: 1, path: path))
            columns.append(try index(table[t, 1], line: t + 1, column: 2, path: path))
            values.append(table[t, 2])
        }
        let m = shape?[0] ?? ((rows.max() ?? -1) + 1)
        let n = shape?[1] ?? ((columns.max() ?? -1) + 1)
        do {
            return try SparseMatrix(rows: m, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        } catch let SparseMatrixError.indexOutOfRange(triplet, row, column, shape) {
            throw UsageError("\(path): line \(triplet + 1): index (\(row), \(column)) is outside the shape \(shape[0]) × \(shape[1])")
        }
    }

    /// The integer in a triplet's index field, or a `UsageError` naming where it is and what is wrong.
    static func index(_ value: Double, line: Int, column: Int, path: String) throws -> Int {
        let place = "\(path): line \(line), column \(column)"
        let name = column == 1 ? "row index" : "column index"
        let shown = NumberFormat.exact(value)   // as written in the file
        guard value >= 0, value == value.rounded() else {
            throw UsageError("\(place): \(name) \(shown) is not a non-negative integer")
        }
        // Compared as Double, so that no conversion of a huge value to Int can trap.
        guard value < Double(maximumDimension) else {
            throw UsageError("\(place): \(name) \(shown) exceeds the largest supported dimension \(maximumDimension)")
        }
        return Int(value)
    }

    /// Rejects a shape with an extent beyond `maximumDimension`.
    static func requireSupported(_ shape: [Int], what: String) throws {
        guard shape.allSatisfy({ $0 <= maximumDimension }) else {
            throw UsageError("\(what) \(shape[0]),\(shape[1]) exceeds the largest supported dimension \(maximumDimension)")
        }
    }

    /// Refuses a square matrix that is not symmetric with one line that names the pair of entries
    /// and the verb to use instead (`instead`); other shapes are left to the library's own checks.
    static func requireSymmetric(_ a: any LinearOperator, verb: String, instead: String) throws {
        guard a.shape[0] == a.shape[1] else { return }
        do {
            try a.requireSymmetric(verb)
        } catch let error as LinearAlgebraError {
            throw UsageError("\(error); \(instead)")
        }
    }

    /// Runs an iterative verb's computation with a progress line on stderr when it is a terminal
    /// (`ProgressDisplay`), erased before the result prints.
    static func showingProgress<T>(_ verb: String, _ options: IterativeOptions, _ body: (IterativeOptions) throws -> T) rethrows -> T {
        let display = ProgressDisplay.forTerminal(verb)
        defer { display?.finish() }
        var observed = options
        observed.progress = display?.observer
        return try body(observed)
    }

    /// Parses `m,n`.
    static func parseShape(_ text: String) throws -> [Int]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let m = parts[0], let n = parts[1], m >= 0, n >= 0 else {
            throw UsageError("--shape must be two non-negative integers `m,n`, got '\(text)'")
        }
        return [m, n]
    }
}
