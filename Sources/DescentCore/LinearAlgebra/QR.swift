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
    /// - Throws: `.unsupported` for a tensor that is not a matrix, `.nonFinite` naming the first bad entry,
    ///   `.overflow` when R's entries (column norms) exceed the Double range.
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
        // R's entries are bounded by column norms, which can exceed the Double range for finite A;
        // checking here also keeps ∞/NaN away from dorgqr (LAPACKE would trap on it).
        // Both the reflectors/R (work) and the scalar factors (tau) must be checked: for a single
        // column of norm > 1.8e308, OpenBLAS leaves R finite but τ = NaN.
        try requireNoOverflow(work, "QR", stage: "the Householder QR factorization")
        try requireNoOverflow(tau, "QR", stage: "the Householder QR factorization")
        r = work.withUnsafeBufferPointer { buffer in
            Tensor(rows: k, columns: n) { i, j in i <= j ? buffer[i + j * m] : 0 }
        }
        info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, LAPACKInt(m), LAPACKInt(k), LAPACKInt(k), &work, LAPACKInt(m), tau)
        checkArguments(info, "dorgqr")
        q = work.withUnsafeBufferPointer { Tensor(rows: m, columns: k, columnMajor: $0, leading: m) }
    }
}
