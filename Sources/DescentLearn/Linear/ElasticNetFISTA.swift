import DescentCore
import DescentOptimize

/// The elastic net by FISTA: f(w) = ½‖y − Xw‖² (smooth, ∇f = −Xᵀ(y − Xw), Lipschitz constant
/// L = λ_max(XᵀX)) plus g(w) = λ₁‖w‖₁ + ½λ₂‖w‖², whose prox is soft(v, tλ₁)/(1 + tλ₂), through the
/// `minimize` driver with `ProximalGradient` (fixed step 1/L, adaptive restart). Every 10 iterations
/// a callback computes the same duality gap as coordinate descent and stops the run once it is at
/// most tol·‖y‖², so the two solvers are held to one certificate.
///
/// - Reference: A. Beck and M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear
///   inverse problems", SIAM J. Imaging Sci. 2(1), 2009.
enum ElasticNetFISTA {
    static let gapCheckInterval = 10

    static func solve(_ w: inout [Double], centered: CenteredData, data: DenseCoordinateData, l1: Double, l2: Double,
                      tolerance: Double, maxIterations: Int) throws -> (Termination, CoordinateDescentOutcome) {
        let (x, y) = (centered.x, centered.y)
        let gapTolerance = tolerance * data.targetSquaredNorm
        let objective = Objective(valueAndGradient: { w in
            let r = matmul(x, w) - y
            return (0.5 * r.squaredNorm(), matmul(x, r, transposeA: true))
        })
        let lipschitz = try PenalizedLeastSquares.largestEigenvalueOfGram(x)
        var lastGap = Double.infinity
        func gap(_ v: [Double]) -> Double {
            var xta = [Double](repeating: 0, count: v.count)
            return v.withUnsafeBufferPointer { vp in
                data.reset(to: vp)
                xta.withUnsafeMutableBufferPointer { data.correlations(into: $0) }
                return DualityGap.elasticNet(w: vp, l1: l1, l2: l2, correlations: &xta,
                                             residual: data.residualNormAndTargetProduct(vp)).gap
            }
        }
        var options = OptimizationOptions(gradientTolerance: 0, maxIterations: maxIterations)
        options.traceIncludesX = true
        options.callback = { entry in
            guard entry.iteration % gapCheckInterval == 0, let point = entry.x else { return .proceed }
            lastGap = gap(point.scalars)
            return lastGap <= gapTolerance ? .stop : .proceed
        }
        let method = ProximalGradient(regularizer: ElasticNetPenalty(l1: l1, l2: l2), stepSize: .fixed(1 / lipschitz))
        let result = try minimize(objective, from: Tensor(w), using: method, options: options)
        w = result.minimizer.scalars
        let finalGap = gap(w)
        let converged = finalGap <= gapTolerance
        let termination: Termination = converged ? .convergedDualityGap
            : (result.termination == .stoppedByCallback ? .iterationLimit : result.termination)
        return (termination, CoordinateDescentOutcome(gap: finalGap, tolerance: gapTolerance, iterations: result.iterations,
                                                      converged: converged))
    }
}
