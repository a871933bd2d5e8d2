import DescentCore

/// Nonlinear conjugate gradient: d_k = −g_k + β_k d_{k−1}, x_{k+1} = x_k + α_k d_k with a strong-Wolfe
/// line search (c₂ = 0.1 by default, as Fletcher–Reeves needs c₂ < ½ for descent).
///
/// - Fletcher–Reeves: β = ‖g_k‖² / ‖g_{k−1}‖².
/// - Polak–Ribière+: β = max(0, g_kᵀ(g_k − g_{k−1}) / ‖g_{k−1}‖²) (the max restarts automatically).
///
/// Restarts with d = −g every n iterations and whenever d is not a descent direction. Initial trial
/// step: min(1, 1.01·2(f_k − f_{k−1})/g_kᵀd_k) from the previous decrease (N&W eq. 3.60's
/// interpolation form, as SciPy does); at the first iteration f_{−1} = f₀ + ‖g₀‖₂/2.
/// Cost: one or a few gradients per iteration, O(n) memory.
///
/// Reference: R. Fletcher and C. M. Reeves, Computer J. 7, 1964; E. Polak and G. Ribière, 1969;
/// Nocedal and Wright, *Numerical Optimization*, 2006, §5.2 (Alg. 5.4, eq. 5.45).
public struct ConjugateGradient: OptimizationMethod {
    /// The β formula.
    public enum Update: String, Sendable {
        /// Fletcher–Reeves.
        case fletcherReeves
        /// Polak–Ribière with β clipped at 0.
        case polakRibierePlus
    }

    /// The β formula (default Polak–Ribière+).
    public var update: Update
    /// The line search (default strong Wolfe with c₂ = 0.1).
    public var lineSearch: StrongWolfeLineSearch
    /// Restart with steepest descent every this many iterations (default: n, the dimension).
    public var restartInterval: Int?

    /// Nonlinear CG with the given β formula.
    public init(update: Update = .polakRibierePlus, lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch(curvature: 0.1),
                restartInterval: Int? = nil) {
        self.update = update
        self.lineSearch = lineSearch
        self.restartInterval = restartInterval
    }

    /// The name shown in results and traces.
    public var name: String { update == .fletcherReeves ? "CG (Fletcher-Reeves)" : "CG (Polak-Ribiere+)" }

    /// The previous direction, gradient and value, and iterations since the last restart.
    public struct State {
        var direction: Tensor?
        var previousGradient: Tensor?
        var previousValue: Double
        var sinceRestart: Int
    }

    /// The state before the first step: no previous direction (the first step is −g₀) and a
    /// previous value f₀ + ‖g₀‖₂/2 for the first trial step of N&W eq. (3.60). Nothing to check:
    /// the method needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(direction: nil, previousGradient: nil, previousValue: start.value + start.gradient.norm(.two) / 2, sinceRestart: 0)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient
        var d = -g
        let interval = restartInterval ?? Swift.max(g.count, 1)
        if let previousDirection = state.direction, let previousGradient = state.previousGradient, state.sinceRestart < interval {
            let denominator = previousGradient.squaredNorm()
            let beta: Double
            switch update {
            case .fletcherReeves: beta = g.squaredNorm() / denominator
            case .polakRibierePlus: beta = Swift.max(0, dot(g.flattened, (g - previousGradient).flattened) / denominator)
            }
            let candidate = Tensor.scaledSum(beta, previousDirection, -g)
            if beta.isFinite && dot(candidate.flattened, g.flattened) < 0 {
                d = candidate
                state.sinceRestart += 1
            } else {
                state.sinceRestart = 0
            }
        } else {
            state.sinceRestart = 0
        }
        let slope = dot(g.flattened, d.flattened)
        var initial = 1.01 * 2 * (current.value - state.previousValue) / slope
        if !(initial > 0) || !initial.isFinite { initial = 1 }
        initial = Swift.min(1, initial)
        guard let found = lineSearch.search(problem: problem, from: current, direction: d, initialStep: initial, iteration: iteration) else {
            return .failed
        }
        state.direction = d
        state.previousGradient = g
        state.previousValue = current.value
        return .moved(found.iterate)
    }
}
