import DescentCore
import DescentOptimize

/// L2-regularized logistic regression on rows split across ranks, scikit-learn's
/// `LogisticRegression(C=…)` (labels 0/1): minimizes, in lockstep on every rank with L-BFGS,
/// f(w, b) = (1/N)·Σᵢ [log(1 + e^{zᵢ}) − yᵢzᵢ] + (1/(2NC))·‖w‖², zᵢ = xᵢᵀw + b,
/// which is scikit-learn's C·Σᵢ loss + ½‖w‖² divided by N·C (the same minimizer); the intercept b is
/// not penalized. Each value and gradient is one allreduce of d + 2 numbers
/// (`DistributedObjective.logisticRegression` on the rows with a column of ones appended).
/// - Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), §7.2 (L-BFGS);
///   scikit-learn's `LogisticRegression` (lbfgs solver).
public struct DistributedLogisticRegression: Sendable {
    /// C > 0, the inverse regularization strength.
    public var c: Double
    /// Whether to fit the unpenalized intercept b.
    public var fitIntercept: Bool
    /// L-BFGS stops when ‖∇f‖∞ ≤ tolerance.
    public var tolerance: Double
    /// The most L-BFGS iterations.
    public var maxIterations: Int

    /// - Precondition: C > 0 finite, tolerance ≥ 0, maxIterations ≥ 0.
    public init(c: Double = 1, fitIntercept: Bool = true, tolerance: Double = 1e-8, maxIterations: Int = 1000) {
        precondition(c > 0 && c.isFinite, "DistributedLogisticRegression: C \(c) must be finite and > 0")
        precondition(tolerance >= 0, "DistributedLogisticRegression: tolerance \(tolerance) is negative")
        precondition(maxIterations >= 0, "DistributedLogisticRegression: maxIterations \(maxIterations) is negative")
        self.c = c
        self.fitIntercept = fitIntercept
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Fits on this rank's rows and every other rank's; every rank returns the same model.
    /// - Throws: the errors of `DistributedObjective.logisticRegression` (non-finite entries, labels
    ///   other than 0 and 1, collectives); `LinearAlgebraError.unsupported` when no rank holds a row.
    public func fit(x: Tensor, y: Tensor, communicator: Communicator, order: ReductionOrder = .rankOrdered) throws -> DistributedLinearFit {
        precondition(x.rank == 2, "DistributedLogisticRegression: the shard x must be a matrix, got shape \(x.shape)")
        let d = x.columns
        var design = x
        if fitIntercept {
            var values = [Double](repeating: 1, count: x.rows * (d + 1))
            for i in 0..<x.rows { for j in 0..<d { values[i * (d + 1) + j] = x.scalars[i * d + j] } }
            design = Tensor(shape: [x.rows, d + 1], scalars: values)
        }
        let base = try DistributedObjective.logisticRegression(x: design, y: y, communicator: communicator, order: order)
        guard base.globalCount > 0 else { throw LinearAlgebraError.unsupported(operation: "DistributedLogisticRegression", reason: "no rank holds any row") }
        let lambda = 1 / (Double(base.globalCount) * c)
        let loss = base.objective
        // The penalty on w only: the last coordinate is b when fitting an intercept.
        func penalized(_ v: Tensor) -> Tensor {
            var scaled = v * lambda
            if fitIntercept { scaled[d] = 0 }
            return scaled
        }
        let objective = Objective(
            valueAndGradient: { theta in
                let (f, g) = loss.valueAndGradient(theta)
                let p = penalized(theta)
                return (f + 0.5 * (0..<d).reduce(0.0) { $0 + theta[$1] * p[$1] }, g + p)
            },
            value: { theta in
                let p = penalized(theta)
                return loss.value(theta) + 0.5 * (0..<d).reduce(0.0) { $0 + theta[$1] * p[$1] }
            },
            hessianVectorProduct: loss.hessianVectorProduct.map { hv in { theta, v in hv(theta, v) + penalized(v) } })
        let result = try minimize(objective, from: Tensor.zeros([design.columns]), using: LBFGS(),
                                  options: OptimizationOptions(gradientTolerance: tolerance, maxIterations: maxIterations))
        let theta = result.minimizer.scalars
        return DistributedLinearFit(coefficients: Tensor(Array(theta[0..<d])), intercept: fitIntercept ? theta[d] : 0,
                                    count: base.globalCount, termination: result.termination, iterations: result.iterations)
    }
}
