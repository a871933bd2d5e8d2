import DescentCore

/// Limited-memory BFGS: d = −H_k g by the two-loop recursion over the last m pairs
/// (s_i, y_i), with H⁰_k = γ_k I, γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1} (N&W eq. 7.20), and a
/// strong-Wolfe line search (c₂ = 0.9) trying α = 1.
///
/// The first step tries α₀ = min(1, 1/‖g₀‖₂) along −g₀. Pairs with yᵀs ≤ 1e-10·‖s‖‖y‖ are dropped
/// (they would break positive definiteness). Cost: O(mn) per iteration and O(mn) memory.
///
/// Reference: J. Nocedal, "Updating quasi-Newton matrices with limited storage", Math. Comp. 35, 1980;
/// D. C. Liu and J. Nocedal, Math. Program. 45, 1989; Nocedal and Wright, 2006, Alg. 7.4 and 7.5.
public struct LBFGS: OptimizationMethod {
    /// The number m of stored pairs (default 10).
    public var memory: Int
    /// The line search (default strong Wolfe, c₂ = 0.9).
    public var lineSearch: StrongWolfeLineSearch

    /// L-BFGS with memory m.
    public init(memory: Int = 10, lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()) {
        precondition(memory >= 1, "LBFGS: memory must be at least 1, got \(memory)")
        self.memory = memory
        self.lineSearch = lineSearch
    }

    /// The name shown in results and traces.
    public var name: String { "L-BFGS" }

    /// The stored curvature pairs, oldest first, with ρᵢ = 1/(yᵢᵀsᵢ).
    public struct State {
        var s: [Tensor] = []
        var y: [Tensor] = []
        var rho: [Double] = []
    }

    /// The state before the first step: an empty memory of (s, y) pairs. Nothing to check: L-BFGS
    /// needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State { State() }

    /// The two-loop recursion: returns H_k·q (N&W Alg. 7.4).
    static func twoLoop(_ q0: Tensor, _ state: State) -> Tensor {
        var q = q0
        let m = state.s.count
        var alpha = [Double](repeating: 0, count: m)
        for i in stride(from: m - 1, through: 0, by: -1) {
            alpha[i] = state.rho[i] * dot(state.s[i], q)
            q.addScaled(state.y[i], by: -alpha[i])
        }
        if m > 0 {
            let gamma: Double = 1 / (state.rho[m - 1] * state.y[m - 1].squaredNorm())
            q *= gamma
        }
        for i in 0..<m {
            let beta = state.rho[i] * dot(state.y[i], q)
            q.addScaled(state.s[i], by: alpha[i] - beta)
        }
        return q
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient.flattened
        var d = -LBFGS.twoLoop(g, state)
        var initial = state.s.isEmpty ? Swift.min(1, 1 / g.norm(.two)) : 1
        if !(dot(d, g) < 0) {
            state = State()
            d = -g
            initial = Swift.min(1, 1 / g.norm(.two))
        }
        guard let found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                            initialStep: initial, iteration: iteration) else { return .failed }
        let s = (found.iterate.x - current.x).flattened
        let y = found.iterate.gradient.flattened - g
        let sy = dot(s, y)
        if sy > 1e-10 * s.norm(.two) * y.norm(.two) {
            if state.s.count == memory {
                state.s.removeFirst(); state.y.removeFirst(); state.rho.removeFirst()
            }
            state.s.append(s); state.y.append(y); state.rho.append(1 / sy)
        }
        return .moved(found.iterate)
    }
}
