import DescentAutodiff
import DescentCore
import DescentOptimize

/// Hessian-free optimization (Martens 2010) of a network's risk, as an `OptimizationMethod` for
/// `minimize(risk.objective, from: θ₀, using: HessianFree(risk: risk))`.
///
/// Each iteration at θ with gradient g:
/// 1. B = G(θ) + λI, with G the Gauss–Newton matrix of the risk (`options.curvature`, products only).
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
/// `HessianFreeState` reports the damping, the last ρ and the CG iterations of each accepted step;
/// `HessianFreeStep` runs the same iteration once per mini-batch inside `train`.
///
/// Reference: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010; J. Martens &
/// I. Sutskever, "Training deep and recurrent networks with Hessian-free optimization", in
/// *Neural Networks: Tricks of the Trade*, 2nd ed., Springer 2012, §8.
public struct HessianFree: OptimizationMethod {
    /// The risk minimized (its objective is what `minimize` must be given).
    public let risk: NetworkRisk
    /// Curvature, damping, CG and backtracking settings.
    public var options: HessianFreeOptions

    /// Hessian-free minimization of `risk` with `options`.
    public init(risk: NetworkRisk, options: HessianFreeOptions = HessianFreeOptions()) {
        self.risk = risk
        self.options = options
    }

    /// "Hessian-free".
    public var name: String { "Hessian-free" }

    /// λ = `options.initialDamping`, no warm start.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> HessianFreeState {
        HessianFreeState(damping: options.initialDamping)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout HessianFreeState, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        switch options.iterate(risk, at: current.x.flattened, value: current.value, gradient: current.gradient.flattened,
                               state: &state, value: { problem.value($0) }) {
        case let .accepted(point, _):
            let x = point.reshaped(current.x.shape)
            let (f, g) = problem.valueAndGradient(x)
            return .moved(Iterate(x: x, value: f, gradient: g))
        case .rejected: return .failed
        case .nonFinite: return .stopped(.nonFiniteValue)
        }
    }
}
