/// The data side of coordinate descent for the elastic net
/// P(w) = ½‖y − Xw‖² + λ₁‖w‖₁ + ½λ₂‖w‖² (X and y centred and √s-scaled when needed), behind one
/// interface so that the solver loop, the duality gap and the screening are written once for dense
/// columns, the Gram (covariance) form and sparse columns with implicit centring.
///
/// "Residual" means R = y − Xw for the current w, kept up to date by `move`.
protocol CoordinateDescentData {
    /// d.
    var featureCount: Int { get }
    /// ‖Xⱼ‖² for each column (0 for a constant column, which coordinate descent skips).
    var columnSquaredNorms: [Double] { get }
    /// ‖y‖² (weighted: Σ sᵢyᵢ²), the scale of scikit-learn's gap tolerance.
    var targetSquaredNorm: Double { get }
    /// Recomputes the residual for the coefficients w (at the start of a solve).
    mutating func reset(to w: UnsafeBufferPointer<Double>)
    /// Xⱼᵀ R.
    func correlation(_ j: Int) -> Double
    /// wⱼ += δ: R ← R − δ·Xⱼ.
    mutating func move(_ j: Int, by delta: Double)
    /// out ← XᵀR for every column.
    func correlations(into out: UnsafeMutableBufferPointer<Double>)
    /// ‖R‖² and Rᵀy for the coefficients w (the Gram form needs w; the others ignore it).
    func residualNormAndTargetProduct(_ w: UnsafeBufferPointer<Double>) -> (normSquared: Double, targetProduct: Double)
    /// Whether the gap is computed by a difference that can round below 0 near the optimum (the
    /// Gram form: ‖R‖² = ‖y‖² + wᵀQw − 2qᵀw); scikit-learn then trusts only 0 ≤ gap ≤ tol at the start.
    static var gapMayRoundNegative: Bool { get }
}

extension CoordinateDescentData {
    static var gapMayRoundNegative: Bool { false }

    /// One cyclic pass of exact coordinate minimization over `indices`, the one update of both the
    /// full and the working-set solvers (Friedman, Hastie and Tibshirani 2010, Eq. 5):
    /// wⱼ ← S(XⱼᵀR + wⱼ‖Xⱼ‖², λ₁) / (‖Xⱼ‖² + λ₂), S the soft threshold, skipping constant columns
    /// (‖Xⱼ‖² = 0). Returns max|wⱼ| and max|Δwⱼ|, scikit-learn's test for checking the gap.
    @inline(__always)
    mutating func sweep(_ indices: [Int], coefficients w: UnsafeMutableBufferPointer<Double>, norms: [Double],
                        l1: Double, l2: Double) -> (wMax: Double, dwMax: Double) {
        var wMax = 0.0, dwMax = 0.0
        for j in indices {
            let nj = norms[j]
            if nj == 0 { continue }
            let old = w[j]
            let z = correlation(j) + old * nj
            let shrunk = Swift.abs(z) - l1
            let new = shrunk > 0 ? (z < 0 ? -shrunk : shrunk) / (nj + l2) : 0
            if new != old {
                move(j, by: new - old)
                w[j] = new
            }
            dwMax = Swift.max(dwMax, Swift.abs(new - old))
            wMax = Swift.max(wMax, Swift.abs(new))
        }
        return (wMax, dwMax)
    }
}
