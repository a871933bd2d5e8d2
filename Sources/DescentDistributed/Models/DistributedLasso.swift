import DescentCore

/// The lasso on rows split across ranks, by Gram coordinate descent: one allreduce of the centered
/// Gram matrix (`DistributedGram`), then cyclic coordinate descent on the d × d problem, identical
/// on every rank. Minimizes scikit-learn's `Lasso` objective
/// P(w) = (1/2N)·‖y − Xw − b‖² + α‖w‖₁, b = ȳ − μᵀw.
///
/// Why this scheme (see docs/SCALING.md): with A = G/N and c = m/N, the coordinate update
/// wⱼ ← S(cⱼ − Σₖ≠ⱼ Aⱼₖwₖ, α)/Aⱼⱼ (S the soft threshold) and the duality gap need only A, c and
/// ‖y − ȳ‖², so the whole solve costs two collectives, whatever the number of sweeps — where
/// distributed proximal gradient (FISTA with an allreduce of Xᵀr per step) needs one collective
/// per iteration and many more iterations than coordinate descent. It needs d² numbers per rank, so
/// it suits d up to a few thousand; beyond that FISTA on `DistributedObjective` is the choice.
///
/// Stops when scikit-learn's duality gap (in its units, N·gap) falls below `tolerance`·‖y − ȳ‖²,
/// the rule of `sklearn.linear_model.Lasso`, with ‖r‖² = ‖y − ȳ‖² − 2wᵀm + wᵀGw and
/// rᵀ(y − ȳ) = ‖y − ȳ‖² − wᵀm.
/// - Reference: Friedman, Hastie & Tibshirani, "Regularization paths for generalized linear models
///   via coordinate descent", J. Stat. Softw. 33 (2010) (covariance updates, §2.2).
public struct DistributedLasso: Sendable {
    /// α > 0, the weight of ‖w‖₁.
    public var alpha: Double
    /// The duality-gap tolerance relative to ‖y − ȳ‖² (scikit-learn's `tol`).
    public var tolerance: Double
    /// The most sweeps over the d coordinates.
    public var maxIterations: Int
    /// Whether to fit b (centering by the global means) or force b = 0.
    public var fitIntercept: Bool

    /// - Precondition: α > 0, tolerance ≥ 0, maxIterations ≥ 0, all finite.
    public init(alpha: Double, tolerance: Double = 1e-4, maxIterations: Int = 1000, fitIntercept: Bool = true) {
        precondition(alpha > 0 && alpha.isFinite, "DistributedLasso: alpha \(alpha) must be finite and > 0")
        precondition(tolerance >= 0 && tolerance.isFinite, "DistributedLasso: tolerance \(tolerance) must be finite and ≥ 0")
        precondition(maxIterations >= 0, "DistributedLasso: maxIterations \(maxIterations) is negative")
        self.alpha = alpha
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.fitIntercept = fitIntercept
    }

    /// Fits on this rank's rows and every other rank's; every rank returns the same model.
    /// - Returns: `.convergedDualityGap` when the gap met the tolerance, `.iterationLimit` otherwise.
    /// - Throws: the errors of `DistributedGram`.
    /// - Complexity: O(nᵣ·d²) per rank, two allreduces of O(d²) numbers, O(d²) per sweep on every rank.
    public func fit(x: Tensor, y: Tensor, communicator: Communicator, order: ReductionOrder = .rankOrdered) throws -> DistributedLinearFit {
        let statistics = try DistributedGram(x: x, y: y, centered: fitIntercept, communicator: communicator, order: order)
        let (w, sweeps, converged) = Self.coordinateDescent(statistics, alpha: alpha, tolerance: tolerance, maxIterations: maxIterations)
        let b = fitIntercept ? statistics.targetMean - zip(statistics.mean.scalars, w).reduce(0) { $0 + $1.0 * $1.1 } : 0
        return DistributedLinearFit(coefficients: Tensor(w), intercept: b, count: statistics.count,
                                    termination: converged ? .convergedDualityGap : .iterationLimit, iterations: sweeps)
    }

    /// Cyclic coordinate descent on the Gram form; q = G·w is kept up to date so a sweep is O(d²).
    static func coordinateDescent(_ s: DistributedGram, alpha: Double, tolerance: Double, maxIterations: Int) -> (w: [Double], sweeps: Int, converged: Bool) {
        let d = s.features, n = Double(s.count)
        let g = s.gram.scalars, m = s.moment.scalars
        let yy = s.targetSumOfSquares
        let penalty = alpha * n  // α in the un-normalized units of G and m
        var w = [Double](repeating: 0, count: d)
        var q = [Double](repeating: 0, count: d)
        func gap() -> Double {
            var wm = 0.0, wq = 0.0, l1 = 0.0, dual = 0.0
            for j in 0..<d {
                wm += w[j] * m[j]
                wq += w[j] * q[j]
                l1 += abs(w[j])
                dual = max(dual, abs(m[j] - q[j]))  // |Xᵀr|ⱼ
            }
            let residual2 = max(yy - 2 * wm + wq, 0), residualTarget = yy - wm
            var scale = 1.0, gap = residual2
            if dual > penalty {
                scale = penalty / dual
                gap = 0.5 * (residual2 + residual2 * scale * scale)
            }
            return gap + penalty * l1 - scale * residualTarget
        }
        let target = tolerance * yy
        for sweep in 0..<maxIterations {
            for j in 0..<d where g[j * d + j] > 0 {
                let old = w[j]
                let rho = m[j] - q[j] + g[j * d + j] * old
                let new = rho > penalty ? (rho - penalty) / g[j * d + j] : rho < -penalty ? (rho + penalty) / g[j * d + j] : 0
                if new != old {
                    let delta = new - old
                    for k in 0..<d { q[k] += g[k * d + j] * delta }
                    w[j] = new
                }
            }
            if gap() <= target { return (w, sweep + 1, true) }
        }
        return (w, maxIterations, maxIterations == 0 && gap() <= target)
    }
}
