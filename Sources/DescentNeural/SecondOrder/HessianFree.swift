import DescentAutodiff
import DescentCore
import DescentOptimize

/// Hessian-free optimization (Martens 2010) of a network's risk, as an `OptimizationMethod` for
/// `minimize(risk.objective, from: θ₀, using: HessianFree(risk: risk))`.
///
/// Each iteration at θ with gradient g:
/// 1. B = G(θ) + λI, with G the Gauss–Newton matrix of the risk (`curvature`, products only).
/// 2. Truncated CG on B·p = −g (`HessianFreeConjugateGradient`: Martens' relative-progress stop,
///    iterates kept at ⌈1.3ʲ⌉), warm-started from ζ·p_prev, the previous run's last CG iterate
///    decayed by ζ = `warmStartDecay`.
/// 3. CG backtracking: from the last kept iterate backwards, the one with the lowest L(θ + p) (stop
///    going back as soon as L rises).
/// 4. Levenberg–Marquardt damping from the reduction ratio ρ = (L(θ + p) − L(θ))/(q(p) − q(0)),
///    q(p) = gᵀp + ½pᵀG·p the undamped model: λ ← (3/2)λ if ρ < ¼, λ ← (2/3)λ if ρ > ¾.
/// 5. If L(θ + p) ≥ L(θ), an Armijo backtracking line search on α ∈ {0.8, 0.8², …}
///    (L(θ + αp) ≤ L(θ) + 10⁻²·α·gᵀp, as Martens & Sutskever 2012); if that also fails, the step is
///    rejected, λ raised and the iteration retried (up to `maxRejections` times, then `.failed`).
///
/// `State` reports the damping, the last ρ and the CG iterations of each accepted step.
///
/// Reference: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010; J. Martens &
/// I. Sutskever, "Training deep and recurrent networks with Hessian-free optimization", in
/// *Neural Networks: Tricks of the Trade*, 2nd ed., Springer 2012, §8.
public struct HessianFree: OptimizationMethod {
    /// The risk minimized (its objective is what `minimize` must be given).
    public let risk: NetworkRisk
    /// The curvature of the model: `.gaussNewton` (default; positive semi-definite) or another
    /// positive semi-definite kind.
    public var curvature: CurvatureKind
    /// λ at the first iteration.
    public var initialDamping: Double
    /// The most CG iterations per step.
    public var maxConjugateGradientIterations: Int
    /// ζ, the decay of the warm start.
    public var warmStartDecay: Double
    /// γ > 1, the spacing of the kept CG iterates.
    public var storageFactor: Double
    /// The most rejected steps (λ raised each time) in one iteration.
    public var maxRejections: Int

    /// - Parameters:
    ///   - risk: the network's risk.
    ///   - curvature: a positive semi-definite curvature (default `.gaussNewton`).
    ///   - initialDamping: λ₀ > 0 (default 1).
    ///   - maxConjugateGradientIterations: default 250 (Martens 2010).
    ///   - warmStartDecay: ζ ∈ [0, 1] (default 0.95; 0 disables the warm start).
    ///   - storageFactor: γ > 1 (default 1.3).
    ///   - maxRejections: default 10.
    /// - Precondition: the arguments are in range.
    public init(risk: NetworkRisk, curvature: CurvatureKind = .gaussNewton, initialDamping: Double = 1,
                maxConjugateGradientIterations: Int = 250, warmStartDecay: Double = 0.95, storageFactor: Double = 1.3,
                maxRejections: Int = 10) {
        precondition(curvature.isPositiveSemidefinite, "HessianFree: the \(curvature.name) matrix is not positive semi-definite")
        precondition(initialDamping > 0 && initialDamping.isFinite, "HessianFree: initial damping must be positive, got \(initialDamping)")
        precondition(maxConjugateGradientIterations >= 1, "HessianFree: CG iterations must be ≥ 1, got \(maxConjugateGradientIterations)")
        precondition(warmStartDecay >= 0 && warmStartDecay <= 1, "HessianFree: warm-start decay must be in [0, 1], got \(warmStartDecay)")
        precondition(storageFactor > 1, "HessianFree: storage factor must exceed 1, got \(storageFactor)")
        precondition(maxRejections >= 0, "HessianFree: maxRejections must be ≥ 0, got \(maxRejections)")
        self.risk = risk
        self.curvature = curvature
        self.initialDamping = initialDamping
        self.maxConjugateGradientIterations = maxConjugateGradientIterations
        self.warmStartDecay = warmStartDecay
        self.storageFactor = storageFactor
        self.maxRejections = maxRejections
    }

    /// "Hessian-free".
    public var name: String { "Hessian-free" }

    /// The damping and warm start carried between iterations, and what the last step did.
    public struct State {
        /// λ for the next iteration.
        public var damping: Double
        /// The previous run's last CG iterate (the warm start), `nil` at first.
        public var previousSolution: Tensor?
        /// ρ of the last accepted step.
        public var lastReductionRatio: Double?
        /// CG iterations of each accepted step, in order.
        public var conjugateGradientIterations: [Int]
    }

    /// λ = `initialDamping`, no warm start.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(damping: initialDamping, previousSolution: nil, lastReductionRatio: nil, conjugateGradientIterations: [])
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let theta = current.x.flattened, g = current.gradient.flattened, f0 = current.value
        guard let gauss = try? NetworkCurvature(curvature, of: risk, at: theta) else { return .stopped(.nonFiniteValue) }
        for _ in 0...maxRejections {
            let lambda = state.damping
            let product = { (v: Tensor) -> Tensor in
                var result = gauss.apply(v)
                result.addScaled(v, by: lambda)
                return result
            }
            let start = state.previousSolution.map { $0 * warmStartDecay } ?? Tensor.zeros([theta.count])
            let cg = HessianFreeConjugateGradient(product: product, gradient: g, start: start,
                                                  maxIterations: maxConjugateGradientIterations, storageFactor: storageFactor)
            if cg.sawNonFinite { return .stopped(.nonFiniteValue) }
            // Backtrack over the kept iterates: the last, then earlier ones while L keeps falling.
            var index = cg.iterates.count - 1
            var best = (p: cg.iterates[index].point, value: problem.value(theta + cg.iterates[index].point))
            while index > 0 {
                let candidate = cg.iterates[index - 1].point
                let value = problem.value(theta + candidate)
                guard value < best.value else { break }
                best = (candidate, value)
                index -= 1
            }
            let p = best.p
            // Undamped model reduction q(p) − q(0) = gᵀp + ½pᵀGp.
            let predicted = dot(g, p) + 0.5 * dot(p, gauss.apply(p))
            let rho = predicted < 0 ? (best.value - f0) / predicted : -Double.infinity
            if rho < 0.25 { state.damping *= 1.5 } else if rho > 0.75 { state.damping *= 2.0 / 3.0 }
            state.previousSolution = cg.last
            var alpha = 1.0, value = best.value
            let slope = dot(g, p)
            if !(value < f0) {
                // Armijo backtracking along the chosen CG iterate.
                value = .infinity
                if slope < 0 {
                    for _ in 0..<20 {
                        alpha *= 0.8
                        let trial = problem.value(theta + p * alpha)
                        if trial <= f0 + 1e-2 * alpha * slope { value = trial; break }
                    }
                }
            }
            guard value < f0 || (value == f0 && p.squaredNorm() == 0) else {
                // Rejected: no decrease even along a shortened step. Raise λ, drop the warm start, retry.
                state.damping *= 1.5
                state.previousSolution = nil
                continue
            }
            state.lastReductionRatio = rho
            state.conjugateGradientIterations.append(cg.iterations)
            let x = (theta + p * alpha).reshaped(current.x.shape)
            let (fx, gx) = problem.valueAndGradient(x)
            return .moved(Iterate(x: x, value: fx, gradient: gx))
        }
        return .failed
    }
}
