import DescentCore

/// Gauss–Newton with an Armijo line search for f(x) = ½‖r(x)‖²: the direction p solves the linear
/// least-squares problem min ‖J p + r‖ through a QR factorization of J with column pivoting (never the
/// normal equations JᵀJ p = −Jᵀr, which would square J's condition number), then x ← x + αp with the
/// first α ∈ {1, ρ, ρ², …} meeting ½‖r(x + αp)‖² ≤ f(x) + c₁α·(Jᵀr)ᵀp.
///
/// **Rank-deficient J**: the numerical rank k is the number of pivots |Rⱼⱼ| > ε·max(m, n)·|R₀₀|;
/// the direction is then the basic solution p = P·[R₁₁⁻¹(Qᵀ(−r))₁; 0] that moves only the k
/// best-conditioned variables this step (the others stay put), which is still a descent direction
/// (gᵀp = −‖Q₁Q₁ᵀr‖²) unless r is orthogonal to J's range, i.e. x is stationary. With J = 0 (or r ⟂
/// range J) there is no descent direction and the step fails (`.lineSearchFailed`), which the driver
/// reports with the best point; a stationary x₀ is caught first by the gradient test.
///
/// Evaluations: one residual evaluation per trial step and one Jacobian per accepted point (the
/// residuals and Jacobian of the accepted point are kept for the next direction, and those of x₀ are
/// read back from the driver's evaluation). Cost per iteration:
/// 2mn² flops for the factorization. Quadratic convergence on zero-residual problems, linear (or
/// none) when the residual at the solution is large — use `LevenbergMarquardt` there.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, §10.3;
/// Å. Björck, *Numerical Methods for Least Squares Problems*, SIAM, 1996, §2.7 and §9.2.
public struct GaussNewton: OptimizationMethod {
    /// The Armijo parameters c₁, ρ and the most trial steps (default c₁ = 1e-4, ρ = ½, 60 trials).
    public var lineSearch: BacktrackingLineSearch
    /// The relative pivot cutoff for the numerical rank; `nil` (default) means ε·max(m, n).
    public var rankTolerance: Double?

    /// Gauss–Newton with Armijo backtracking.
    public init(lineSearch: BacktrackingLineSearch = BacktrackingLineSearch(), rankTolerance: Double? = nil) {
        if let rankTolerance {
            precondition(rankTolerance >= 0 && rankTolerance < 1, "GaussNewton: rank tolerance must be in [0, 1), got \(rankTolerance)")
        }
        self.lineSearch = lineSearch
        self.rankTolerance = rankTolerance
    }

    /// The name shown in results and traces.
    public var name: String { "Gauss-Newton" }

    /// r and J at the current point, once known.
    public struct State {
        var residuals: Tensor?
        var jacobian: Tensor?
    }

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective is a `LeastSquaresObjective`.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.leastSquares != nil else {
            throw OptimizationError.missingDerivative(method: name, needs: "residuals and a Jacobian (a LeastSquaresObjective)")
        }
        return State()
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        if state.residuals == nil || state.jacobian == nil {
            // x₀: the driver has just evaluated r and J there; read them rather than evaluate again.
            guard let (r, j) = problem.objective.leastSquares?.latestEvaluation(at: current.x)
                    ?? problem.residuals(current.x).flatMap({ r in problem.jacobian(current.x).map { (r, $0) } })
            else { return .failed }
            state.residuals = r.flattened
            state.jacobian = j
        }
        let r = state.residuals!, jacobian = state.jacobian!
        let n = current.x.count
        guard jacobian.shape == [r.count, n], jacobian.isFinite, r.isFinite else { return .failed }
        let factor = PivotedQR(jacobian)
        let rank = factor.rank(relativeTolerance: rankTolerance ?? Double.ulpOfOne * Double(Swift.max(r.count, n)))
        let qtr = factor.qTransposeTimes(r.scalars)
        let direction = Tensor(factor.basicSolution(qtb: qtr.map { -$0 }, rank: rank)).reshaped(current.x.shape)
        let slope = dot(current.gradient.flattened, direction.flattened)
        guard slope < 0 else { return .failed }

        var alpha = 1.0
        for _ in 0..<lineSearch.maxSteps {
            let x = current.moved(by: alpha, along: direction)
            guard let trial = problem.residuals(x) else { return .failed }
            let f = 0.5 * trial.squaredNorm()
            if f <= current.value + lineSearch.sufficientDecrease * alpha * slope {
                guard let j = problem.jacobian(x) else { return .failed }
                state.residuals = trial.flattened
                state.jacobian = j
                return .moved(Iterate(x: x, value: f, gradient: matmul(j, trial.flattened, transposeA: true).reshaped(x.shape)))
            }
            alpha *= lineSearch.contraction
        }
        return .failed
    }
}
