// Matrix norms and the condition number.

extension Tensor {
    /// A matrix norm (NumPy's `norm(A, ord)` for a 2-D array):
    ///
    /// - `.one`: max column sum maxⱼ Σᵢ|aᵢⱼ|; `.infinity`: max row sum maxᵢ Σⱼ|aᵢⱼ|;
    /// - `.frobenius`: √(Σᵢⱼ aᵢⱼ²); `.two`: the spectral norm σ₁; `.nuclear`: Σᵢ σᵢ.
    ///
    /// The sums are compensated (see `Tensor.sum()`), and the Frobenius norm is `norm(.two)` of
    /// the entries: within one ulp of the exact value for every finite matrix, without overflow
    /// or underflow. The empty matrix has norm 0.
    /// - Throws: `.unsupported` for a non-matrix, `.nonFinite` naming the first bad entry.
    /// - Complexity: O(mn) for 1, ∞, Frobenius; O(mn·min(m, n)) for 2 and nuclear (singular values only).
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §2.3.
    public func matrixNorm(_ kind: NormKind) throws -> Double {
        try requireFiniteMatrix("norm")
        switch kind {
        case .one:
            return DescentCore.abs(self).sum(alongAxis: 0).scalars.max() ?? 0
        case .infinity:
            return DescentCore.abs(self).sum(alongAxis: 1).scalars.max() ?? 0
        case .frobenius:
            return norm(.frobenius)
        case .two:
            return try SVD.singularValues(of: self, operation: "norm").scalars.first ?? 0
        case .nuclear:
            return try SVD.singularValues(of: self, operation: "norm").sum()
        }
    }

    /// The 2-norm condition number κ₂(A) = σ₁ / σₖ, k = min(m, n) (NumPy's `cond`).
    ///
    /// ∞ when σₖ = 0 (singular or rank-deficient); roughly, solving A·x = b loses log₁₀ κ digits.
    /// - Throws: `.unsupported` for a non-matrix or an empty one (κ is undefined without singular
    ///   values), `.nonFinite` naming the first bad entry.
    /// - Complexity: O(mn·min(m, n)) flops (singular values only).
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §2.6.
    public func conditionNumber() throws -> Double {
        // A ratio: computed on 2^e·A, so it is finite whenever it exists, even if σ₁(A) overflows.
        let s = try SVD.scaledSingularValues(of: self, operation: "cond").values
        guard let largest = s.first, let smallest = s.last else {
            throw LinearAlgebraError.unsupported(operation: "cond", reason: "the condition number of an empty matrix of shape \(LinearAlgebraError.format(shape)) is undefined")
        }
        return smallest == 0 ? .infinity : largest / smallest
    }
}
