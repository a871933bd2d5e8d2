import DescentCore

/// One row of an optimization trace: the state after an iteration (iteration 0 is x₀).
public struct TraceEntry: Sendable {
    /// The iteration number, 0 for the starting point.
    public var iteration: Int
    /// The iterate x_k, when `OptimizationOptions.traceIncludesX` is set.
    public var x: Tensor?
    /// f(x_k).
    public var value: Double
    /// The stationarity measure at x_k (‖∇f‖ in the chosen norm, or the proximal gradient mapping).
    public var gradientNorm: Double
    /// ‖x_k − x_{k−1}‖₂ (0 at iteration 0).
    public var stepSize: Double
    /// Function evaluations used so far.
    public var functionEvaluations: Int
    /// Gradient evaluations used so far.
    public var gradientEvaluations: Int
    /// Seconds since `minimize` started.
    public var elapsedSeconds: Double
    /// Whether this iteration was a saddle escape (a step along negative curvature taken by the
    /// driver, after which the method restarted) rather than a step of the method.
    public var isSaddleEscape: Bool

    /// A trace entry from its fields.
    public init(iteration: Int, x: Tensor?, value: Double, gradientNorm: Double, stepSize: Double,
                functionEvaluations: Int, gradientEvaluations: Int, elapsedSeconds: Double, isSaddleEscape: Bool = false) {
        self.iteration = iteration
        self.x = x
        self.value = value
        self.gradientNorm = gradientNorm
        self.stepSize = stepSize
        self.functionEvaluations = functionEvaluations
        self.gradientEvaluations = gradientEvaluations
        self.elapsedSeconds = elapsedSeconds
        self.isSaddleEscape = isSaddleEscape
    }
}
