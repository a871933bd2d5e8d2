import CLAPACK

/// The eigendecomposition A = V·Λ·Vᵀ of a real symmetric matrix (LAPACK `dsyevd`, divide and conquer).
///
/// Eigenvalues are real and ascending; eigenvectors are orthonormal columns of V, so A·V = V·Λ and
/// VᵀV = I. Only the lower triangle of A is read (NumPy's `eigh` default, `UPLO='L'`).
///
/// Sign convention: each eigenvector is scaled by ±1 so that its entry of largest magnitude (the
/// first such on ties) is positive. Eigenvectors of a repeated eigenvalue span the eigenspace but
/// are otherwise arbitrary.
///
/// - Complexity: about 9n³ flops (4⁄3n³ for the tridiagonal reduction plus divide and conquer).
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.3–8.4; Gu & Eisenstat (1995),
///   "A divide-and-conquer algorithm for the symmetric tridiagonal eigenproblem".
public struct SymmetricEigen: Sendable {
    /// The n eigenvalues λ₁ ≤ … ≤ λₙ as a vector `[n]`.
    public let eigenvalues: Tensor
    /// The n × n matrix V whose column j is the unit eigenvector for `eigenvalues[j]`.
    public let eigenvectors: Tensor

    /// Diagonalizes a symmetric matrix.
    ///
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.didNotConverge` if the
    ///   divide-and-conquer iteration fails (LAPACK `info` > 0, practically never), `.overflow` when
    ///   eigenvalues of the finite A exceed the Double range.
    public init(_ a: Tensor) throws {
        try a.requireFiniteSquare("SymmetricEigen")
        let n = a.shape[0]
        guard n > 0 else {
            eigenvalues = Tensor.zeros([0])
            eigenvectors = Tensor.zeros([0, 0])
            return
        }
        // A symmetric row-major buffer is its own column-major transpose; 'U' in column-major reads
        // the row-major lower triangle.
        var work = a.scalars
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")),
                                  LAPACKInt(n), &work, LAPACKInt(n), &w)
        checkArguments(info, "dsyevd")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: "SymmetricEigen", info: Int(info)) }
        // |λ| ≤ ‖A‖_F can exceed the Double range for finite A.
        try requireNoOverflow(w, "SymmetricEigen", stage: "the eigenvalue computation")
        try requireNoOverflow(work, "SymmetricEigen", stage: "the eigenvector computation")
        // Column j of V is contiguous in the column-major output; fix its sign, then transpose.
        work.withUnsafeMutableBufferPointer { v in
            for j in 0..<n {
                let column = UnsafeMutableBufferPointer(rebasing: v[(j * n)..<((j + 1) * n)])
                if Tensor.largestEntrySign(UnsafeBufferPointer(column)) < 0 {
                    for i in column.indices { column[i] = -column[i] }
                }
            }
        }
        eigenvalues = Tensor(w)
        eigenvectors = work.withUnsafeBufferPointer { Tensor(rows: n, columns: n, columnMajor: $0, leading: n) }
    }
}
