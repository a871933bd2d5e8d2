import CLAPACK

/// The minimum-norm least-squares solution of A·x ≈ b (LAPACK `dgelsd`, SVD with divide and conquer).
///
/// Minimizes ‖b − A·x‖₂ and, among all minimizers, ‖x‖₂, for any m × n matrix A (over- or
/// underdetermined, rank-deficient or not). Singular values σᵢ ≤ rcond·σ₁ count as zero, which
/// fixes the effective rank. Equivalent to x = A⁺·b with that cutoff.
///
/// Unlike NumPy's `lstsq`, whose `residuals` are empty when rank < n or m ≤ n, the residual is
/// always computed here, as ‖b − A·x‖ from the solution.
///
/// - Complexity: O(mn·min(m, n)) flops for the SVD, plus O(mnk) for k right-hand sides.
/// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.5; LAPACK `dgelsd`.
public struct LeastSquares: Sendable {
    /// x: `[n]` for a vector b, `[n, k]` for a matrix B.
    public let solution: Tensor
    /// ‖bⱼ − A·xⱼ‖₂² for each right-hand side column j (one entry for a vector b).
    public let residualSumsOfSquares: [Double]
    /// The effective rank: the number of singular values above rcond·σ₁.
    public let rank: Int
    /// The singular values of A, descending, `[min(m, n)]`.
    public let singularValues: Tensor
    /// The relative cutoff actually used: the `rcond` given, ε·max(m, n) by default, or the unit
    /// roundoff 2⁻⁵³ (LAPACK's `dlamch('E')`) for `rcond: 0`.
    public let rcond: Double

    /// ‖B − A·X‖_F: the 2-norm of the residual for a vector b, the Frobenius norm for a matrix B.
    public var residualNorm: Double { residualSumsOfSquares.reduce(0, +).squareRoot() }

    /// Solves the least-squares problem.
    ///
    /// - Parameters:
    ///   - a: an m × n matrix.
    ///   - b: a vector `[m]` or a matrix `[m, k]`.
    ///   - rcond: relative cutoff for small singular values, 0 ≤ rcond < 1; default ε·max(m, n)
    ///     (NumPy's default); 0 means the unit roundoff 2⁻⁵³, as in LAPACK.
    /// - Throws: `.shapeMismatch` naming both shapes when b does not have m rows, `.unsupported` when
    ///   A is not a matrix or rcond is outside [0, 1) or NaN, `.nonFinite` naming the first bad entry
    ///   of A or b, `.overflow` when the solution of the finite problem exceeds the Double range.
    public init(_ a: Tensor, _ b: Tensor, rcond: Double? = nil) throws {
        let operation = "lstsq"
        if let rcond { try LeastSquares.requireValidCutoff(rcond) }
        try a.requireFiniteMatrix(operation)
        let (m, n) = (a.shape[0], a.shape[1])
        guard (b.rank == 1 || b.rank == 2) && b.shape[0] == m else {
            throw LinearAlgebraError.shapeMismatch(operation: operation, shapes: [a.shape, b.shape])
        }
        try b.requireFinite(operation)
        let k = b.rightHandSideColumns
        // dlalsd silently replaces rcond ≤ 0 or ≥ 1 by dlamch('E') = 2⁻⁵³; rcond ≥ 1 is rejected
        // above and 0 is replaced here, so the value reported is the value LAPACK uses.
        let cutoff = rcond.map { $0 == 0 ? Double.ulpOfOne / 2 : $0 } ?? Double.ulpOfOne * Double(Swift.max(m, n))
        self.rcond = cutoff
        let solutionShape = b.rank == 1 ? [n] : [n, k]
        guard m > 0 && n > 0 && k > 0 else {
            solution = Tensor.zeros(solutionShape)
            rank = 0
            singularValues = Tensor.zeros([Swift.min(m, n)])
            residualSumsOfSquares = LeastSquares.columnSumsOfSquares(b.asColumn)
            return
        }
        var work = a.columnMajorScalars
        // dgelsd overwrites B (max(m, n) × k, column-major) with X in its first n rows.
        let ldb = Swift.max(m, n)
        var x = [Double](repeating: 0, count: ldb * k)
        let bColumns = b.asColumn
        for j in 0..<k { for i in 0..<m { x[i + j * ldb] = bColumns.scalars[i * k + j] } }
        var s = [Double](repeating: 0, count: Swift.min(m, n))
        var effectiveRank: LAPACKInt = 0
        let info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, LAPACKInt(m), LAPACKInt(n), LAPACKInt(k), &work, LAPACKInt(m),
                                  &x, LAPACKInt(ldb), &s, cutoff, &effectiveRank)
        checkArguments(info, "dgelsd")
        if info > 0 { throw LinearAlgebraError.didNotConverge(operation: operation, info: Int(info)) }
        try requireNoOverflow(s, operation, stage: "the singular value decomposition")
        try requireNoOverflow(x, operation, stage: "the least-squares solve")
        let xMatrix = x.withUnsafeBufferPointer { Tensor(rows: n, columns: k, columnMajor: $0, leading: ldb) }
        solution = b.rank == 1 ? xMatrix.reshaped([n]) : xMatrix
        rank = Int(effectiveRank)
        singularValues = Tensor(s)
        residualSumsOfSquares = LeastSquares.columnSumsOfSquares(bColumns - matmul(a, xMatrix))
    }

    /// Throws `.unsupported` unless 0 ≤ rcond < 1 (NaN included): LAPACK would silently use 2⁻⁵³
    /// for rcond ≥ 1 instead of the rank-0 cutoff asked for. Shared with the CLI's option check.
    public static func requireValidCutoff(_ rcond: Double) throws {
        guard rcond >= 0 && rcond < 1 else {
            throw LinearAlgebraError.unsupported(
                operation: "lstsq", reason: "rcond must satisfy 0 ≤ rcond < 1 (0 means machine precision), got \(rcond)")
        }
    }

    /// Σᵢ Mᵢⱼ² for each column j.
    static func columnSumsOfSquares(_ m: Tensor) -> [Double] {
        (m * m).sum(alongAxis: 0).scalars
    }
}
