import CLAPACK

/// The reduced QR factorization A = Q·R of an m × n matrix (LAPACK `dgeqrf` + `dorgqr`).
///
/// With k = min(m, n), Q is m × k with orthonormal columns (QᵀQ = Iₖ) and R is k × n upper
/// triangular (upper trapezoidal when n > k). Householder reflections; R's diagonal may be
/// negative (LAPACK's and NumPy's convention — no sign normalization).
///
/// - Complexity: 2mn² − ⅔n³ flops for the factorization plus the same again to form Q (m ≥ n).
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.2; LAPACK `dgeqrf`, `dorgqr`.
public struct QR: Sendable {
    /// The m × k factor with orthonormal columns.
    public let q: Tensor
    /// The k × n upper-triangular factor.
    public let r: Tensor

    /// Factors any finite matrix (empty ones included).
    ///
    /// - Throws: `.unsupported` for a tensor that is not a matrix, or when the factorization overflows
    ///   (finite entries whose column norms exceed the largest double, ≈ 1.8e308: `dgeqrf`, unlike
    ///   `dgesdd`, does not rescale); `.nonFinite` naming the first bad entry.
    public init(_ a: Tensor) throws {
        try a.requireFiniteMatrix("QR")
        let (m, n) = (a.shape[0], a.shape[1])
        let k = Swift.min(m, n)
        guard k > 0 else {
            q = Tensor.zeros([m, 0])
            r = Tensor.zeros([0, n])
            return
        }
        var work = a.columnMajorScalars
        var tau = [Double](repeating: 0, count: k)
        var info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, LAPACKInt(m), LAPACKInt(n), &work, LAPACKInt(m), &tau)
        checkArguments(info, "dgeqrf")
        // Overflow leaves ∞/NaN in the reflectors; dorgqr would then refuse them (LAPACKE's NaN check).
        if let p = work.firstIndex(where: { !$0.isFinite }) ?? tau.firstIndex(where: { !$0.isFinite }).map({ $0 * (m + 1) }) {
            throw LinearAlgebraError.unsupported(
                operation: "QR",
                reason: "the factorization overflowed at column \(Swift.min(p / m, n - 1)) (a column norm exceeds the largest double, about 1.8e308); scale the matrix down")
        }
        r = work.withUnsafeBufferPointer { buffer in
            Tensor(rows: k, columns: n) { i, j in i <= j ? buffer[i + j * m] : 0 }
        }
        info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, LAPACKInt(m), LAPACKInt(k), LAPACKInt(k), &work, LAPACKInt(m), tau)
        checkArguments(info, "dorgqr")
        q = work.withUnsafeBufferPointer { Tensor(rows: m, columns: k, columnMajor: $0, leading: m) }
    }
}
