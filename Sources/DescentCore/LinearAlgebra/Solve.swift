// Linear systems and inverses through the LU factorization.

/// Solves the square system A·x = b (LU with partial pivoting, LAPACK `dgetrf` + `dgetrs`).
///
/// - Parameters:
///   - a: an n × n matrix.
///   - b: a vector `[n]` (result `[n]`) or a matrix `[n, k]` (result `[n, k]`).
///   - allowingIllConditioned: solve even when A is singular to working precision.
/// - Throws: `.notSquare`, `.shapeMismatch` naming both shapes, `.nonFinite` naming the first bad
///   entry of A or b, `.singular(pivot:)` naming the zero pivot when A is exactly singular,
///   `.illConditioned` when the estimated 1/κ₁(A) (`LU.reciprocalConditionEstimate()`) is below
///   ε — LAPACK would return digits that are all rounding error (a 13 × 13 Hilbert matrix, a
///   rank-deficient matrix whose zero pivot rounding hid) — unless `allowingIllConditioned`,
///   `.overflow` when the factors or x exceed the Double range although A and b are finite.
/// - Complexity: ⅔n³ + 2n²k flops, plus O(n²) for the condition estimate.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §3.4.
public func solve(_ a: Tensor, _ b: Tensor, allowingIllConditioned: Bool = false) throws -> Tensor {
    try solveEstimatingCondition(a, b, allowingIllConditioned: allowingIllConditioned).solution
}

/// `solve(_:_:allowingIllConditioned:)` that also returns the estimated reciprocal condition
/// number 1/κ₁(A) it checked (`LU.reciprocalConditionEstimate()`), for reports.
/// - Throws: as `solve`.
public func solveEstimatingCondition(_ a: Tensor, _ b: Tensor, allowingIllConditioned: Bool = false) throws
    -> (solution: Tensor, reciprocalCondition: Double) {
    try a.requireSquare("solve")
    guard (b.rank == 1 || b.rank == 2) && b.shape[0] == a.shape[0] else {
        throw LinearAlgebraError.shapeMismatch(operation: "solve", shapes: [a.shape, b.shape])
    }
    try b.requireFinite("solve")
    let lu = try LU(a, operation: "solve")
    let rcond = lu.reciprocalConditionEstimate()
    try requireWellConditioned(rcond, "solve", allowing: allowingIllConditioned)
    let x = lu.solve(b)
    // Finite A and b can still give a solution beyond the Double range (tiny pivots).
    try requireNoOverflow(x.scalars, "solve", stage: "the triangular solves")
    return (x, rcond)
}

extension Tensor {
    /// The inverse A⁻¹ of a square matrix, A·A⁻¹ = I (LAPACK `dgetrf` + `dgetri`).
    ///
    /// - Parameter allowingIllConditioned: invert even when A is singular to working precision.
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.singular(pivot:)` naming the
    ///   zero pivot, `.illConditioned` when the estimated 1/κ₁(A) is below ε (unless allowed),
    ///   `.overflow` when the factors or A⁻¹ exceed the Double range although A is finite.
    ///   For a rank-deficient or rectangular matrix use `pseudoinverse()`.
    /// - Complexity: 2n³ flops.
    public func inverse(allowingIllConditioned: Bool = false) throws -> Tensor {
        try inverseEstimatingCondition(allowingIllConditioned: allowingIllConditioned).inverse
    }

    /// `inverse(allowingIllConditioned:)` that also returns the estimated 1/κ₁(A) it checked.
    /// - Throws: as `inverse`.
    public func inverseEstimatingCondition(allowingIllConditioned: Bool = false) throws
        -> (inverse: Tensor, reciprocalCondition: Double) {
        let lu = try LU(self, operation: "inverse")
        let rcond = lu.reciprocalConditionEstimate()
        try requireWellConditioned(rcond, "inverse", allowing: allowingIllConditioned)
        let inverse = lu.inverse()
        try requireNoOverflow(inverse.scalars, "inverse", stage: "the inversion of the LU factors")
        return (inverse, rcond)
    }
}
