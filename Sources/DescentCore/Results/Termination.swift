/// Why an iterative computation stopped: one vocabulary for every result in Descent.
///
/// `minimize`, the stochastic methods, conjugate gradient, the eigensolvers (power, inverse and
/// Rayleigh quotient iteration, deflation, subspace iteration, Lanczos) and every later iterative
/// result (fitted models, PageRank, training) report their ending with these cases, the same
/// `isConverged`, and the same JSON spelling (`rawValue`, snake case), so a user who has read one
/// result can read them all. The glossary in the DocC catalog ("Results and terminations") lists
/// which methods use which case.
///
/// The cases fall into three groups:
/// - **converged**: a tolerance was met (`isConverged`);
/// - **stopped at a budget**: an iteration, epoch, evaluation or time limit ran out, or a callback
///   asked to stop; the answer is the best so far and may be good, but nothing certifies it;
/// - **failed**: a numerical outcome (the first kind of failure in ARCHITECTURE.md) such as
///   divergence, a non-finite value, a breakdown or stagnation (`isFailure`); the result still
///   holds the best point seen, never a worse last iterate.
///
/// The iteration at which a run stopped is the result's `iterations` (completed iterations), so
/// the cases carry no payload and compare and serialize as plain names.
public enum Termination: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The stationarity measure (‖∇f‖, or the gradient mapping of a proximal method) fell to the
    /// gradient tolerance.
    case convergedGradient = "converged_gradient"
    /// The step ‖x_{k+1} − x_k‖₂ fell to the step tolerance.
    case convergedStep = "converged_step"
    /// The relative change |f_{k+1} − f_k| / max(|f_k|, |f_{k+1}|, 1) fell to the function tolerance.
    case convergedFunctionChange = "converged_function_change"
    /// A residual (‖b − Ax‖ of a linear solve, ‖Av − λv‖ of eigenpairs) met its tolerance.
    case convergedResidual = "converged_residual"
    /// The duality gap P(w) − D(θ) of a convex problem (a certificate: P(w) − P(w*) ≤ gap) met its
    /// tolerance; coordinate descent for the lasso and elastic net (scikit-learn's rule).
    case convergedDualityGap = "converged_duality_gap"
    /// A direct method (a factorization: Cholesky, QR, SVD) computed the answer; `iterations` is 0.
    case solvedDirectly = "solved_directly"
    /// The iteration limit was reached; the result holds the best iterate seen.
    case iterationLimit = "iteration_limit"
    /// All requested epochs (passes over the data) of a stochastic method ran.
    case epochLimit = "epoch_limit"
    /// The function-evaluation limit was reached.
    case evaluationLimit = "evaluation_limit"
    /// The wall-clock time limit passed.
    case timeLimit = "time_limit"
    /// A callback asked to stop.
    case stoppedByCallback = "stopped_by_callback"
    /// Early stopping: the monitored loss (validation loss, or training loss without a validation
    /// set) did not improve for `patience` epochs; the result holds the best epoch's parameters.
    case earlyStopped = "early_stopped"
    /// The line search found no acceptable step.
    case lineSearchFailed = "line_search_failed"
    /// A trust-region method rejected every trial step until the radius Δ was so small that x + p
    /// rounds to x (or Δ < √(smallest normal double)): the quadratic model no longer predicts f at
    /// any step length (rounding level reached, or derivatives inconsistent with the values). The
    /// result holds the best point.
    case trustRegionRadiusBelowMinimum = "trust_region_radius_below_minimum"
    /// The method cannot continue for a structural reason: CG met pᵀAp ≤ 0, or pᵀAp too small
    /// to tell from rounding (the operator is not positive definite, or singular along p), a
    /// shifted matrix could not be factored, a Krylov basis could not be extended.
    case breakdown = "breakdown"
    /// The method's own measure of progress met the tolerance, or stopped improving, but the true
    /// residual recomputed with the operator did not meet it, and more iterations cannot change
    /// that: CG on a system with no solution (b outside the range of a singular A), or with a
    /// tolerance below the accuracy floating point can reach; an eigensolver whose Ritz estimates
    /// converged for an operator that is not symmetric (a closure cannot be checked). The result
    /// holds the best point seen, with its true residual.
    case stagnation = "stagnation"
    /// The iterates or the objective left all bounds (f = ±∞, or growth far beyond the start).
    case diverged = "diverged"
    /// A value (objective, operator product, eigenvalue estimate, residual, iterate) became NaN or
    /// infinite. Never reported as converged: a relative test against an overflowed scale
    /// (∞ ≤ tol·∞) proves nothing.
    case nonFiniteValue = "non_finite_value"
    /// A gradient had a NaN or infinite entry.
    case nonFiniteGradient = "non_finite_gradient"

    /// Whether a convergence criterion was met.
    public var isConverged: Bool {
        switch self {
        case .convergedGradient, .convergedStep, .convergedFunctionChange, .convergedResidual, .convergedDualityGap, .solvedDirectly:
            return true
        default: return false
        }
    }

    /// Whether the run failed numerically (divergence, a non-finite value, a breakdown, a failed
    /// line search, a collapsed trust region), as opposed to converging or stopping at a budget.
    public var isFailure: Bool {
        switch self {
        case .lineSearchFailed, .trustRegionRadiusBelowMinimum, .breakdown, .stagnation, .diverged, .nonFiniteValue,
             .nonFiniteGradient: return true
        default: return false
        }
    }

    /// The stable machine-readable name (`converged_gradient`, `iteration_limit`, …) used in JSON and CSV.
    public var name: String { rawValue }

    /// A one-line explanation for people.
    public var description: String {
        switch self {
        case .convergedGradient: return "converged (gradient norm below tolerance)"
        case .convergedStep: return "converged (step size below tolerance)"
        case .convergedFunctionChange: return "converged (relative function change below tolerance)"
        case .convergedResidual: return "converged (residual below tolerance)"
        case .convergedDualityGap: return "converged (duality gap below tolerance)"
        case .solvedDirectly: return "solved directly (factorization)"
        case .iterationLimit: return "iteration limit reached"
        case .epochLimit: return "all epochs ran"
        case .evaluationLimit: return "function evaluation limit reached"
        case .timeLimit: return "time limit reached"
        case .stoppedByCallback: return "stopped by callback"
        case .earlyStopped: return "stopped early (the monitored loss stopped improving)"
        case .lineSearchFailed: return "line search failed"
        case .trustRegionRadiusBelowMinimum: return "trust-region radius fell below its minimum without an acceptable step"
        case .breakdown: return "breakdown"
        case .stagnation: return "stagnation (the true residual stopped decreasing above the tolerance)"
        case .diverged: return "diverged"
        case .nonFiniteValue: return "non-finite value"
        case .nonFiniteGradient: return "non-finite gradient"
        }
    }
}

/// A result of an iterative computation: it says why it stopped and after how many iterations.
///
/// Every iterative result type conforms (`OptimizationResult`, `StochasticResult`,
/// `LinearSolveResult`, `EigenpairResult`, `EigenpairsResult`, …), so `isConverged` reads the
/// same everywhere.
public protocol IterativeResult {
    /// Why the computation stopped.
    var termination: Termination { get }
    /// Completed iterations.
    var iterations: Int { get }
}

extension IterativeResult {
    /// Whether a convergence criterion was met (`termination.isConverged`).
    public var isConverged: Bool { termination.isConverged }
}
