import CLAPACK

/// The 1-norm ‖A‖₁ = maxⱼ Σᵢ |aᵢⱼ| held as `scale · ratio` with scale = maxᵢⱼ |aᵢⱼ|, so that it
/// never overflows: for entries near the largest double the plain column sums would be ∞, and an
/// estimate 1/(‖A‖·‖A⁻¹‖) built on them would call every such matrix singular.
struct ScaledOneNorm: Sendable {
    /// max |aᵢⱼ| (0 for a zero matrix).
    let scale: Double
    /// ‖A‖₁ / scale, in [1, n] (0 for a zero matrix).
    let ratio: Double

    /// The norm of the n × n matrix stored row-major in `a`; with `symmetricFromLower`, only the
    /// lower triangle is read and mirrored (as Cholesky reads A).
    init(rowMajor a: [Double], order n: Int, symmetricFromLower: Bool = false) {
        func entry(_ i: Int, _ j: Int) -> Double {
            symmetricFromLower && j > i ? a[j * n + i] : a[i * n + j]
        }
        var largest = 0.0
        for i in 0..<n {
            for j in 0..<n { largest = Swift.max(largest, Swift.abs(entry(i, j))) }
        }
        scale = largest
        guard largest > 0 else {
            ratio = 0
            return
        }
        var best = 0.0
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += Swift.abs(entry(i, j)) / largest }
            best = Swift.max(best, sum)
        }
        ratio = best
    }

    /// rcond = 1 / (‖A‖₁·‖A⁻¹‖₁) from LAPACK's estimate of 1/‖A⁻¹‖₁ (its `rcond` for anorm = 1),
    /// divided in an order that cannot overflow.
    func reciprocalCondition(inverseNormReciprocal r: Double) -> Double {
        guard scale > 0, r.isFinite else { return 0 }
        return (r / scale) / ratio
    }

    /// rcond of an n × n factored matrix with this norm: `estimate` calls LAPACK's `?xxcon` with
    /// anorm = 1 (so it returns 1/‖A⁻¹‖₁ est.) and gives back its `info`.
    func reciprocalCondition(order n: Int, routine: String, _ estimate: (inout Double) -> LAPACKInt) -> Double {
        guard n > 0 else { return 1 }
        var r = 0.0
        checkArguments(estimate(&r), routine)
        return reciprocalCondition(inverseNormReciprocal: r)
    }
}

extension LU {
    /// An estimate of the reciprocal condition number rcond = 1/κ₁(A) = 1/(‖A‖₁·‖A⁻¹‖₁), from the
    /// stored factors (LAPACK `dgecon`, Hager–Higham's estimator of ‖A⁻¹‖₁, O(n²)).
    ///
    /// The estimate of ‖A⁻¹‖₁ is a lower bound that is exact or within a small factor in practice,
    /// so the returned value is at least the true rcond. Below ε ≈ 2.2e-16 the matrix is singular to
    /// working precision and a solution of A·x = b can have no correct digits; SciPy warns there,
    /// Descent's `solve` and `inverse` refuse by default.
    /// - Returns: a value in [0, 1]; 1 for the empty matrix.
    /// - Reference: N. J. Higham, *Accuracy and Stability of Numerical Algorithms* (2nd ed.), §15.3.
    public func reciprocalConditionEstimate() -> Double {
        oneNorm.reciprocalCondition(order: order, routine: "dgecon") { r in
            LAPACKE_dgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), LAPACKInt(order), packed, LAPACKInt(order), 1, &r)
        }
    }
}

extension Cholesky {
    /// An estimate of the reciprocal condition number 1/κ₁(A) of the symmetric positive-definite A
    /// from its Cholesky factor (LAPACK `dpocon`); see `LU.reciprocalConditionEstimate()`.
    public func reciprocalConditionEstimate() -> Double {
        oneNorm.reciprocalCondition(order: order, routine: "dpocon") { r in
            LAPACKE_dpocon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), LAPACKInt(order), packed, LAPACKInt(order), 1, &r)
        }
    }
}

/// Throws `.illConditioned` when `rcond` < ε unless the caller allows it: the shared policy of
/// `solve` and `inverse`.
func requireWellConditioned(_ rcond: Double, _ operation: String, allowing: Bool) throws {
    if !allowing && rcond < Double.ulpOfOne {
        throw LinearAlgebraError.illConditioned(operation: operation, reciprocalCondition: rcond)
    }
}
