import CLAPACK

/// The 1-norm ‖A‖₁ = maxⱼ Σᵢ |aᵢⱼ| held as `scale · ratio` with scale ≈ maxᵢⱼ |aᵢⱼ|, so that it
/// never overflows: for entries near the largest double the plain column sums would be ∞, and an
/// estimate 1/(‖A‖·‖A⁻¹‖) built on them would call every such matrix singular.
struct ScaledOneNorm: Sendable {
    /// The power of two 2^e with 2^e ≤ max |aᵢⱼ| < 2^(e+1) (0 for a zero matrix).
    let scale: Double
    /// ‖A‖₁ / scale, in [1, 2n) (0 for a zero matrix).
    let ratio: Double

    /// The norm of the n × n matrix stored row-major in `a`; with `symmetricFromLower`, only the
    /// lower triangle is read and mirrored (as Cholesky reads A).
    init(rowMajor a: [Double], order n: Int, symmetricFromLower: Bool = false) {
        // Two sequential passes over the row-major buffer (a column-wise walk is strided and was
        // a visible share of `solve` for n = 2000): the largest entry, then all column sums at once,
        // each term scaled by a power of two near 1/max|a| (exact, so the sums cannot overflow).
        let largest = a.withUnsafeBufferPointer { buffer in
            buffer.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        }
        guard largest > 0 else {
            scale = 0
            ratio = 0
            return
        }
        // Clamped so that 1/2^e stays finite for a matrix of subnormal entries.
        let inverse = Double(sign: .plus, exponent: -Swift.max(largest.exponent, -1022), significand: 1)
        var sums = [Double](repeating: 0, count: n)
        a.withUnsafeBufferPointer { buffer in
            for i in 0..<n {
                let row = i * n
                if symmetricFromLower {
                    // Only the lower triangle is read: aᵢⱼ (j ≤ i) counts in column j and, mirrored, in column i.
                    for j in 0..<i {
                        let v = Swift.abs(buffer[row + j]) * inverse
                        sums[j] += v
                        sums[i] += v
                    }
                    sums[i] += Swift.abs(buffer[row + i]) * inverse
                } else {
                    for j in 0..<n { sums[j] += Swift.abs(buffer[row + j]) * inverse }
                }
            }
        }
        // ‖A‖₁ = scale·ratio with scale = 2^e ≈ max|a| (a power of two, so no rounding).
        scale = 1 / inverse
        ratio = sums.max() ?? 0
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
