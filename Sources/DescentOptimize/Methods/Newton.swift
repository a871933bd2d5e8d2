import DescentCore

/// Newton's method with a positive-definite modification of the Hessian, d = −(∇²f + E)⁻¹∇f,
/// followed by a line search trying α = 1 (strong Wolfe by default).
///
/// Three ways to choose E (`Modification`):
/// - `.modifiedCholesky` (default): the Gill–Murray modified Cholesky factorization ∇²f + E = LDLᵀ,
///   E ⪰ 0 diagonal, added pivot by pivot, zero when ∇²f is safely positive definite (so convergence
///   is quadratic near a strict minimizer); one ⅓n³ factorization, no retries.
/// - `.addedIdentity`: E = τI with the smallest τ of N&W Alg. 3.3's sequence (0 when min ∇²f_ii > 0,
///   else −min ∇²f_ii + 10⁻³, then doubling) that makes ∇²f + τI positive definite.
/// - `.damping(λ)` (damped / regularized Newton): a fixed τ = λ, trading Newton's speed (λ → 0) for
///   gradient descent's robustness (λ → ∞, d ≈ −∇f/λ); doubled for a step only if ∇²f + λI is not
///   positive definite, so d is always a descent direction.
///
/// Why these defaults (measured on Moré–Garbow–Hillstrom problems, gtol 1e-5 on ‖∇f‖₂): a multiple of
/// the identity ignores the Hessian's scaling, so on Meyer's problem (variables of size 10⁻², 10³,
/// 10²) the shifted direction is so badly scaled that Armijo backtracking from α = 1 spent ~11
/// evaluations per iteration and hit 3000 iterations, and on Osborne 1 it drifted to a far worse
/// point (f = 0.047 vs f* = 5.46e-5); on Biggs EXP6 it stopped at a stationary point with f = 0.243.
/// The modified Cholesky with strong Wolfe reaches f* on all three (Biggs EXP6 f = 1e-13 in 36
/// iterations, Osborne 1 in 26, Meyer within 10⁻¹² of f* with under 2 evaluations per iteration).
///
/// Needs `Objective.hessian`. Cost: one Hessian and one ⅓n³ factorization per iteration.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, §3.4, Alg. 3.2–3.4;
/// P. E. Gill, W. Murray and M. H. Wright, *Practical Optimization*, 1981, §4.4.2.2;
/// K. Levenberg, Q. Appl. Math. 2, 1944 (damping).
public struct Newton<Search: LineSearch>: OptimizationMethod {
    /// How the Hessian is made positive definite.
    public enum Modification: Sendable, Equatable {
        /// The Gill–Murray modified Cholesky factorization ∇²f + E = LDLᵀ (E ⪰ 0 diagonal, added
        /// pivot by pivot, zero when ∇²f is safely positive definite).
        case modifiedCholesky
        /// The smallest added multiple of the identity that makes Cholesky succeed (N&W Alg. 3.3).
        case addedIdentity
        /// A fixed damping λ ≥ 0: (∇²f + λI)⁻¹∇f.
        case damping(Double)
    }

    /// The line search (default strong Wolfe from α = 1).
    public var lineSearch: Search
    /// The Hessian modification (default `.modifiedCholesky`).
    public var modification: Modification

    /// Newton with the given line search and Hessian modification.
    public init(lineSearch: Search, modification: Modification = .modifiedCholesky) {
        if case .damping(let lambda) = modification {
            precondition(lambda >= 0 && lambda.isFinite, "Newton: damping must be finite and non-negative, got \(lambda)")
        }
        self.lineSearch = lineSearch
        self.modification = modification
    }

    /// "Newton", "Newton (added identity)", or "damped Newton (lambda λ)".
    public var name: String {
        switch modification {
        case .modifiedCholesky: return "Newton"
        case .addedIdentity: return "Newton (added identity)"
        case .damping(let lambda): return "damped Newton (lambda \(lambda))"
        }
    }

    /// Newton keeps no memory between steps (its next iterate depends on x_k alone).
    public struct State: Sendable, Equatable, Codable {}

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective provides a Hessian.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.hessian != nil else { throw OptimizationError.missingDerivative(method: name, needs: "a Hessian") }
        return State()
    }

    /// One modified-Newton step with a line search from α = 1; a non-finite Hessian stops the run
    /// with `.nonFiniteValue`.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        guard let h = problem.hessian(current.x) else { return .failed }
        guard h.isFinite else { return .stopped(.nonFiniteValue) }
        let g = current.gradient.flattened
        let direction: Tensor?
        switch modification {
        case .addedIdentity: direction = shiftedCholeskySolve(h, -g, initialShift: initialNewtonShift(h))?.solution
        case .damping(let lambda): direction = shiftedCholeskySolve(h, -g, initialShift: lambda)?.solution
        case .modifiedCholesky: direction = ModifiedCholesky((h + h.transposed) * 0.5).solve(-g)
        }
        guard let d = direction,
              let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: 1, iteration: iteration) else { return .failed }
        return .moved(found.iterate)
    }
}

extension Newton where Search == StrongWolfeLineSearch {
    /// Modified Newton with a strong-Wolfe line search (c₁ = 1e-4, c₂ = 0.9) from α = 1.
    public init() { self.init(lineSearch: StrongWolfeLineSearch()) }

    /// Damped Newton (∇²f + λI)⁻¹∇f with a strong-Wolfe line search from α = 1.
    public init(damping: Double) { self.init(lineSearch: StrongWolfeLineSearch(), modification: .damping(damping)) }
}
