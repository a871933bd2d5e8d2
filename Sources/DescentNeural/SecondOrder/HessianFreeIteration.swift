import DescentCore

/// The settings of Hessian-free optimization (Martens 2010), shared by the `minimize` method
/// `HessianFree` and the training step `HessianFreeStep`.
public struct HessianFreeOptions: Sendable, Hashable {
    /// The curvature of the model: `.gaussNewton` (default) or another positive semi-definite kind.
    public var curvature: CurvatureKind
    /// λ at the first iteration.
    public var initialDamping: Double
    /// The most CG iterations per step.
    public var maxConjugateGradientIterations: Int
    /// ζ, the decay of the warm start (0 disables it).
    public var warmStartDecay: Double
    /// γ > 1, the spacing of the kept CG iterates.
    public var storageFactor: Double
    /// The most rejected steps (λ raised each time) in one iteration.
    public var maxRejections: Int

    /// - Parameters:
    ///   - curvature: a positive semi-definite curvature (default `.gaussNewton`).
    ///   - initialDamping: λ₀ > 0 (default 1).
    ///   - maxConjugateGradientIterations: default 250 (Martens 2010).
    ///   - warmStartDecay: ζ ∈ [0, 1] (default 0.95).
    ///   - storageFactor: γ > 1 (default 1.3).
    ///   - maxRejections: default 10.
    /// - Precondition: the arguments are in range.
    public init(curvature: CurvatureKind = .gaussNewton, initialDamping: Double = 1, maxConjugateGradientIterations: Int = 250,
                warmStartDecay: Double = 0.95, storageFactor: Double = 1.3, maxRejections: Int = 10) {
        precondition(curvature.isPositiveSemidefinite, "HessianFree: the \(curvature.name) matrix is not positive semi-definite")
        precondition(initialDamping > 0 && initialDamping.isFinite, "HessianFree: initial damping must be positive, got \(initialDamping)")
        precondition(maxConjugateGradientIterations >= 1, "HessianFree: CG iterations must be ≥ 1, got \(maxConjugateGradientIterations)")
        precondition(warmStartDecay >= 0 && warmStartDecay <= 1, "HessianFree: warm-start decay must be in [0, 1], got \(warmStartDecay)")
        precondition(storageFactor > 1, "HessianFree: storage factor must exceed 1, got \(storageFactor)")
        precondition(maxRejections >= 0, "HessianFree: maxRejections must be ≥ 0, got \(maxRejections)")
        self.curvature = curvature
        self.initialDamping = initialDamping
        self.maxConjugateGradientIterations = maxConjugateGradientIterations
        self.warmStartDecay = warmStartDecay
        self.storageFactor = storageFactor
        self.maxRejections = maxRejections
    }
}

/// What Hessian-free optimization carries between iterations, and what the last one did.
public struct HessianFreeState: Sendable {
    /// λ for the next iteration.
    public var damping: Double
    /// The previous run's last CG iterate (the warm start), `nil` at first.
    public var previousSolution: Tensor?
    /// ρ of the last accepted step.
    public var lastReductionRatio: Double?
    /// CG iterations of each accepted step, in order.
    public var conjugateGradientIterations: [Int]

    /// λ = λ₀, no warm start.
    public init(damping: Double) {
        self.damping = damping
        previousSolution = nil
        lastReductionRatio = nil
        conjugateGradientIterations = []
    }
}

/// How one Hessian-free iteration ended.
enum HessianFreeOutcome {
    /// θ + αp was accepted, with its risk.
    case accepted(point: Tensor, value: Double)
    /// Every trial, with λ raised each time, failed to lower the risk.
    case rejected
    /// θ, an output or a curvature product was not finite.
    case nonFinite
}

extension HessianFreeOptions {
    /// One iteration at θ (flat) with risk value f0 and gradient g (see `HessianFree` for the
    /// steps), evaluating trial points with `value`.
    func iterate(_ risk: NetworkRisk, at theta: Tensor, value f0: Double, gradient g: Tensor, state: inout HessianFreeState,
                 value: (Tensor) -> Double) -> HessianFreeOutcome {
        guard let gauss = try? NetworkCurvature(curvature, of: risk, at: theta) else { return .nonFinite }
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
            if cg.sawNonFinite { return .nonFinite }
            // Backtrack over the kept iterates: the last, then earlier ones while the risk keeps falling.
            var index = cg.iterates.count - 1
            var best = (p: cg.iterates[index].point, value: value(theta + cg.iterates[index].point))
            while index > 0 {
                let candidate = cg.iterates[index - 1].point
                let trial = value(theta + candidate)
                guard trial < best.value else { break }
                best = (candidate, trial)
                index -= 1
            }
            let p = best.p
            // ρ against the undamped model: q(p) − q(0) = gᵀp + ½pᵀGp.
            let slope = dot(g, p)
            let predicted = slope + 0.5 * dot(p, gauss.apply(p))
            let rho = predicted < 0 ? (best.value - f0) / predicted : -Double.infinity
            if rho < 0.25 { state.damping *= 1.5 } else if rho > 0.75 { state.damping *= 2.0 / 3.0 }
            state.previousSolution = cg.last
            var alpha = 1.0, accepted = best.value
            if !(accepted < f0) {
                // Armijo backtracking along the chosen iterate (Martens & Sutskever 2012, §8.8).
                accepted = .infinity
                if slope < 0 {
                    for _ in 0..<20 {
                        alpha *= 0.8
                        let trial = value(theta + p * alpha)
                        if trial <= f0 + 1e-2 * alpha * slope { accepted = trial; break }
                    }
                }
            }
            guard accepted < f0 || (accepted == f0 && p.squaredNorm() == 0) else {
                // Rejected: no decrease even along a shortened step. Raise λ, drop the warm start, retry.
                state.damping *= 1.5
                state.previousSolution = nil
                continue
            }
            state.lastReductionRatio = rho
            state.conjugateGradientIterations.append(cg.iterations)
            return .accepted(point: theta + p * alpha, value: accepted)
        }
        return .rejected
    }
}
