import DescentCore

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
            let (wMax, dwMax) = data.sweep(active, coefficients: w, norms: norms, l1: l1, l2: l2)
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
