import Foundation

/// Why a linear-algebra computation could not be done with the data given.
///
/// These are data errors (the second kind of failure in ARCHITECTURE.md): they come from the values a user
/// supplied, so they are thrown, and each message says what and where.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation needs a square matrix.
    case notSquare(operation: String, shape: [Int])
    /// Two operands do not fit together.
    case shapeMismatch(operation: String, shapes: [[Int]])
    /// An entry is NaN or infinite; `index` is its (row, column) or element position.
    case nonFinite(operation: String, index: [Int], value: Double)
    /// The matrix is exactly singular: LU found U[pivot, pivot] = 0 (0-based).
    case singular(operation: String, pivot: Int)
    /// Cholesky failed: the leading minor of this order (1-based, as LAPACK reports) is not positive.
    case notPositiveDefinite(operation: String, minor: Int)
    /// An iterative LAPACK routine did not converge (`info` > 0 where that means failure to converge).
    case didNotConverge(operation: String, info: Int)
    /// Finite input, but an intermediate or final result exceeded the largest finite Double
    /// (≈ 1.8·10³⁰⁸), so the factors or results are ±∞ or NaN; `stage` names where (e.g.
    /// "the LU factorization"). Rescaling the data (e.g. dividing A by its largest entry) avoids it.
    case overflow(operation: String, stage: String)
    /// The matrix is singular to working precision: the estimated reciprocal condition number
    /// 1/κ₁(A) is below ε ≈ 2.2e-16, so a computed solution or inverse can have no correct digit
    /// (SciPy's `LinAlgWarning` threshold). The operations that throw it can be told to go on.
    case illConditioned(operation: String, reciprocalCondition: Double)
    /// |det A| is outside the range of `Double` (above ≈ 1.8e308 or below the smallest normal
    /// ≈ 2.2e-308, where a plain product would be ±∞ or a 0 that looks like singularity); the
    /// sign and the natural logarithm of |det A| are exact to rounding.
    case determinantOutOfRange(sign: Double, logAbs: Double)
    /// The operation is defined only for another rank or size (e.g. characteristic polynomial of a large matrix).
    case unsupported(operation: String, reason: String)

    public var description: String {
        switch self {
        case let .notSquare(operation, shape):
            return "\(operation): needs a square matrix, got shape \(LinearAlgebraError.format(shape))"
        case let .shapeMismatch(operation, shapes):
            return "\(operation): shapes do not fit: " + shapes.map(LinearAlgebraError.format).joined(separator: " and ")
        case let .nonFinite(operation, index, value):
            return "\(operation): entry \(LinearAlgebraError.format(index)) is \(value), but all entries must be finite"
        case let .singular(operation, pivot):
            return "\(operation): the matrix is singular (zero pivot U[\(pivot), \(pivot)] in the LU factorization)"
        case let .notPositiveDefinite(operation, minor):
            return "\(operation): the matrix is not positive definite (the leading minor of order \(minor) is not positive)"
        case let .didNotConverge(operation, info):
            return "\(operation): LAPACK did not converge (info = \(info))"
        case let .overflow(operation, stage):
            return "\(operation): entries overflow during \(stage) (the input is finite, but results exceed ±1.8e308); rescale the data"
        case let .illConditioned(operation, rcond):
            return "\(operation): the matrix is singular to working precision (estimated reciprocal condition number "
                + "\(rcond) < ε = 2.2e-16), so the result would have no correct digits; use a least-squares solve or the pseudoinverse"
        case let .determinantOutOfRange(sign, logAbs):
            let log10Abs = logAbs / M_LN10
            let side = logAbs > 0 ? "above the largest double (1.8e308)" : "below the smallest normal double (2.2e-308)"
            return "determinant: |det| = 10^\((log10Abs * 1000).rounded() / 1000) is \(side); sign \(sign < 0 ? "-1" : "+1"), "
                + "log|det| = \(logAbs) (use logAbsDeterminant)"
        case let .unsupported(operation, reason):
            return "\(operation): \(reason)"
        }
    }

    static func format(_ values: [Int]) -> String {
        "(" + values.map(String.init).joined(separator: ", ") + ")"
    }
}

extension Tensor {
    /// Throws `.nonFinite` naming the first NaN or infinite entry, so LAPACK never sees one.
    public func requireFinite(_ operation: String) throws {
        if let index = firstNonFiniteIndex {
            throw LinearAlgebraError.nonFinite(operation: operation, index: index, value: self[index])
        }
    }

    /// Throws `.notSquare` unless this is an n × n matrix.
    public func requireSquare(_ operation: String) throws {
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: operation, shape: shape) }
    }

    /// The element at a multi-index given as an array.
    public subscript(_ index: [Int]) -> Double {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue }
    }
}
