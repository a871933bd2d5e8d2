// Determinants through the LU factorization.

extension Tensor {
    /// det A = (−1)^(row interchanges) · Πᵢ Uᵢᵢ from P·A = L·U (LAPACK `dgetrf`).
    ///
    /// Exactly 0 for an exactly singular matrix; 1 for the empty 0 × 0 matrix (the empty product).
    /// The product is accumulated with its exponent apart (`LU.scaledDeterminant`), so no
    /// intermediate overflows; when |det A| itself is outside the normal range of `Double`, this
    /// throws rather than return ±∞, or a 0 that would read as "singular".
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry, `.overflow`
    ///   when the LU factors themselves overflow (then even the sign is unknown),
    ///   `.determinantOutOfRange` with the sign and log|det A| when |det A| > 1.8e308 or < 2.2e-308
    ///   (`logAbsDeterminant()` gives them without throwing).
    /// - Complexity: ⅔n³ flops.
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4.
    public func determinant() throws -> Double {
        let (lu, info) = try LU.factor(self, operation: "determinant")
        if info > 0 { return 0 }
        let (significand, exponent) = lu.scaledDeterminant
        guard significand == 0 || (Int(Double.leastNormalMagnitude.exponent)...Int(Double.greatestFiniteMagnitude.exponent)).contains(exponent) else {
            let (sign, logAbs) = lu.logAbsDeterminant
            throw LinearAlgebraError.determinantOutOfRange(sign: sign, logAbs: logAbs)
        }
        return lu.determinant
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
