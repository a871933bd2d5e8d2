import DescentCore

/// Everything `minimize` learned: the point, the value, how it got there and why it stopped.
///
/// On convergence `minimizer` is the last iterate; otherwise it is the best point seen (lowest finite
/// objective value), so a diverging or interrupted run still returns something usable.
public struct OptimizationResult: IterativeResult, Sendable {
    /// The method's name (e.g. "BFGS").
    public var method: String
    /// The returned point x*.
    public var minimizer: Tensor
    /// f(x*).
    public var minimum: Double
    /// ∇f(x*) (of the smooth part for composite objectives).
    public var gradient: Tensor
    /// The stationarity measure at x* in the norm of `OptimizationOptions.gradientNorm`.
    public var gradientNorm: Double
    /// Completed iterations (0 when x₀ already satisfied the gradient tolerance).
    public var iterations: Int
    /// Function (value or residual) evaluations.
    public var functionEvaluations: Int
    /// Gradient (or Jacobian) evaluations.
    public var gradientEvaluations: Int
    /// Hessian evaluations.
    public var hessianEvaluations: Int
    /// Hessian-vector products.
    public var hessianVectorProductEvaluations: Int
    /// Wall-clock seconds spent in `minimize`.
    public var elapsedSeconds: Double
    /// Per-iteration trace (empty unless `OptimizationOptions.storeTrace`).
    public var trace: [TraceEntry]
    /// What ∇²f says about the returned point when the run converged by the gradient test (minimum,
    /// saddle with λmin, …); `StationaryPoint.notChecked` otherwise or without second derivatives.
    public var stationaryPoint: StationaryPoint = .notChecked
    /// Saddle escapes taken (steps along negative curvature, see `OptimizationOptions.escapeSaddles`).
    public var saddleEscapes: Int = 0
    /// Why the run stopped (after `iterations` completed iterations; a failed line search is
    /// iteration `iterations + 1`).
    public var termination: Termination
}

extension OptimizationResult: CustomStringConvertible {
    /// A few readable lines: method, why it stopped, f*, ‖∇f‖, iterations and evaluations.
    public var description: String {
        var counts = "\(functionEvaluations) function, \(gradientEvaluations) gradient"
        if hessianEvaluations > 0 { counts += ", \(hessianEvaluations) Hessian" }
        if hessianVectorProductEvaluations > 0 { counts += ", \(hessianVectorProductEvaluations) Hessian-vector" }
        let verdict: String
        switch stationaryPoint.kind {
        case .notChecked: verdict = ""
        case .saddle, .maximum: verdict = " to a \(stationaryPoint)"
        default: verdict = " (\(stationaryPoint))"
        }
        let escapes = saddleEscapes > 0 ? ", after \(saddleEscapes) saddle escape\(saddleEscapes == 1 ? "" : "s")" : ""
        return """
            \(method): \(termination)\(verdict)\(escapes)
              minimum \(minimum) at \(minimizer.scalars.count <= 6 ? "\(minimizer.scalars)" : "\(minimizer.count) values")
              gradient norm \(gradientNorm), \(iterations) iterations, evaluations: \(counts), \(elapsedSeconds) s
            """
    }
}
