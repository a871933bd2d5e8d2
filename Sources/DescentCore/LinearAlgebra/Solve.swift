// Linear systems and inverses through the LU factorization.

/// Solves the square system A·x = b (LU with partial pivoting, LAPACK `dgetrf` + `dgetrs`).
///
/// - Parameters:
///   - a: an n × n matrix.
///   - b: a vector `[n]` (result `[n]`) or a matrix `[n, k]` (result `[n, k]`).
/// - Throws: `.notSquare`, `.shapeMismatch` naming both shapes, `.nonFinite` naming the first bad
///   entry of A or b, `.singular(pivot:)` naming the zero pivot when A is exactly singular,
///   `.overflow` when the factors or x exceed the Double range although A and b are finite.
///   A nearly singular A is solved without complaint; check `conditionNumber()` if in doubt.
/// - Complexity: ⅔n³ + 2n²k flops.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4.
public func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try a.requireSquare("solve")
    guard (b.rank == 1 || b.rank == 2) && b.shape[0] == a.shape[0] else {
        throw LinearAlgebraError.shapeMismatch(operation: "solve", shapes: [a.shape, b.shape])
    }
    try b.requireFinite("solve")
    let x = try LU(a, operation: "solve").solve(b)
    // Finite A and b can still give a solution beyond the Double range (tiny pivots).
    try requireNoOverflow(x.scalars, "solve", stage: "the triangular solves")
    return x
}

extension Tensor {
    /// The inverse A⁻¹ of a square matrix, A·A⁻¹ = I (LAPACK `dgetrf` + `dgetri`).
    ///
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.singular(pivot:)` naming the
    ///   zero pivot, `.overflow` when the factors or A⁻¹ exceed the Double range although A is finite.
    ///   For a rank-deficient or rectangular matrix use `pseudoinverse()`.
    /// - Complexity: 2n³ flops.
    public func inverse() throws -> Tensor {
        let inverse = try LU(self, operation: "inverse").inverse()
        try requireNoOverflow(inverse.scalars, "inverse", stage: "the inversion of the LU factors")
        return inverse
    }
}
