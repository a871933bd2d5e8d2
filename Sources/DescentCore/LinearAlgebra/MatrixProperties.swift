import ComplexModule
import RealModule

// Spectral properties that are a single number or a yes/no answer.

extension Tensor {
    /// Whether A is symmetric positive definite: A = Aᵀ (within `symmetryTolerance` relative to the
    /// largest entry) and xᵀAx > 0 for all x ≠ 0, decided by attempting a Cholesky factorization
    /// (which succeeds exactly when every leading minor is positive).
    ///
    /// The empty matrix counts as positive definite (vacuously). A matrix whose smallest eigenvalue
    /// is positive but within rounding of 0 may go either way.
    /// - Parameter symmetryTolerance: largest accepted |aᵢⱼ − aⱼᵢ| relative to maxᵢⱼ|aᵢⱼ|; default 1e-12.
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry.
    /// - Complexity: ⅓n³ flops.
    /// - Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §4.2.
    public func isPositiveDefinite(symmetryTolerance: Double = 1e-12) throws -> Bool {
        try requireFiniteSquare("isPositiveDefinite")
        guard isSymmetric(relativeTolerance: symmetryTolerance) else { return false }
        do {
            _ = try Cholesky(self)
            return true
        } catch LinearAlgebraError.notPositiveDefinite {
            return false
        }
    }

    /// Whether A is symmetric positive semidefinite: A = Aᵀ (within `symmetryTolerance`) and every
    /// eigenvalue λᵢ ≥ −tolerance·maxⱼ|λⱼ| (LAPACK `dsyevd`).
    ///
    /// The default `tolerance` n·ε accepts the rounding error of the computed eigenvalues (which is
    /// about ε·‖A‖₂ by Weyl's inequality), so an exactly singular PSD matrix such as xxᵀ passes.
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry.
    /// - Complexity: about 9n³ flops.
    /// - Reference: Horn & Johnson, *Matrix Analysis* (2nd ed.), §7.1.
    public func isPositiveSemidefinite(tolerance: Double? = nil, symmetryTolerance: Double = 1e-12) throws -> Bool {
        try requireFiniteSquare("isPositiveSemidefinite")
        guard isSymmetric(relativeTolerance: symmetryTolerance) else { return false }
        let values = try SymmetricEigen(self).eigenvalues.scalars
        guard let smallest = values.first, let largest = values.last else { return true }
        let scale = Swift.max(Swift.abs(smallest), Swift.abs(largest))
        return smallest >= -(tolerance ?? Double(shape[0]) * Double.ulpOfOne) * scale
    }

    /// Whether |aᵢⱼ − aⱼᵢ| ≤ relativeTolerance·maxₖₗ|aₖₗ| for all i, j (a square matrix).
    func isSymmetric(relativeTolerance: Double) -> Bool {
        let n = shape[0]
        let bound = relativeTolerance * norm(.infinity)
        for i in 0..<n {
            for j in 0..<i where Swift.abs(scalars[i * n + j] - scalars[j * n + i]) > bound { return false }
        }
        return true
    }

    /// The spectral radius ρ(A) = maxᵢ |λᵢ|, the largest eigenvalue modulus (LAPACK `dgeev`, values only).
    ///
    /// Governs the convergence of iterations xₖ₊₁ = A·xₖ (they converge for every start iff ρ < 1).
    /// 0 for the empty matrix.
    /// - Throws: `.notSquare` naming the shape, `.nonFinite` naming the first bad entry,
    ///   `.didNotConverge` if the QR iteration fails.
    /// - Complexity: about 10n³ flops.
    /// - Reference: Horn & Johnson, *Matrix Analysis* (2nd ed.), §5.6.
    public func spectralRadius() throws -> Double {
        try Eigen.eigenvalues(of: self, operation: "spectralRadius").reduce(0) { Swift.max($0, $1.length) }
    }
}
