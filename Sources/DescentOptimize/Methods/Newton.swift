import DescentCore

/// Newton's method with a positive-definite modification of the Hessian: d = −(∇²f + τI)⁻¹∇f,
/// followed by a line search trying α = 1.
///
/// Two ways to choose τ (`Modification`):
/// - `.addedIdentity` (default, modified Newton): the smallest τ of N&W Alg. 3.3's sequence
///   (0 when min ∇²f_ii > 0, else −min ∇²f_ii + 10⁻³, then doubling) that makes ∇²f + τI positive
///   definite — τ = 0 near a strict minimizer, so convergence is quadratic there.
/// - `.damping(λ)` (damped / regularized Newton): a fixed τ = λ, trading Newton's speed (λ → 0) for
///   gradient descent's robustness (λ → ∞, d ≈ −∇f/λ); doubled for a step only if ∇²f + λI is not
///   positive definite, so d is always a descent direction.
///
/// Needs `Objective.hessian`. Cost: one Hessian and one ⅓n³ Cholesky (more when shifting) per iteration.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, §3.4, Alg. 3.2 and 3.3;
/// K. Levenberg, Q. Appl. Math. 2, 1944 (damping).
public struct Newton<Search: LineSearch>: OptimizationMethod {
    /// How the Hessian is made positive definite.
    public enum Modification: Sendable, Equatable {
        /// The smallest added multiple of the identity that makes Cholesky succeed (N&W Alg. 3.3).
        case addedIdentity
        /// A fixed damping λ ≥ 0: (∇²f + λI)⁻¹∇f.
        case damping(Double)
    }

    /// The line search (default Armijo backtracking from α = 1).
    public var lineSearch: Search
    /// The Hessian modification (default `.addedIdentity`).
    public var modification: Modification

    /// Newton with the given line search and Hessian modification.
    public init(lineSearch: Search, modification: Modification = .addedIdentity) {
        if case .damping(let lambda) = modification {
            precondition(lambda >= 0 && lambda.isFinite, "Newton: damping must be finite and non-negative, got \(lambda)")
        }
        self.lineSearch = lineSearch
        self.modification = modification
    }

    /// "Newton", or "damped Newton (lambda λ)".
    public var name: String {
        if case .damping(let lambda) = modification { return "damped Newton (lambda \(lambda))" }
        return "Newton"
    }

    /// Newton keeps no memory between steps.
    public struct State {}

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective provides a Hessian.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.hessian != nil else { throw OptimizationError.missingDerivative(method: name, needs: "a Hessian") }
        return State()
    }

    /// One modified-Newton step with a line search from α = 1.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        guard let h = problem.hessian(current.x) else { return .failed }
        let shift: Double
        switch modification {
        case .addedIdentity: shift = initialNewtonShift(h)
        case .damping(let lambda): shift = lambda
        }
        guard let (d, _) = shiftedCholeskySolve(h, -current.gradient.flattened, initialShift: shift),
              let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: 1, iteration: iteration) else { return .failed }
        return .moved(found.iterate)
    }
}

extension Newton where Search == BacktrackingLineSearch {
    /// Modified Newton with Armijo backtracking from α = 1.
    public init() { self.init(lineSearch: BacktrackingLineSearch()) }

    /// Damped Newton (∇²f + λI)⁻¹∇f with Armijo backtracking from α = 1.
    public init(damping: Double) { self.init(lineSearch: BacktrackingLineSearch(), modification: .damping(damping)) }
}
