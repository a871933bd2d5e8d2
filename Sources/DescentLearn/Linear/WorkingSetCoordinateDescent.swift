/// Coordinate descent on a growing working set of features (the strategy of celer and skglm,
/// without their dual extrapolation), certified by the same duality gap as `CoordinateDescent`.
///
/// Outer loop: compute XᵀR and the gap G over all d features; stop when G ≤ tol·‖y‖². Otherwise
/// rank each feature by its gap-safe distance (1 − |Xⱼᵀθ|)/√(‖Xⱼ‖² + λ₂) (small = close to entering
/// the support; θ the rescaled residual), and take the p closest as the working set W, always with
/// every non-zero coefficient; p = max(p₀, 2·nnz(w)), doubled when an outer pass made no progress.
/// Inner loop: cyclic coordinate descent on W only, until the gap of the problem restricted to W is at
/// most 0.3·G (celer's choice). An epoch over W costs |W| coordinate updates instead of d, so long
/// stretches of a path where few features matter cost little; the answer and its certificate are
/// those of the full problem.
///
/// - Reference: M. Massias, A. Gramfort and J. Salmon, "Celer: a fast solver for the Lasso with dual
///   extrapolation", ICML 2018; Q. Bertrand et al., "Beyond L1: faster and better sparse models with
///   skglm", NeurIPS 2022.
enum WorkingSetCoordinateDescent {
    /// The smallest working set (celer's p₀).
    static let initialSize = 10
    /// Inner solves stop at this fraction of the outer gap.
    static let innerFraction = 0.3

    static func solve<Data: CoordinateDescentData>(
        _ data: inout Data, coefficients w: UnsafeMutableBufferPointer<Double>, l1: Double, l2: Double,
        tolerance relativeTolerance: Double, maxIterations: Int
    ) -> CoordinateDescentOutcome {
        let d = data.featureCount
        let norms = data.columnSquaredNorms
        let tolerance = relativeTolerance * data.targetSquaredNorm
        var xta = [Double](repeating: 0, count: d)
        data.reset(to: UnsafeBufferPointer(w))
        var epochs = 0
        var size = initialSize
        var previousGap = Double.infinity
        var gap = Double.infinity
        while true {
            xta.withUnsafeMutableBufferPointer { data.correlations(into: $0) }
            let dualNorm: Double
            (gap, dualNorm) = DualityGap.elasticNet(w: UnsafeBufferPointer(w), l1: l1, l2: l2, correlations: &xta,
                                                    residual: data.residualNormAndTargetProduct(UnsafeBufferPointer(w)))
            if gap <= tolerance || epochs >= maxIterations {
                return CoordinateDescentOutcome(gap: gap, tolerance: tolerance, iterations: epochs, converged: gap <= tolerance)
            }
            // Without an L1 term every feature is in the support: the working set is everything.
            let scale = Swift.max(l1, dualNorm)
            var support = 0
            var scored: [(distance: Double, feature: Int)] = []
            scored.reserveCapacity(d)
            for j in 0..<d where norms[j] > 0 {
                if w[j] != 0 || l1 == 0 {
                    support += 1
                    scored.append((-1, j))
                } else {
                    scored.append(((1 - Swift.abs(xta[j]) / scale) / (norms[j] + l2).squareRoot(), j))
                }
            }
            if gap >= previousGap { size *= 2 }
            previousGap = gap
            size = Swift.min(Swift.max(size, 2 * support, support + 1), scored.count)
            let workingSet = closest(scored, count: size)
            let innerTolerance = innerFraction * gap
            var inner = [Double](repeating: 0, count: workingSet.count)
            var subset = [Double](repeating: 0, count: workingSet.count)
            while epochs < maxIterations {
                let (wMax, dwMax) = data.sweep(workingSet, coefficients: w, norms: norms, l1: l1, l2: l2)
                epochs += 1
                // The restricted gap costs |W| correlations; check it when the epoch changed little.
                guard wMax == 0 || dwMax / wMax <= relativeTolerance || epochs % 10 == 0 else { continue }
                for (k, j) in workingSet.enumerated() {
                    inner[k] = data.correlation(j)
                    subset[k] = w[j]
                }
                let restricted = subset.withUnsafeBufferPointer { sp in
                    DualityGap.elasticNet(w: sp, l1: l1, l2: l2, correlations: &inner,
                                          residual: data.residualNormAndTargetProduct(UnsafeBufferPointer(w))).gap
                }
                if restricted <= innerTolerance { break }
            }
        }
    }

    /// The features of the `count` smallest distances (ties by index), in increasing feature order:
    /// a bounded insertion for a small working set (O(d·count)), a full sort otherwise.
    static func closest(_ scored: [(distance: Double, feature: Int)], count: Int) -> [Int] {
        let better: ((distance: Double, feature: Int), (distance: Double, feature: Int)) -> Bool = {
            $0.distance < $1.distance || ($0.distance == $1.distance && $0.feature < $1.feature)
        }
        if count >= scored.count { return scored.map(\.feature).sorted() }
        if count * 16 >= scored.count { return scored.sorted(by: better).prefix(count).map(\.feature).sorted() }
        var best: [(distance: Double, feature: Int)] = []
        best.reserveCapacity(count + 1)
        for element in scored {
            if best.count == count, let last = best.last, !better(element, last) { continue }
            var low = 0, high = best.count
            while low < high {
                let mid = (low + high) / 2
                if better(best[mid], element) { low = mid + 1 } else { high = mid }
            }
            best.insert(element, at: low)
            if best.count > count { best.removeLast() }
        }
        return best.map(\.feature).sorted()
    }
}
