import DescentCore

/// What the eigenvalues of a Hessian say about a point: the kind of critical point, the
/// conditioning, and the largest stable gradient-descent step.
///
/// - `classification`: all λ > τ → minimum; all λ < −τ → maximum; some λ > τ and some λ < −τ →
///   saddle; otherwise (an eigenvalue within τ of 0 decides nothing) degenerate. The tolerance is
///   relative: τ = `relativeTolerance`·max|λ|, since eigenvalues of a computed Hessian are exact
///   only up to rounding of the order ε·‖H‖ (and the Hessian's own rounding, larger under cancellation).
/// - `conditionNumber` κ = |λ|max/|λ|min (∞ when an eigenvalue is 0): gradient descent needs
///   about κ iterations per digit on a quadratic.
/// - `maxStableStep` 2/λmax when λmax > 0: gradient descent on the local quadratic model diverges
///   for a step η > 2/λmax.
///
/// Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., §2.1 (second-order conditions)
/// and §3.3 (steepest descent on quadratics).
public struct HessianSpectrum: Sendable {
    /// The kind of critical point the Hessian's eigenvalues indicate.
    public enum Classification: String, Sendable {
        /// Every eigenvalue is positive beyond the tolerance: a strict local minimum if ∇f = 0.
        case minimum
        /// Every eigenvalue is negative beyond the tolerance: a strict local maximum if ∇f = 0.
        case maximum
        /// Eigenvalues of both signs: curvature up along some directions and down along others.
        case saddle
        /// Some eigenvalue is zero within the tolerance and the others share a sign (or all are
        /// zero): second-order information cannot decide.
        case degenerate
    }

    /// The Hessian's eigenvalues, ascending.
    public let eigenvalues: Tensor
    /// Minimum, maximum, saddle or degenerate (see the type's documentation for the rule).
    public let classification: Classification
    /// |λ|max/|λ|min, or +∞ when the smallest |λ| is 0 (NaN for an empty Hessian).
    public let conditionNumber: Double
    /// 2/λmax when λmax > 0, else `nil` (no step size is stable for a function unbounded below
    /// along the top eigenvector).
    public let maxStableStep: Double?
    /// The relative tolerance τ/max|λ| used for the classification.
    public let relativeTolerance: Double

    /// Analyses a symmetric Hessian (only its lower triangle is read by `SymmetricEigen`; pass
    /// (H + Hᵀ)/2 when rounding left it slightly asymmetric).
    /// - Parameters:
    ///   - hessian: the n × n Hessian H.
    ///   - relativeTolerance: eigenvalues within this fraction of max|λ| count as zero;
    ///     the default 1e-8 is about √ε, far above the rounding of an exact (autodiff) Hessian.
    /// - Throws: `LinearAlgebraError` for a non-square or non-finite matrix.
    public init(hessian: Tensor, relativeTolerance: Double = 1e-8) throws {
        let eigen = try SymmetricEigen(hessian)
        let lambda = eigen.eigenvalues.scalars
        eigenvalues = eigen.eigenvalues
        self.relativeTolerance = relativeTolerance
        let magnitudes = lambda.map { Swift.abs($0) }
        let largest = magnitudes.max() ?? 0
        let tau = relativeTolerance * largest
        let positive = lambda.contains { $0 > tau }, negative = lambda.contains { $0 < -tau }
        let flat = lambda.contains { Swift.abs($0) <= tau }
        if largest == 0 || lambda.isEmpty {
            classification = .degenerate
        } else if positive && negative {
            classification = .saddle
        } else if flat {
            classification = .degenerate
        } else {
            classification = positive ? .minimum : .maximum
        }
        let smallest = magnitudes.min() ?? .nan
        conditionNumber = lambda.isEmpty ? .nan : (smallest == 0 ? .infinity : largest / smallest)
        if let top = lambda.last, top > 0 { maxStableStep = 2 / top } else { maxStableStep = nil }
    }
}
