import DescentCore

/// Trust-region Newton: at each iterate minimize the model m(p) = f + gᵀp + ½pᵀBp over ‖p‖₂ ≤ Δ
/// with the chosen subproblem solver, accept x + p when ρ = (f(x) − f(x + p)) / (m(0) − m(p)) > η,
/// and update Δ by `TrustRegionRadius`'s rules (double on good boundary steps, shrink to an
/// interpolated fraction of ‖p‖ on rejection).
///
/// B is the exact Hessian (for dogleg, a positive-definite modification where B is not:
/// `convexDoglegModel`). Cauchy point, dogleg and the exact (Moré–Sorensen) solver need
/// `Objective.hessian`; Steihaug–CG and the Krylov (GLTR) solver need only Hessian-vector products.
/// One driver iteration loops until a step is accepted, so every reported iteration moves; each
/// rejected trial costs one function evaluation, and a trial whose model predicts no decrease
/// costs none. When trials keep failing until x + p rounds to x, the run stops with
/// `Termination.trustRegionRadiusBelowMinimum`; a non-finite Hessian or product stops it with
/// `.nonFiniteValue`. A trust-region method never reports a line-search failure.
///
/// When the actual and the predicted reduction are both at the rounding level of f
/// (`TrustRegionRadius.isAtRoundingLevel`), ρ is noise: the step is then accepted when the computed
/// f decreases or ‖∇f‖₂ does (ρ taken as 1) and rejected otherwise (ρ = 0), at the cost of one
/// gradient on a rejection.
/// Without this, near a minimizer whose Hessian is singular (errors shrink only linearly) under a
/// large |f|, good steps were rejected until the radius collapsed short of the gradient tolerance;
/// deciding by the gradient rather than accepting every such step (CGT's δ in ρ) keeps a model
/// that disagrees with f (a wrong derivative) from drifting at the rounding level.
///
/// Defaults: Δ₀ automatic (the longer of the model's minimizer along −∇f at x₀ and the solver's
/// step at x₀ with no region when that step is interior: the Newton or truncated-Newton step), Δmax =
/// 1e10, η = 0.15 (SciPy's `trust-*` methods use Δ₀ = 1, Δmax = 1000, η = 0.15).
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 4.1 (framework),
/// Alg. 4.2 (Cauchy point), §4.1 (dogleg), Alg. 4.3 (exact), Alg. 7.2 (CG–Steihaug);
/// A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000.
public struct TrustRegion: OptimizationMethod {
    /// How the model subproblem is solved.
    public enum Subproblem: String, Sendable, CaseIterable {
        /// The Cauchy point: the model minimizer along −g inside the region (N&W Alg. 4.2).
        case cauchyPoint
        /// Dogleg between the Cauchy point and the Newton step; when B is not positive definite, of a
        /// positive-definite modification of B (`convexDoglegModel`).
        case dogleg
        /// Truncated CG on Hessian-vector products stopping at the boundary or at negative curvature.
        case steihaugCG
        /// The nearly exact global minimizer by Moré–Sorensen (`ExactTrustRegionSolver`): Cholesky
        /// factorizations of B + λI, any B including the hard case. SciPy's `trust-exact`.
        case exact
        /// The generalized Lanczos method GLTR (`KrylovTrustRegionSolver`) on Hessian-vector
        /// products: continues along the boundary and through negative curvature. SciPy's `trust-krylov`.
        case krylov
    }

    /// The subproblem solver (default Steihaug–CG).
    public var subproblem: Subproblem
    /// The initial radius Δ₀; nil (default) chooses it from the model at x₀.
    public var initialRadius: Double?
    /// The largest radius Δmax (default 1e10).
    public var maxRadius: Double
    /// The acceptance threshold η ∈ [0, ¼) (default 0.15).
    public var acceptance: Double
    /// The tolerances of the `.exact` subproblem solver (default σ_easy = 0.1, σ_hard = 0.2, SciPy
    /// `trust-exact`'s); the other subproblems ignore it. The first radius at x₀ uses its tolerances
    /// with at most twenty factorizations.
    public var exactSolver: ExactTrustRegionSolver

    /// A trust-region method with the given subproblem solver.
    public init(subproblem: Subproblem = .steihaugCG, initialRadius: Double? = nil, maxRadius: Double = 1e10, acceptance: Double = 0.15,
                exactSolver: ExactTrustRegionSolver = ExactTrustRegionSolver()) {
        precondition(maxRadius > 0 && maxRadius.isFinite, "TrustRegion: maxRadius must be positive and finite, got \(maxRadius)")
        if let r = initialRadius {
            precondition(r > 0 && r <= maxRadius, "TrustRegion: need 0 < initialRadius ≤ maxRadius, got \(r), \(maxRadius)")
        }
        precondition(acceptance >= 0 && acceptance < 0.25, "TrustRegion: acceptance η must be in [0, 0.25), got \(acceptance)")
        self.subproblem = subproblem
        self.initialRadius = initialRadius
        self.maxRadius = maxRadius
        self.acceptance = acceptance
        self.exactSolver = exactSolver
    }

    /// The name shown in results and traces.
    public var name: String { "trust region (\(subproblem.rawValue))" }

    /// The trust-region method's memory: the radius Δ_k, which with x_k and the model (exact Hessian
    /// or Hessian-vector products at x_k, recomputed every iteration) fixes the next step. Every
    /// subproblem solver starts afresh at each iteration, so the radius is the whole memory.
    public struct State: Sendable, Equatable, Codable {
        /// Δ_k; nil until the first step chooses Δ₀ (from `initialRadius`, or from the model along −∇f).
        public var radius: Double?

        /// A memory with this radius.
        /// - Parameter radius: Δ_k > 0, or nil before the first step.
        public init(radius: Double?) { self.radius = radius }
    }

    /// Why a saved radius cannot continue a run: one that is not positive and finite.
    public func incompatibility(of state: State, variables: Int) -> String? {
        guard let r = state.radius, !(r > 0 && r.isFinite) else { return nil }
        return "the saved radius \(r) is not positive and finite"
    }

    /// Whether the solver works from Hessian-vector products alone.
    var usesProducts: Bool { subproblem == .steihaugCG || subproblem == .krylov }

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective provides what the subproblem needs: a Hessian for Cauchy point, dogleg and exact,
    /// Hessian-vector products or a Hessian for Steihaug–CG and Krylov.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        if usesProducts {
            guard problem.hasSecondOrder else {
                throw OptimizationError.missingDerivative(method: name, needs: "a Hessian-vector product or a Hessian")
            }
        } else if problem.objective.hessian == nil {
            throw OptimizationError.missingDerivative(method: name, needs: "a Hessian")
        }
        return State(radius: initialRadius)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient.flattened
        let shape = current.x.shape
        // An explicit Hessian is evaluated once per iteration and reused for every trial radius; the
        // product-based solvers prefer the HVP closure when there is one.
        var hessian: Tensor?
        if usesProducts && problem.objective.hessianVectorProduct != nil {
            hessian = nil
        } else {
            guard let h = problem.hessian(current.x), h.isFinite else { return .stopped(.nonFiniteValue) }
            hessian = (h + h.transposed) * 0.5
        }
        // The Newton step of the model, factored at most once per iteration: for dogleg (every trial and the
        // first radius) it is set here, of B or of its convex modification; for the exact solver's first
        // radius `newtonStep()` factors B on demand (nil when B is not positive definite).
        var newtonCache: Tensor?? = nil
        if subproblem == .dogleg, let b = hessian {
            switch DenseShiftedMatrix(b).factor(shift: 0) {
            case .factored(let factor):
                newtonCache = .some(factor.solve(-g))
            case .indefinite(let shortfall):
                // Dogleg's path needs a convex model: `convexDoglegModel` makes one from B.
                let model = convexDoglegModel(b, gradient: g, negativeCurvature: shortfall)
                if let model { hessian = model.matrix }
                newtonCache = .some(model?.newtonStep)
            }
        }
        let product: (Tensor) -> Tensor? = { v in
            if let h = hessian { return matmul(h, v) }
            return problem.hessianVectorProduct(current.x, v.reshaped(shape))?.flattened
        }
        let dense = subproblem == .exact ? hessian.map(DenseShiftedMatrix.init) : nil
        // B·g, computed at most once per iteration (Cauchy point, dogleg, the first radius).
        var gradientProduct: Tensor? = nil
        func bg() -> Tensor? {
            if gradientProduct == nil { gradientProduct = product(g) }
            return gradientProduct
        }
        func newtonStep() -> Tensor? {
            if newtonCache == nil { newtonCache = .some(hessian.flatMap { try? Cholesky($0) }?.solve(-g)) }
            return newtonCache ?? nil
        }
        let policy = TrustRegionRadius(acceptance: acceptance, maxRadius: maxRadius)
        var radius: Double
        var firstTrial: TrustRegionStep? = nil
        if let r = state.radius {
            radius = r
        } else {
            guard let curvatureAlongG = bg() else { return .stopped(.nonFiniteValue) }
            radius = policy.initial(gradientNorm: g.norm(.two), curvature: dot(g, curvatureAlongG))
            // Δ₀: the model's own step at x₀ when it is an interior minimizer (B convex along the solver's
            // path: the Newton or truncated-Newton step), so that a problem on which Newton's method works
            // takes it at once instead of doubling up from the Cauchy length (discrete boundary value:
            // 8 → 3 evaluations); never less than the Cauchy length.
            if let free = unconstrainedStep(g, hessian: hessian, dense: dense, product: product, bg: bg, newtonStep: newtonStep),
               !free.isOnBoundary, free.modelDecrease > 0 {
                let length = free.step.norm(.two)
                if length > radius { (radius, firstTrial) = (length, free) }
            }
        }
        while true {
            guard radius >= TrustRegionRadius.minimum else {
                state.radius = TrustRegionRadius.minimum
                return .stopped(.trustRegionRadiusBelowMinimum)
            }
            guard let trial = firstTrial ?? solve(g, radius: radius, hessian: hessian, dense: dense, product: product, bg: bg, newtonStep: newtonStep) else {
                return .stopped(.nonFiniteValue)
            }
            firstTrial = nil
            let p = trial.step
            let x = Tensor.scaledSum(1, p.reshaped(shape), current.x)
            if x == current.x {
                state.radius = radius
                return .stopped(.trustRegionRadiusBelowMinimum)
            }
            let length = p.norm(.two)
            guard trial.modelDecrease > 0, trial.modelDecrease.isFinite else {
                // The solver found no model decrease at this radius (rounding): shrink without evaluating f.
                radius = 0.25 * Swift.min(radius, length)
                continue
            }
            let f: Double
            var trialGradient: Tensor? = nil
            if problem.objective.valueAlsoComputesGradient {
                // A value costs a gradient anyway: keep it rather than pay twice on acceptance.
                let both = problem.valueAndGradient(x)
                (f, trialGradient) = (both.value, both.gradient)
            } else {
                f = problem.value(x)
            }
            var rho = f.isNaN ? -Double.infinity : (current.value - f) / trial.modelDecrease
            if TrustRegionRadius.isAtRoundingLevel(value: current.value, trialValue: f, predictedDecrease: trial.modelDecrease) {
                // ρ cannot tell whether the step helped: accept a computed decrease of f, else let the
                // gradient decide (ρ = 1 accepts, 0 rejects).
                if f < current.value {
                    rho = 1
                } else {
                    let next = trialGradient ?? problem.gradient(x)
                    trialGradient = next
                    rho = next.norm(.two) < g.norm(.two) ? 1 : 0
                }
            }
            radius = policy.updated(radius, stepLength: length, ratio: rho, onBoundary: trial.isOnBoundary || length >= 0.99 * radius,
                                    slope: dot(g, p), change: f - current.value)
            if rho > acceptance {
                state.radius = Swift.max(radius, TrustRegionRadius.minimum)
                return .moved(Iterate(x: x, value: f, gradient: trialGradient ?? problem.gradient(x)))
            }
        }
    }

    /// The solver's step with no region: the Newton step −B⁻¹g when B ≻ 0 for the factoring solvers
    /// (one Cholesky factorization, which dogleg reuses; for the exact solver otherwise at most twenty
    /// Moré–Sorensen factorizations at Δmax), the truncated-CG or Lanczos step at Δmax for the
    /// product-based ones; nil for the Cauchy point, or when the step found reaches Δmax.
    private func unconstrainedStep(_ g: Tensor, hessian: Tensor?, dense: DenseShiftedMatrix?, product: (Tensor) -> Tensor?, bg: () -> Tensor?,
                                   newtonStep: () -> Tensor?) -> TrustRegionStep? {
        switch subproblem {
        case .cauchyPoint:
            return nil
        case .dogleg, .exact:
            guard let b = hessian else { return nil }
            if let p = newtonStep(), p.isFinite {
                return TrustRegionStep(step: p, multiplier: 0, modelDecrease: -(dot(g, p) + 0.5 * dot(p, matmul(b, p))),
                                       isOnBoundary: false, isHardCase: false, iterations: 1)
            }
            // B singular or indefinite: for the exact solver, up to twenty Moré–Sorensen factorizations at Δmax give
            // an interior p(λ) = −(B + λI)⁻¹g when B ⪰ 0 and g lies in its range (the linear rank-1
            // problems: the minimizer in one step, where the Cauchy length took three).
            guard subproblem == .exact, let dense else { return nil }
            return moreSorensenStep(dense, gradient: g, radius: maxRadius, boundaryTolerance: exactSolver.boundaryTolerance,
                                    hardCaseTolerance: exactSolver.hardCaseTolerance, maxIterations: 20)
        case .steihaugCG, .krylov:
            return solve(g, radius: maxRadius, hessian: hessian, dense: nil, product: product, bg: bg, newtonStep: newtonStep)
        }
    }

    /// The chosen solver's step at radius Δ, or nil when a product or the Hessian is not finite.
    private func solve(_ g: Tensor, radius: Double, hessian: Tensor?, dense: DenseShiftedMatrix?,
                       product: (Tensor) -> Tensor?, bg: () -> Tensor?, newtonStep: () -> Tensor?) -> TrustRegionStep? {
        switch subproblem {
        case .cauchyPoint, .dogleg:
            guard let bg = bg(), bg.isFinite, let b = hessian else { return nil }
            let p = subproblem == .cauchyPoint ? cauchyPoint(g, bg, radius) : doglegStep(g, newton: newtonStep(), bg, radius)
            let decrease = -(dot(g, p) + 0.5 * dot(p, matmul(b, p)))
            return TrustRegionStep(step: p, multiplier: 0, modelDecrease: decrease, isOnBoundary: p.norm(.two) >= 0.99 * radius,
                                   isHardCase: false, iterations: 1)
        case .steihaugCG:
            return steihaugStep(g, product, radius)
        case .exact:
            guard let dense else { return nil }
            return moreSorensenStep(dense, gradient: g, radius: radius, boundaryTolerance: exactSolver.boundaryTolerance,
                                    hardCaseTolerance: exactSolver.hardCaseTolerance, maxIterations: exactSolver.maxIterations)
        case .krylov:
            return KrylovTrustRegionSolver().solve(gradient: g, radius: radius, product: product)
        }
    }
}
