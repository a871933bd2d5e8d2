/// Why `minimize` stopped: one case per reason.
///
/// The first three are convergence; the others report a numerical outcome, and the result then
/// holds the best point seen (lowest finite value), never a worse last iterate.
public enum Termination: Equatable, Sendable, CustomStringConvertible {
    /// The stationarity measure (‖∇f‖ in the norm chosen by `OptimizationOptions.gradientNorm`, or the
    /// gradient mapping for proximal methods) fell to `gradientTolerance`.
    case convergedGradient
    /// The step ‖x_{k+1} − x_k‖₂ fell to `stepTolerance`.
    case convergedStep
    /// The relative change |f_{k+1} − f_k| / max(|f_k|, |f_{k+1}|, 1) fell to `functionTolerance`.
    case convergedFunctionChange
    /// `maxIterations` iterations were taken.
    case iterationLimit
    /// `maxFunctionEvaluations` function evaluations were used.
    case evaluationLimit
    /// `timeLimit` seconds of wall-clock time passed.
    case timeLimit
    /// The method's line search (or trust-region radius) found no acceptable step at this iteration.
    case lineSearchFailed(iteration: Int)
    /// The objective left all bounds at this iteration: +∞ or an increase above
    /// `divergenceThreshold`·max(1, |f(x₀)|) over the starting value (unstable steps), or −∞
    /// (unbounded below).
    case diverged(iteration: Int)
    /// The objective returned NaN at this iteration, or a NaN or infinite value at x₀ (iteration 0).
    case nonFiniteValue(iteration: Int)
    /// The gradient had a NaN or infinite entry at this iteration (0 = at x₀).
    case nonFiniteGradient(iteration: Int)
    /// A callback asked to stop after this iteration.
    case stoppedByCallback(iteration: Int)

    /// Whether one of the convergence criteria was met.
    public var isConverged: Bool {
        switch self {
        case .convergedGradient, .convergedStep, .convergedFunctionChange: return true
        default: return false
        }
    }

    /// A short machine-friendly name (`converged_gradient`, `diverged`, …) for JSON and CSV output.
    public var name: String {
        switch self {
        case .convergedGradient: return "converged_gradient"
        case .convergedStep: return "converged_step"
        case .convergedFunctionChange: return "converged_function_change"
        case .iterationLimit: return "iteration_limit"
        case .evaluationLimit: return "evaluation_limit"
        case .timeLimit: return "time_limit"
        case .lineSearchFailed: return "line_search_failed"
        case .diverged: return "diverged"
        case .nonFiniteValue: return "non_finite_value"
        case .nonFiniteGradient: return "non_finite_gradient"
        case .stoppedByCallback: return "stopped_by_callback"
        }
    }

    /// A one-line explanation for people.
    public var description: String {
        switch self {
        case .convergedGradient: return "converged (gradient norm below tolerance)"
        case .convergedStep: return "converged (step size below tolerance)"
        case .convergedFunctionChange: return "converged (relative function change below tolerance)"
        case .iterationLimit: return "iteration limit reached"
        case .evaluationLimit: return "function evaluation limit reached"
        case .timeLimit: return "time limit reached"
        case .lineSearchFailed(let k): return "line search failed at iteration \(k)"
        case .diverged(let k): return "diverged at iteration \(k)"
        case .nonFiniteValue(let k): return "objective value is NaN at iteration \(k)"
        case .nonFiniteGradient(let k): return "gradient is not finite at iteration \(k)"
        case .stoppedByCallback(let k): return "stopped by callback after iteration \(k)"
        }
    }
}
