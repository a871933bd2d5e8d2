// The characteristic polynomial by the Faddeev–LeVerrier recurrence.

extension Tensor {
    /// The largest order `characteristicPolynomial()` accepts. The rounding error of the
    /// Faddeev–LeVerrier recurrence grows quickly with n (cancellation in the traces of ever larger
    /// matrix powers), so it is a tool for small matrices only.
    public static let characteristicPolynomialMaximumOrder = 12

    /// The coefficients of p(λ) = det(λI − A), highest degree first (NumPy's `poly(A)`):
    /// `[1, c₁, …, cₙ]` with p(λ) = λⁿ + c₁λⁿ⁻¹ + … + cₙ, so c₁ = −tr A and cₙ = (−1)ⁿ det A.
    ///
    /// Computed by the Faddeev–LeVerrier recurrence M₁ = I, cₖ = −tr(A·Mₖ)/k, Mₖ₊₁ = A·Mₖ + cₖI,
    /// which uses only products and traces: integer matrices give exact integer coefficients while
    /// they stay below 2⁵³ (e.g. [[4, 1], [2, 3]] → [1, −7, 10]). NumPy instead multiplies out the
    /// computed eigenvalues; both agree to rounding for small well-scaled matrices. The recurrence
    /// is numerically unstable for larger n (cancellation in the traces grows with n and ‖A‖), hence
    /// the size limit. The empty matrix gives [1].
    ///
    /// - Throws: `.notSquare`, `.nonFinite` naming the first bad entry, `.unsupported` above order
    ///   `characteristicPolynomialMaximumOrder` (12).
    /// - Complexity: n matrix products, O(n⁴) flops.
    /// - Reference: Householder, *The Theory of Matrices in Numerical Analysis* (1964), §6.7;
    ///   Hou (1998), "Classroom note: A simple construction for the Faddeev–LeVerrier method", SIAM Review 40(3).
    public func characteristicPolynomial() throws -> [Double] {
        try requireFiniteSquare("characteristicPolynomial")
        let n = shape[0]
        guard n <= Tensor.characteristicPolynomialMaximumOrder else {
            throw LinearAlgebraError.unsupported(
                operation: "characteristicPolynomial",
                reason: "order \(n) exceeds \(Tensor.characteristicPolynomialMaximumOrder): the Faddeev–LeVerrier recurrence is unstable for large matrices; use Eigen for the roots")
        }
        guard n > 0 else { return [1] }
        var coefficients = [1.0]
        var m = Tensor.identity(n)
        for k in 1...n {
            let am = self.matmul(m)
            let c = -am.trace / Double(k)
            coefficients.append(c)
            if k < n {
                m = am
                for i in 0..<n { m.scalars[i * n + i] += c }
            }
        }
        return coefficients
    }
}
