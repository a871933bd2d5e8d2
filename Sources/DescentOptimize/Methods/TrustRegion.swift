import DescentCore

/// Trust-region Newton: at each iterate minimize the model m(p) = f + gᵀp + ½pᵀBp over ‖p‖₂ ≤ Δ
/// (approximately, by the chosen subproblem solver), accept x + p when the ratio
/// ρ = (f(x) − f(x + p)) / (m(0) − m(p)) exceeds η, and update Δ: ×¼ when ρ < ¼, ×2 (up to Δmax)
/// when ρ > ¾ and the step reached the boundary.
///
/// B is the exact Hessian (Cauchy point and dogleg need `Objective.hessian`; Steihaug–CG needs only
/// Hessian-vector products). One driver iteration loops until a step is accepted, so every reported
/// iteration moves; each rejected trial costs one function evaluation. Defaults Δ₀ = 1, Δmax = 1000,
/// η = 0.15 follow SciPy's `trust-ncg`.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 4.1 (framework),
/// Alg. 4.2 (Cauchy point), §4.1 (dogleg), Alg. 7.2 (CG–Steihaug); T. Steihaug, SIAM J. Numer. Anal. 20, 1983.
public struct TrustRegion: OptimizationMethod {
    /// How the model subproblem is solved.
    public enum Subproblem: String, Sendable {
        /// The Cauchy point: the model minimizer along −g inside the region (N&W Alg. 4.2).
        case cauchyPoint
        /// Dogleg between the Cauchy point and the Newton step (needs B positive definite; falls back
        /// to the Cauchy point otherwise).
        case dogleg
        /// Truncated CG on Hessian-vector products stopping at the boundary or at negative curvature.
        case steihaugCG
    }

    /// The subproblem solver (default Steihaug–CG).
    public var subproblem: Subproblem
    /// The initial radius Δ₀ (default 1).
    public var initialRadius: Double
    /// The largest radius Δmax (default 1000).
    public var maxRadius: Double
    /// The acceptance threshold η ∈ [0, ¼) (default 0.15).
    public var acceptance: Double

    /// A trust-region method with the given subproblem solver.
    public init(subproblem: Subproblem = .steihaugCG, initialRadius: Double = 1, maxRadius: Double = 1000, acceptance: Double = 0.15) {
        precondition(initialRadius > 0 && maxRadius >= initialRadius, "TrustRegion: need 0 < initialRadius ≤ maxRadius, got \(initialRadius), \(maxRadius)")
        precondition(acceptance >= 0 && acceptance < 0.25, "TrustRegion: acceptance η must be in [0, 0.25), got \(acceptance)")
        self.subproblem = subproblem
        self.initialRadius = initialRadius
        self.maxRadius = maxRadius
        self.acceptance = acceptance
    }

    /// The name shown in results and traces.
    public var name: String { "trust region (\(subproblem.rawValue))" }

    /// The current radius Δ.
    public struct State { var radius: Double }

    /// The state before the first step (radius Δ₀); throws `OptimizationError.missingDerivative`
    /// unless the objective provides what the subproblem needs: a Hessian for Cauchy point and
    /// dogleg, Hessian-vector products or a Hessian for Steihaug–CG.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        if subproblem == .steihaugCG {
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
        // An explicit Hessian is evaluated once per iteration and reused for every trial radius; Steihaug
        // prefers the HVP closure when there is one.
        let useProducts = subproblem == .steihaugCG && problem.objective.hessianVectorProduct != nil
        let hessian: Tensor? = useProducts ? nil : problem.hessian(current.x)
        let product: (Tensor) -> Tensor? = { v in
            if let h = hessian { return matmul(h, v) }
            return problem.hessianVectorProduct(current.x, v.reshaped(shape))?.flattened
        }
        for _ in 0..<100 {
            let p: Tensor?
            switch subproblem {
            case .cauchyPoint: p = TrustRegion.cauchyPoint(g, product, state.radius)
            case .dogleg: p = TrustRegion.dogleg(g, hessian!, product, state.radius)
            case .steihaugCG: p = TrustRegion.steihaug(g, product, state.radius)
            }
            guard let step = p, let bp = product(step) else { return .failed }
            let predicted = -(dot(g, step) + 0.5 * dot(step, bp))
            guard predicted > 0 else { return .failed }
            let x = Tensor.scaledSum(1, step.reshaped(shape), current.x)
            let f = problem.value(x)
            let rho = f.isNaN ? -Double.infinity : (current.value - f) / predicted
            let length = step.norm(.two)
            if rho < 0.25 {
                state.radius = 0.25 * Swift.min(state.radius, length)
            } else if rho > 0.75 && length >= 0.99 * state.radius {
                state.radius = Swift.min(2 * state.radius, maxRadius)
            }
            if rho > acceptance {
                return .moved(Iterate(x: x, value: f, gradient: problem.gradient(x)))
            }
            if state.radius < 1e-14 * Swift.max(1, current.x.norm(.two)) { return .failed }
        }
        return .failed
    }

    /// N&W Alg. 4.2: p = −τ (Δ/‖g‖) g with τ = 1 if gᵀBg ≤ 0, else min(1, ‖g‖³/(Δ gᵀBg)).
    static func cauchyPoint(_ g: Tensor, _ product: (Tensor) -> Tensor?, _ radius: Double) -> Tensor? {
        guard let bg = product(g) else { return nil }
        let gnorm = g.norm(.two)
        let gbg = dot(g, bg)
        let tau = gbg <= 0 ? 1 : Swift.min(1, gnorm * gnorm * gnorm / (radius * gbg))
        return g * (-tau * radius / gnorm)
    }

    /// The dogleg path p(τ) from 0 to the unconstrained minimizer along −g, p_U = −(gᵀg/gᵀBg) g, then to
    /// the Newton point p_B = −B⁻¹g, cut at the boundary (N&W §4.1).
    static func dogleg(_ g: Tensor, _ b: Tensor, _ product: (Tensor) -> Tensor?, _ radius: Double) -> Tensor? {
        guard let newtonSolve = shiftedCholeskySolve(b, -g, initialShift: 0, minimumShift: .infinity),
              newtonSolve.shift == 0 else { return cauchyPoint(g, product, radius) }
        let pB = newtonSolve.solution
        if pB.norm(.two) <= radius { return pB }
        guard let bg = product(g) else { return nil }
        let gbg = dot(g, bg)
        let pU = g * (-g.squaredNorm() / gbg)
        let uNorm = pU.norm(.two)
        if uNorm >= radius { return pU * (radius / uNorm) }
        return pU + (pB - pU) * boundaryStep(pU, pB - pU, radius)
    }

    /// The τ ≥ 0 with ‖z + τ d‖₂ = Δ (the positive root of a quadratic).
    static func boundaryStep(_ z: Tensor, _ d: Tensor, _ radius: Double) -> Double {
        let a = d.squaredNorm(), b = 2 * dot(z, d), c = z.squaredNorm() - radius * radius
        let discriminant = Swift.max(0, b * b - 4 * a * c)
        // The numerically stable form of (−b + √disc)/(2a) when b > 0.
        return b > 0 ? (2 * -c) / (b + discriminant.squareRoot()) : (-b + discriminant.squareRoot()) / (2 * a)
    }

    /// CG–Steihaug (N&W Alg. 7.2) with tolerance ε = min(0.5, √‖g‖)‖g‖.
    static func steihaug(_ g: Tensor, _ product: (Tensor) -> Tensor?, _ radius: Double) -> Tensor? {
        let gnorm = g.norm(.two)
        let tolerance = Swift.min(0.5, gnorm.squareRoot()) * gnorm
        var z = Tensor.zeros([g.count])
        var r = g
        var d = -g
        for _ in 0..<(2 * Swift.max(g.count, 1) + 10) {
            guard let bd = product(d) else { return nil }
            let curvature = dot(d, bd)
            if curvature <= 0 { return z + d * boundaryStep(z, d, radius) }
            let rr = r.squaredNorm()
            let alpha = rr / curvature
            let next = Tensor.scaledSum(alpha, d, z)
            if next.norm(.two) >= radius { return z + d * boundaryStep(z, d, radius) }
            z = next
            r.addScaled(bd, by: alpha)
            if r.norm(.two) < tolerance { return z }
            d = Tensor.scaledSum(r.squaredNorm() / rr, d, -r)
        }
        return z
    }
}
