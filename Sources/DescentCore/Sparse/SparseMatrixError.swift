/// Why a sparse matrix could not be built from the data given.
///
/// These are data errors (the second kind of failure in ARCHITECTURE.md): they come from user-supplied
/// coordinates, so they are thrown, and each message names the offending triplet.
public enum SparseMatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Triplet number `triplet` (0-based) has a row or column index outside the shape.
    case indexOutOfRange(triplet: Int, row: Int, column: Int, shape: [Int])
    /// The requested shape has a negative extent.
    case negativeShape(rows: Int, columns: Int)
    /// An extent exceeds `Int32.max`, the range of the stored column indices (and of the row indices
    /// the transpose stores as columns).
    case shapeTooLarge(rows: Int, columns: Int)

    /// A one-line explanation for messages and logs.
    public var description: String {
        switch self {
        case let .indexOutOfRange(triplet, row, column, shape):
            return "SparseMatrix: triplet \(triplet) has index (\(row), \(column)), outside the shape \(LinearAlgebraError.format(shape))"
        case let .negativeShape(rows, columns):
            return "SparseMatrix: shape (\(rows), \(columns)) has a negative extent"
        case let .shapeTooLarge(rows, columns):
            return "SparseMatrix: shape (\(rows), \(columns)) exceeds the Int32 index range (at most \(Int32.max) rows and columns)"
        }
    }
}
