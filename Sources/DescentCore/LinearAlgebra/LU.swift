import CLAPACK
import Foundation

/// The LU factorization with partial pivoting, P·A = L·U, of a square matrix (LAPACK `dgetrf`).
///
/// L is unit lower triangular, U is upper triangular and P permutes rows. Computed once, then
/// queried: `solve`, `determinant`, `logAbsDeterminant`, `inverse`.
///
/// - Complexity: ⅔n³ flops to factor, 2n² per right-hand side to solve.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4; LAPACK Users' Guide, `dgetrf`.
public struct LU: Sendable {
    /// The factors packed as LAPACK returns them, column-major: U on and above the diagonal, L's
    /// multipliers below it (L's unit diagonal is implicit).
    let packed: [Double]
    /// LAPACK's 1-based pivots: row i was interchanged with row `pivots[i] − 1`, for i = 0, 1, ….
    let pivots: [LAPACKInt]
    /// The order n.
    public let order: Int
    /// ‖A‖₁ of the factored matrix, for the condition estimate.
    let oneNorm: ScaledOneNorm

    /// Factors a square matrix.
    ///
    /// - Throws: `LinearAlgebraError.notSquare` naming the shape, `.nonFinite` naming the first NaN/∞
    ///   entry, `.overflow` when the factors of a finite A overflow, or `.singular(pivot:)` with the
    ///   0-based index of the first exactly zero pivot of U.
    public init(_ a: Tensor) throws {
        self = try LU(a, operation: "LU")
    }

    /// Factors, naming `operation` in any error (so `solve` and `inverse` report themselves).
    init(_ a: Tensor, operation: String) throws {
        let (lu, info) = try LU.factor(a, operation: operation)
        if info > 0 { throw LinearAlgebraError.singular(operation: operation, pivot: Int(info) - 1) }
        self = lu
    }

    private init(packed: [Double], pivots: [LAPACKInt], order: Int, oneNorm: ScaledOneNorm) {
        self.packed = packed
        self.pivots = pivots
        self.order = order
        self.oneNorm = oneNorm
    }

    /// Factors without rejecting an exactly singular matrix: `info` > 0 names the 1-based zero pivot
    /// (LAPACK completes the factorization anyway, so the determinant of such a factorization is 0).
    static func factor(_ a: Tensor, operation: String) throws -> (LU, info: LAPACKInt) {
        try a.requireFiniteSquare(operation)
        let n = a.shape[0]
        var packed = a.columnMajorScalars
        var pivots = [LAPACKInt](repeating: 0, count: n)
        var info: LAPACKInt = 0
        if n > 0 {
            info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, LAPACKInt(n), LAPACKInt(n), &packed, LAPACKInt(n), &pivots)
            checkArguments(info, "dgetrf")
            // Element growth can overflow even for finite A (e.g. entries near 1e308).
            try requireNoOverflow(packed, operation, stage: "the LU factorization")
        }
        return (LU(packed: packed, pivots: pivots, order: n, oneNorm: ScaledOneNorm(rowMajor: a.scalars, order: n)), info)
    }

    /// Solves A·x = b for a vector b `[n]` (result `[n]`) or a matrix B `[n, k]` (result `[n, k]`),
    /// by forward and back substitution with the stored factors (LAPACK `dgetrs`).
    ///
    /// Does not validate b: NaN or ±∞ in b propagate into x by IEEE arithmetic (the `_work` variant
    /// skips LAPACKE's NaN scan). `solve(_:_:)` is the checking one-shot version.
    ///
    /// - Precondition: b has n rows (the message names both shapes).
    /// - Complexity: 2n²k flops.
    public func solve(_ b: Tensor) -> Tensor {
        b.solvedInColumnMajor(order: order, caller: "LU.solve") { x, k in
            let info = LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), LAPACKInt(order), LAPACKInt(k),
                                      packed, LAPACKInt(order), pivots, &x, LAPACKInt(order))
            checkArguments(info, "dgetrs")
        }
    }

    /// det(A) = (−1)^(number of row interchanges) · Πᵢ Uᵢᵢ, or ±∞ / a subnormal or 0 when |det A|
    /// is outside the range of `Double`; `scaledDeterminant` and `logAbsDeterminant` never leave it.
    public var determinant: Double {
        let (significand, exponent) = scaledDeterminant
        return significand == 0 ? 0 : Double(sign: significand < 0 ? .minus : .plus, exponent: exponent,
                                              significand: Swift.abs(significand))
    }

    /// det A = significand · 2^exponent with 1 ≤ |significand| < 2 (or significand = 0 for a
    /// singular factorization), accumulated with the exponents kept apart so no intermediate
    /// product overflows or underflows: the same rounding as the plain product, over any range.
    public var scaledDeterminant: (significand: Double, exponent: Int) {
        var significand = permutationSign
        var exponent = 0
        for i in 0..<order {
            let u = packed[i * order + i]
            if u == 0 { return (0, 0) }
            significand *= u.sign == .minus ? -u.significand : u.significand
            exponent += Int(u.exponent)
            if Swift.abs(significand) >= 2 {
                significand /= 2
                exponent += 1
            }
        }
        return (significand, exponent)
    }

    /// (sign, log|det A|) such that det A = sign · exp(logAbs), without overflow (NumPy's `slogdet`),
    /// from `scaledDeterminant`: log|det| = log|significand| + exponent·log 2.
    /// For a singular factorization the sign is 0 and logAbs is −∞.
    public var logAbsDeterminant: (sign: Double, logAbs: Double) {
        let (significand, exponent) = scaledDeterminant
        if significand == 0 { return (0, -.infinity) }
        return (significand < 0 ? -1 : 1, log(Swift.abs(significand)) + Double(exponent) * M_LN2)
    }

    /// A⁻¹ from the stored factors (LAPACK `dgetri`, which inverts U and then solves for A⁻¹·L = U⁻¹).
    ///
    /// Prefer `solve` when only A⁻¹·b is needed: it is cheaper and more accurate. Entries may
    /// overflow to ±∞ for a nearly singular A; `Tensor.inverse()` checks for that and throws.
    /// - Complexity: 4⁄3·n³ flops.
    public func inverse() -> Tensor {
        if order == 0 { return Tensor.zeros([0, 0]) }
        var inverse = packed
        let info = LAPACKE_dgetri(LAPACK_COL_MAJOR, LAPACKInt(order), &inverse, LAPACKInt(order), pivots)
        checkArguments(info, "dgetri")
        // info > 0 cannot happen: init rejected a zero pivot; the factors are finite (checked in
        // `factor`), so LAPACKE's NaN scan of them cannot report an illegal argument.
        return Tensor(shape: [order, order], scalars: inverse).transposed
    }

    /// The unit lower-triangular factor L (n × n).
    public var l: Tensor {
        let n = order
        return Tensor(rows: n, columns: n) { i, j in i == j ? 1 : (i > j ? packed[i + j * n] : 0) }
    }

    /// The upper-triangular factor U (n × n).
    public var u: Tensor {
        let n = order
        return Tensor(rows: n, columns: n) { i, j in i <= j ? packed[i + j * n] : 0 }
    }

    /// The row permutation: row i of P·A is row `permutation[i]` of A, so
    /// `a.gatherRows(lu.permutation) ≈ lu.l.matmul(lu.u)`.
    public var permutation: [Int] {
        var rows = Array(0..<order)
        for i in 0..<order { rows.swapAt(i, Int(pivots[i]) - 1) }
        return rows
    }

    /// det P = ±1: each interchange of two distinct rows flips the sign.
    private var permutationSign: Double {
        var sign = 1.0
        for i in 0..<order where Int(pivots[i]) - 1 != i { sign = -sign }
        return sign
    }
}
