/// Why a sparse symmetric matrix A − σI could not be factored (or solved with) by `SparseCholesky`.
///
/// These are data errors (ARCHITECTURE.md's second kind of failure): the matrix and the shift come
/// from the caller, so they are thrown, and each message names the shift and the offending column.
public enum SparseCholeskyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The LDLᵀ factorization of A − σI met an exactly zero pivot D[column, column] (0-based, in the
    /// fill-reducing order): A − σI is singular (σ is exactly an eigenvalue of A), or, since LDLᵀ does
    /// not pivot, a leading block of it in that order is (σ is an eigenvalue of that block). Either way
    /// a slightly different shift factors.
    case singularShift(shift: Double, column: Int)
    /// Every pivot is non-zero but the smallest is below n·ε·(largest) in magnitude: A − σI is singular
    /// to working precision (σ agrees with an eigenvalue to rounding), so solves would be noise.
    /// `reciprocalCondition` is CHOLMOD's estimate min|Dᵢᵢ| / max|Dᵢᵢ|.
    case nearlySingularShift(shift: Double, reciprocalCondition: Double)
    /// The matrix has more stored entries than CHOLMOD's 32-bit index interface addresses.
    case tooManyEntries(count: Int)
    /// CHOLMOD could not allocate its workspace or factor (the factor's fill-in is too large).
    case outOfMemory(rows: Int)
    /// CHOLMOD reported another failure, with its status code.
    case factorizationFailed(status: Int)

    /// A one-line explanation for messages and logs.
    public var description: String {
        switch self {
        case let .singularShift(shift, column):
            return "SparseCholesky: zero pivot at column \(column) of the LDLᵀ factorization of A − σI for σ = \(shift): σ is an eigenvalue of A (or of a leading block of A in the elimination order, as LDLᵀ does not pivot); move the shift slightly"
        case let .nearlySingularShift(shift, rcond):
            return "SparseCholesky: A − σI is singular to working precision for σ = \(shift) (estimated reciprocal condition number \(rcond)); σ is an eigenvalue of A to rounding: move the shift slightly"
        case let .tooManyEntries(count):
            return "SparseCholesky: \(count) stored entries exceed the \(Int32.max) that CHOLMOD's 32-bit indices address"
        case let .outOfMemory(rows):
            return "SparseCholesky: out of memory factoring a matrix of order \(rows) (the factor's fill-in does not fit)"
        case let .factorizationFailed(status):
            return "SparseCholesky: CHOLMOD failed with status \(status)"
        }
    }
}
