import DescentCore

/// Why a principal component analysis (linear or kernel) could not be fitted or applied.
///
/// Data errors (the second kind of failure in ARCHITECTURE.md): each message is one line saying
/// what is wrong and where (the entry, both shapes, the parameter and its value).
public enum PCAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The number of components is 0 or larger than min(n, d) (or than n for kernel PCA).
    case invalidComponentCount(requested: Int, rows: Int, columns: Int, limit: Int)
    /// An entry of the data is NaN or ±∞.
    case nonFinite(row: Int, column: Int, value: Double)
    /// Fewer than two samples: the sample covariance (divided by n − 1) is undefined.
    case tooFewSamples(rows: Int)
    /// Every column is constant, so the total variance is 0 and no direction explains any of it.
    case zeroVariance
    /// Data given to `transform` (or components to `inverseTransform`) with the wrong number of columns.
    case columnCountMismatch(expected: Int, given: Int, operation: String)
    /// A configuration value outside its domain (a batch size < 1, γ ≤ 0, a degree < 1, …).
    case invalidParameter(name: String, value: Double, requirement: String)
    /// A method that would have to densify a sparse matrix (full SVD, incremental batches).
    case sparseUnsupported(method: String)
    /// The cosine kernel of a row that is entirely zero (its norm is 0, so its angle is undefined).
    case zeroRow(row: Int)

    /// One line.
    public var description: String {
        switch self {
        case let .invalidComponentCount(requested, rows, columns, limit):
            return "PCA: \(requested) components requested, but the data (\(rows) × \(columns)) allow between 1 and \(limit)"
        case let .nonFinite(row, column, value):
            return "PCA: entry (\(row), \(column)) is \(value), but all entries must be finite"
        case let .tooFewSamples(rows):
            return "PCA: \(rows) sample\(rows == 1 ? "" : "s"); at least 2 are needed for a variance (divided by n − 1)"
        case .zeroVariance:
            return "PCA: every column is constant, so the data have no variance to explain"
        case let .columnCountMismatch(expected, given, operation):
            return "PCA \(operation): expected \(expected) columns, got \(given)"
        case let .invalidParameter(name, value, requirement):
            return "PCA: \(name) = \(value), but it must be \(requirement)"
        case let .sparseUnsupported(method):
            return "PCA: the \(method) method would densify the sparse matrix; use the covariance or randomized method"
        case let .zeroRow(row):
            return "kernel PCA: row \(row) is zero, so its cosine similarity is undefined"
        }
    }

    /// Throws `.nonFinite` for the first NaN or ±∞ entry of a matrix.
    static func requireFinite(_ x: Tensor) throws {
        if let index = x.firstNonFiniteIndex { throw PCAError.nonFinite(row: index[0], column: index[1], value: x[index[0], index[1]]) }
    }

    /// Throws `.nonFinite` for the first NaN or ±∞ stored entry of a sparse matrix.
    static func requireFinite(_ x: SparseMatrix) throws {
        for i in 0..<x.rows {
            for p in x.rowOffsets[i]..<x.rowOffsets[i + 1] where !x.values[p].isFinite {
                throw PCAError.nonFinite(row: i, column: Int(x.columnIndices[p]), value: x.values[p])
            }
        }
    }
}
