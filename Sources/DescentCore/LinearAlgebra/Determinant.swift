// Determinants through the LU factorization.

extension Tensor {
    /// det A = (−1)^(row interchanges) · Πᵢ Uᵢᵢ from P·A = L·U (LAPACK `dgetrf`).
    ///
    /// Exactly 0 for an exactly singular matrix; 1 for the empty 0 × 0 matrix (the empty product).
    /// Overflows to ±∞ for large n with large entries: use `logAbsDeterminant()` then.
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry, `.overflow`
    ///   when the LU factors themselves overflow (then even the sign is unknown).
    /// - Complexity: ⅔n³ flops.
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4.
    public func determinant() throws -> Double {
        let (lu, info) = try LU.factor(self, operation: "determinant")
        return info > 0 ? 0 : lu.determinant
    }

    /// (sign, log|det A|) with det A = sign · exp(logAbs), computed without overflow (NumPy's `slogdet`).
    ///
    /// A singular matrix gives (0, −∞); the 0 × 0 matrix gives (1, 0).
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry, `.overflow`
    ///   when the LU factors overflow.
    /// - Complexity: ⅔n³ flops.
    public func logAbsDeterminant() throws -> (sign: Double, logAbs: Double) {
        let (lu, info) = try LU.factor(self, operation: "logAbsDeterminant")
        return info > 0 ? (0, -.infinity) : lu.logAbsDeterminant
    }
}
