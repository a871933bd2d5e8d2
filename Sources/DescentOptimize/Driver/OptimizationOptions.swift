import DescentCore

/// What a callback tells the driver after an iteration.
public enum CallbackDecision: Sendable {
    /// Keep iterating.
    case proceed
    /// Stop now; the result's termination is `.stoppedByCallback`.
    case stop
}

/// Stopping rules, limits, trace and callback for `minimize`.
///
/// Defaults follow SciPy's BFGS: stop when ‖∇f‖∞ ≤ 1e-5; the step and function-change criteria are
/// off (0) unless asked for, so a method is never declared converged merely because it stalled.
///
/// Reference: Optim.jl `Optim.Options`; SciPy `scipy.optimize.minimize` (`gtol`, `maxiter`).
public struct OptimizationOptions {
    /// Converged when the stationarity measure (‖∇f‖ in `gradientNorm`) is ≤ this. Default 1e-5.
    public var gradientTolerance: Double
    /// The norm used for `gradientTolerance`: `.infinity` (max |∂f/∂xᵢ|, SciPy's choice for BFGS and
    /// CG, the default) or `.two`.
    public var gradientNorm: NormKind
    /// Converged when ‖x_{k+1} − x_k‖₂ ≤ this (absolute). Default 0: off (a tolerance of 0 disables the test).
    public var stepTolerance: Double
    /// Converged when the relative change |f_{k+1} − f_k| / max(|f_k|, |f_{k+1}|, 1) ≤ this. Default 0: off (a tolerance of 0 disables the test).
    public var functionTolerance: Double
    /// At most this many iterations (x₀ is iteration 0). Default 1000.
    public var maxIterations: Int
    /// Stop once this many function evaluations were used (checked between iterations). Default: none.
    public var maxFunctionEvaluations: Int?
    /// Stop once this many seconds of wall-clock time passed (checked between iterations). Default: none.
    public var timeLimit: Double?
    /// Declared diverged when f(x_k) − f(x₀) > divergenceThreshold · max(1, |f(x₀)|), or f = +∞.
    /// Default 1e12: no descent method comes near it, while unstable iterations pass it fast.
    public var divergenceThreshold: Double
    /// Record a `TraceEntry` per iteration (iteration 0 is x₀). Default false.
    public var storeTrace: Bool
    /// Include x itself in each trace entry (costs n numbers per iteration). Default false.
    public var traceIncludesX: Bool
    /// Called after x₀ and after each iteration with that iteration's trace entry; `.stop` ends the run.
    public var callback: ((TraceEntry) -> CallbackDecision)?
    /// How a point reached by the gradient test is classified (`OptimizationResult.stationaryPoint`).
    /// Default: dense Hessian up to 200 variables, Lanczos beyond, τ = 1e-6·‖∇²f‖₂.
    public var secondOrderCheck: SecondOrderCheck
    /// At a point classified as a saddle (or maximum), step off it along the eigenvector of λmin,
    /// reset the method and go on (`SaddleEscape`). `nil`, the default, leaves it to the method
    /// (`OptimizationMethod.escapesSaddlesByDefault`: Newton, trust region and Newton-CG escape).
    public var escapeSaddles: Bool?
    /// At most this many escapes per run (then the saddle is reported). Default 10.
    public var maxSaddleEscapes: Int

    /// Options with SciPy-like defaults; change fields or pass arguments.
    public init(gradientTolerance: Double = 1e-5, gradientNorm: NormKind = .infinity,
                stepTolerance: Double = 0, functionTolerance: Double = 0,
                maxIterations: Int = 1000, maxFunctionEvaluations: Int? = nil, timeLimit: Double? = nil,
                divergenceThreshold: Double = 1e12, storeTrace: Bool = false, traceIncludesX: Bool = false,
                callback: ((TraceEntry) -> CallbackDecision)? = nil,
                secondOrderCheck: SecondOrderCheck = SecondOrderCheck(), escapeSaddles: Bool? = nil,
                maxSaddleEscapes: Int = 10) {
        precondition(maxSaddleEscapes >= 0, "OptimizationOptions: maxSaddleEscapes must be ≥ 0, got \(maxSaddleEscapes)")
        self.gradientTolerance = gradientTolerance
        self.gradientNorm = gradientNorm
        self.stepTolerance = stepTolerance
        self.functionTolerance = functionTolerance
        self.maxIterations = maxIterations
        self.maxFunctionEvaluations = maxFunctionEvaluations
        self.timeLimit = timeLimit
        self.divergenceThreshold = divergenceThreshold
        self.storeTrace = storeTrace
        self.traceIncludesX = traceIncludesX
        self.callback = callback
        self.secondOrderCheck = secondOrderCheck
        self.escapeSaddles = escapeSaddles
        self.maxSaddleEscapes = maxSaddleEscapes
    }
}
