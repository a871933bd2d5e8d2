import DescentCore

/// The Barzilai–Borwein spectral gradient method: x_{k+1} = x_k − α_k ∇f(x_k) with
/// α_k = sᵀs / sᵀy (BB1) or sᵀy / yᵀy (BB2), s = x_k − x_{k−1}, y = ∇f_k − ∇f_{k−1}.
///
/// Safeguards: α is clamped to [`minStep`, `maxStep`]; when sᵀy ≤ 0 (no positive curvature along s)
/// the previous α is reused; and the step must satisfy Raydan's non-monotone Armijo condition
/// f(x − αg) ≤ max_{0≤j<M} f_{k−j} − c₁ α ‖g‖² (Grippo–Lampariello–Lucidi, memory M = 10),
/// halving α otherwise. The first step is α₀ = min(1, 1/‖g₀‖₂).
/// Cost: one gradient per iteration when the BB step is accepted, O(n) memory.
///
/// Reference: J. Barzilai and J. M. Borwein, "Two-point step size gradient methods", IMA J. Numer.
/// Anal. 8, 1988; M. Raydan, "The Barzilai and Borwein gradient method for the large scale
/// unconstrained minimization problem", SIAM J. Optim. 7(1), 1997.
public struct BarzilaiBorwein: OptimizationMethod {
    /// Which of the two BB step formulas.
    public enum Variant: String, Sendable {
        /// α = sᵀs / sᵀy (the "long" step).
        case bb1
        /// α = sᵀy / yᵀy (the "short" step).
        case bb2
    }

    /// The step formula (default BB1).
    public var variant: Variant
    /// Memory M of the non-monotone test (default 10; 1 makes it monotone Armijo).
    public var memory: Int
    /// Smallest allowed step (default 1e-10).
    public var minStep: Double
    /// Largest allowed step (default 1e10).
    public var maxStep: Double

    /// A safeguarded BB method.
    public init(variant: Variant = .bb1, memory: Int = 10, minStep: Double = 1e-10, maxStep: Double = 1e10) {
        precondition(memory >= 1, "BarzilaiBorwein: memory must be at least 1, got \(memory)")
        self.variant = variant
        self.memory = memory
        self.minStep = minStep
        self.maxStep = maxStep
    }

    /// The name shown in results and traces.
    public var name: String { "Barzilai-Borwein (\(variant.rawValue))" }

    /// The last step length and the recent objective values.
    public struct State {
        var step: Double
        var recentValues: [Double]
        var previous: Iterate?
    }

    /// The state before the first step: α₀ = min(1, 1/‖g₀‖₂) and the value history {f₀}. Nothing to
    /// check: the method needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(step: Swift.min(1, 1 / start.gradient.norm(.two)), recentValues: [start.value], previous: nil)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        if let previous = state.previous {
            let s = (current.x - previous.x).flattened, y = (current.gradient - previous.gradient).flattened
            let sy = dot(s, y)
            if sy > 0 {
                let alpha = variant == .bb1 ? s.squaredNorm() / sy : sy / y.squaredNorm()
                state.step = Swift.min(Swift.max(alpha, minStep), maxStep)
            }
        }
        let reference = state.recentValues.max()!
        let g2 = current.gradient.squaredNorm()
        var alpha = state.step
        for _ in 0..<60 {
            let x = Tensor.scaledSum(-alpha, current.gradient, current.x)
            let (f, g) = problem.valueAndGradient(x)
            if f <= reference - 1e-4 * alpha * g2 {
                state.previous = current
                state.recentValues.append(f)
                if state.recentValues.count > memory { state.recentValues.removeFirst() }
                return .moved(Iterate(x: x, value: f, gradient: g))
            }
            alpha *= 0.5
        }
        return .failed
    }
}
