import CLAPACK
import Foundation

/// The Cholesky factorization A = L·Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Only the lower triangle of A is read (the upper one is assumed to mirror it), as in NumPy's
/// `cholesky` and LAPACK with `uplo = 'L'`.
///
/// - Complexity: ⅓n³ flops to factor, 2n² per right-hand side to solve.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §4.2; LAPACK `dpotrf`/`dpotrs`.
public struct Cholesky: Sendable {
    /// The factor in LAPACK's column-major layout with `uplo = 'U'` (A = UᵀU): read row-major it
    /// holds L = Uᵀ in its lower triangle, because a row-major buffer is the column-major transpose.
    let packed: [Double]
    /// The order n.
    public let order: Int
    /// ‖A‖₁ of the factored matrix (from its lower triangle), for the condition estimate.
    let oneNorm: ScaledOneNorm

    /// Factors a symmetric positive-definite matrix.
    ///
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.notPositiveDefinite(minor:)`
    ///   with the 1-based order of the first leading minor that is not positive, or `.overflow`.
    public init(_ a: Tensor) throws {
        try a.requireFiniteSquare("Cholesky")
        let n = a.shape[0]
        var packed = a.scalars
        if n > 0 {
            // Column-major 'U' of the row-major buffer = row-major lower triangle: no transpose needed.
            let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), LAPACKInt(n), &packed, LAPACKInt(n))
            checkArguments(info, "dpotrf")
            if info > 0 { throw LinearAlgebraError.notPositiveDefinite(operation: "Cholesky", minor: Int(info)) }
            // For an SPD A, |Lᵢⱼ| ≤ √aᵢᵢ in exact arithmetic; check anyway, as LU does, so that a
            // factor handed to later solves is finite by construction.
            try requireNoOverflow(packed, "Cholesky", stage: "the Cholesky factorization")
        }
        self.packed = packed
        self.order = n
        self.oneNorm = ScaledOneNorm(rowMajor: a.scalars, order: n, symmetricFromLower: true)
    }

    /// The lower-triangular factor L with positive diagonal, A = L·Lᵀ.
    public var l: Tensor {
        let n = order
        return Tensor(rows: n, columns: n) { i, j in j <= i ? packed[i * n + j] : 0 }
    }

    /// Solves A·x = b for a vector `[n]` or a matrix `[n, k]` by two triangular solves (LAPACK `dpotrs`).
    ///
    /// Does not validate b: NaN or ±∞ in b propagate into x by IEEE arithmetic, as in `LU.solve`.
    ///
    /// - Precondition: b has n rows (the message names both shapes).
    /// - Complexity: 2n²k flops.
    public func solve(_ b: Tensor) -> Tensor {
        b.solvedInColumnMajor(order: order, caller: "Cholesky.solve") { x, k in
            let info = LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), LAPACKInt(order), LAPACKInt(k),
                                      packed, LAPACKInt(order), &x, LAPACKInt(order))
            checkArguments(info, "dpotrs")
        }
    }

    /// log det A = 2·Σᵢ log Lᵢᵢ (A is positive definite, so det A > 0 and this never overflows).
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<order { sum += log(packed[i * order + i]) }
        return 2 * sum
    }
}
