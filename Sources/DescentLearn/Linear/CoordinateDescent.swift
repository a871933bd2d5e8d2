import DescentCore

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
}

/// The outcome of one coordinate-descent solve.
struct CoordinateDescentOutcome {
    /// The duality gap at the end, on the unnormalized scale of P.
    var gap: Double
    /// The gap tolerance tol·‖y‖² it was compared with.
    var tolerance: Double
    /// Completed epochs (passes over the active coordinates), scikit-learn's `n_iter_`.
    var iterations: Int
    /// Whether gap ≤ tolerance.
    var converged: Bool
}

/// Cyclic coordinate descent for the elastic net with scikit-learn's stopping rule and gap-safe
/// screening, step for step as `sklearn.linear_model._cd_fast.enet_coordinate_descent` (1.9), so
/// iterates, iteration counts and gaps compare one to one.
///
/// Each epoch sets, for each active coordinate j,
/// wⱼ ← S(Xⱼᵀ(R + wⱼXⱼ), λ₁)/(‖Xⱼ‖² + λ₂), S(z, t) = sign(z)·max(|z| − t, 0). After an epoch whose
/// largest change max|Δwⱼ| is at most tol·max|wⱼ| (or whose w is 0, or the last one), the duality gap
/// G = P(w) − D(θ) is computed with the dual point θ = R·min(1, λ₁/‖XᵀR − λ₂w‖∞) and the solve stops
/// when G ≤ tol·‖y‖². At the same time the gap-safe rule discards every column j with
/// (1 − |Xⱼᵀθ|)/√(‖Xⱼ‖² + λ₂) > √(2G)/λ₁: such a column is 0 at the optimum, so it is set to 0 and
/// never visited again. The gap is also checked once before the first epoch (0 epochs at an optimum).
///
/// - Complexity: one epoch costs O(active columns × n) dense, O(active × d) Gram, O(active nnz) sparse;
///   a gap check costs one XᵀR.
/// - Reference: J. Friedman, T. Hastie and R. Tibshirani, "Regularization paths for generalized linear
///   models via coordinate descent", J. Stat. Softw. 33(1), 2010; E. Ndiaye, O. Fercoq, A. Gramfort and
///   J. Salmon, "Gap safe screening rules for sparsity enforcing penalties", JMLR 18, 2017 (Eq. 11).
enum CoordinateDescent {
    static func solve<Data: CoordinateDescentData>(
        _ data: inout Data, coefficients w: UnsafeMutableBufferPointer<Double>, l1: Double, l2: Double,
        tolerance relativeTolerance: Double, maxIterations: Int, screening: Bool
    ) -> CoordinateDescentOutcome {
        let d = data.featureCount
        let norms = data.columnSquaredNorms
        let tolerance = relativeTolerance * data.targetSquaredNorm
        let screening = screening && l1 > 0
        var xta = [Double](repeating: 0, count: d)
        var active = Array(0..<d)
        var excluded = [Bool](repeating: false, count: d)
        data.reset(to: UnsafeBufferPointer(w))

        func gapAndDualNorm() -> (Double, Double) {
            xta.withUnsafeMutableBufferPointer { data.correlations(into: $0) }
            return DualityGap.elasticNet(w: UnsafeBufferPointer(w), l1: l1, l2: l2, correlations: &xta,
                                         residual: data.residualNormAndTargetProduct(UnsafeBufferPointer(w)))
        }
        // Gap-safe screening (Ndiaye et al. 2017, Eq. 11), as scikit-learn: a discarded column is set to 0.
        func screen(gap: Double, dualNorm: Double, first: Bool) {
            let radius = (2 * Swift.abs(gap)).squareRoot() / l1
            let scale = Swift.max(l1, dualNorm)
            active.removeAll(keepingCapacity: true)
            for j in 0..<d {
                if first && norms[j] == 0 {
                    w[j] = 0
                    excluded[j] = true
                    continue
                }
                if !first && excluded[j] { continue }
                let distance = (1 - Swift.abs(xta[j] / scale)) / (norms[j] + l2).squareRoot()
                if distance <= radius {
                    active.append(j)
                    excluded[j] = false
                } else {
                    if w[j] != 0 {
                        data.move(j, by: -w[j])
                        w[j] = 0
                    }
                    excluded[j] = true
                }
            }
        }

        var (gap, dualNorm) = gapAndDualNorm()
        if gap <= tolerance && (gap >= 0 || !Data.gapMayRoundNegative) {
            return CoordinateDescentOutcome(gap: gap, tolerance: tolerance, iterations: 0, converged: true)
        }
        if screening { screen(gap: gap, dualNorm: dualNorm, first: true) }
        var iteration = 0
        var converged = false
        while iteration < maxIterations {
            var wMax = 0.0, dwMax = 0.0
            for j in active {
                let nj = norms[j]
                if nj == 0 { continue }
                let old = w[j]
                let z = data.correlation(j) + old * nj
                let shrunk = Swift.abs(z) - l1
                let new = shrunk > 0 ? (z < 0 ? -shrunk : shrunk) / (nj + l2) : 0
                if new != old {
                    data.move(j, by: new - old)
                    w[j] = new
                }
                dwMax = Swift.max(dwMax, Swift.abs(new - old))
                wMax = Swift.max(wMax, Swift.abs(new))
            }
            let last = iteration == maxIterations - 1
            iteration += 1
            if wMax == 0 || dwMax / wMax <= relativeTolerance || last {
                (gap, dualNorm) = gapAndDualNorm()
                if gap <= tolerance {
                    converged = true
                    break
                }
                if screening { screen(gap: gap, dualNorm: dualNorm, first: false) }
            }
        }
        return CoordinateDescentOutcome(gap: gap, tolerance: tolerance, iterations: iteration, converged: converged)
    }
}

/// The duality gap of the elastic net, scikit-learn's formulations.
enum DualityGap {
    /// P(w) − D(θ) for P = ½‖R‖² + λ₁‖w‖₁ + ½λ₂‖w‖², given XᵀR in `correlations` (turned into
    /// XᵀR − λ₂w in place) and (‖R‖², Rᵀy). Returns the gap and ‖XᵀR − λ₂w‖∞.
    ///
    /// λ₁ > 0 (formulation A): θ = R·c with c = min(1, λ₁/‖XᵀR − λ₂w‖∞),
    /// G = ½(‖R‖² + λ₂‖w‖²)(1 + c²) + λ₁‖w‖₁ − c·Rᵀy.
    /// λ₁ = 0 < λ₂ (formulation B, Dünner et al. 2016): G = ‖R‖² + ½λ₂‖w‖² − Rᵀy + ‖XᵀR‖²/(2λ₂).
    /// λ₁ = λ₂ = 0: the first-order condition ‖XᵀR‖².
    static func elasticNet(w: UnsafeBufferPointer<Double>, l1: Double, l2: Double, correlations xta: inout [Double],
                           residual: (normSquared: Double, targetProduct: Double)) -> (gap: Double, dualNorm: Double) {
        let d = w.count
        let (rNorm2, ry) = residual
        var wNorm2 = 0.0
        if l2 > 0 { for j in 0..<d { wNorm2 += w[j] * w[j] } }
        if l1 == 0 {
            var xtaNorm2 = 0.0
            for j in 0..<d { xtaNorm2 += xta[j] * xta[j] }
            if l2 == 0 { return (xtaNorm2, xtaNorm2) }
            return (rNorm2 + 0.5 * l2 * wNorm2 - ry + xtaNorm2 / (2 * l2), xtaNorm2)
        }
        var dualNorm = 0.0, l1Norm = 0.0
        for j in 0..<d {
            xta[j] -= l2 * w[j]
            dualNorm = Swift.max(dualNorm, Swift.abs(xta[j]))
            l1Norm += Swift.abs(w[j])
        }
        let primal = 0.5 * (rNorm2 + l2 * wNorm2) + l1 * l1Norm
        let scale = dualNorm > l1 ? l1 / dualNorm : 1
        let dual = -0.5 * scale * scale * (rNorm2 + l2 * wNorm2) + scale * ry
        return (primal - dual, dualNorm)
    }
}
