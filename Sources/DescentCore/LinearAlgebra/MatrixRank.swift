// Rank and null space through the singular values.

extension Tensor {
    /// The numerical rank: the number of singular values σᵢ > tolerance (NumPy's `matrix_rank`).
    ///
    /// - Parameter tolerance: absolute threshold; default σ₁·max(m, n)·ε, NumPy's default, which
    ///   counts what is distinguishable from rounding error in the SVD (Golub & Van Loan §5.4.1).
    /// - Returns: an integer in 0…min(m, n); 0 for an empty or zero matrix.
    /// - Throws: `.unsupported` for a non-matrix, `.nonFinite` naming the first bad entry.
    /// - Complexity: O(mn·min(m, n)) flops (singular values only).
    ///
    /// Named `matrixRank` because `Tensor.rank` is the number of axes.
    public func matrixRank(tolerance: Double? = nil) throws -> Int {
        // Compared on the singular values of 2^e·A, so neither σ₁ nor σ₁·max(m, n)·ε can overflow
        // (for entries near the largest double both did, and the rank came out 0).
        let (s, exponent) = try SVD.scaledSingularValues(of: self, operation: "rank")
        guard let largest = s.first else { return 0 }
        let threshold = tolerance.map { Double(sign: .plus, exponent: exponent, significand: $0) }
            ?? largest * (Double(Swift.max(shape[0], shape[1])) * Double.ulpOfOne)
        return s.filter { $0 > threshold }.count
    }

    /// An orthonormal basis of the null space {x : A·x = 0} as the columns of an n × (n − r) matrix
    /// (SciPy's `null_space`): the right singular vectors of the singular values σᵢ ≤ rcond·σ₁.
    ///
    /// - Parameter rcond: relative threshold; default ε·max(m, n) (SciPy's default).
    /// - Throws: `.unsupported` for a non-matrix, `.nonFinite` naming the first bad entry.
    /// - Complexity: O(mn·min(m, n) + n³) flops (full SVD).
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §2.4.
    public func nullSpace(rcond: Double? = nil) throws -> Tensor {
        let svd = try SVD(self, full: true, operation: "nullSpace")
        let n = shape[1]
        let s = svd.singularValues.scalars
        let threshold = (s.first ?? 0) * (rcond ?? Double.ulpOfOne * Double(Swift.max(shape[0], n)))
        let r = s.filter { $0 > threshold }.count
        return svd.vt.slice(rows: r..<n).transposed
    }
}
