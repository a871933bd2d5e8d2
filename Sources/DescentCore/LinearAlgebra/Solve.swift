// Linear systems and inverses through the LU factorization.

/// Solves the square system A·x = b (LU with partial pivoting, LAPACK `dgetrf` + `dgetrs`).
///
/// - Parameters:
///   - a: an n × n matrix.
///   - b: a vector `[n]` (result `[n]`) or a matrix `[n, k]` (result `[n, k]`).
/// - Throws: `.notSquare`, `.shapeMismatch` naming both shapes, `.nonFinite` naming the first bad
///   entry of A or b, `.singular(pivot:)` naming the zero pivot when A is exactly singular.
///   A nearly singular A is solved without complaint; check `conditionNumber()` if in doubt.
/// - Complexity: ⅔n³ + 2n²k flops.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4.
public func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try a.requireSquare("solve")
    guard (b.rank == 1 || b.rank == 2) && b.shape[0] == a.shape[0] else {
        throw LinearAlgebraError.shapeMismatch(operation: "solve", shapes: [a.shape, b.shape])
    }
    try b.requireFinite("solve")
    return try LU(a, operation: "solve").solve(b)
}

extension Tensor {
    /// The inverse A⁻¹ of a square matrix, A·A⁻¹ = I (LAPACK `dgetrf` + `dgetri`).
    ///
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.singular(pivot:)` naming the
    ///   zero pivot. For a rank-deficient or rectangular matrix use `pseudoinverse()`.
    /// - Complexity: 2n³ flops.
    public func inverse() throws -> Tensor {
        try LU(self, operation: "inverse").inverse()
    }
}
