// The Moore–Penrose pseudoinverse.

extension Tensor {
    /// The Moore–Penrose pseudoinverse A⁺ = V·Σ⁺·Uᵀ (n × m), inverting the singular values
    /// σᵢ > rcond·σ₁ and zeroing the others (NumPy's `pinv`).
    ///
    /// A⁺ satisfies A·A⁺·A = A, A⁺·A·A⁺ = A⁺, and A·A⁺, A⁺·A symmetric; A⁺ = A⁻¹ for invertible A.
    /// - Parameter rcond: relative cutoff; default 1e-15, NumPy's default.
    /// - Throws: `.unsupported` for a non-matrix, `.nonFinite` naming the first bad entry, `.overflow`
    ///   when σ₁ or some 1/σᵢ exceeds the Double range.
    /// - Complexity: O(mn·min(m, n)) flops (reduced SVD plus one product).
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.5.2.
    public func pseudoinverse(rcond: Double = 1e-15) throws -> Tensor {
        let svd = try SVD(self, full: false, operation: "pseudoinverse")
        let (m, n) = (shape[0], shape[1])
        let s = svd.singularValues.scalars
        guard let largest = s.first else { return Tensor.zeros([n, m]) }
        let cutoff = rcond * largest
        // A⁺ = (Vᵀ)ᵀ · diag(1/σ) · Uᵀ: scale the rows of Vᵀ, then one GEMM.
        let k = s.count
        var scaledVt = svd.vt
        for i in 0..<k {
            let inverseSigma = s[i] > cutoff ? 1 / s[i] : 0
            for j in 0..<n { scaledVt.scalars[i * n + j] *= inverseSigma }
        }
        let result = DescentCore.matmul(scaledVt, svd.u, transposeA: true, transposeB: true)
        // 1/σ overflows for a (sub)normal σ below ≈ 5.6e-309 that survives the relative cutoff.
        try requireNoOverflow(result.scalars, "pseudoinverse", stage: "the inversion of the singular values")
        return result
    }
}
