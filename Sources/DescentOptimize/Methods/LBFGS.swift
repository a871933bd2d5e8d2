import DescentCore

/// Limited-memory BFGS: d = −H_k g by the two-loop recursion over the last m pairs
/// (s_i, y_i), with H⁰_k = γ_k I, γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1} (N&W eq. 7.20), and L-BFGS-B's
/// line search by default: Moré–Thuente (`dcsrch`) with c₁ = 10⁻³, c₂ = 0.9, xtol = 0.1, trying α = 1.
///
/// With no pairs (the first step, or after a restart) the step is along −g from α₀ = 1/‖g‖₂, a first
/// move of unit length (L-BFGS-B's rule). Pairs with yᵀs ≤ 1e-10·‖s‖‖y‖ are dropped (they would break
/// positive definiteness). When the line search finds no acceptable step along the L-BFGS direction,
/// the pairs are forgotten and the search is repeated along −g (as L-BFGS-B does); only a failure
/// along −g ends the run. Cost: O(mn) per iteration and O(mn) memory.
///
/// On unconstrained problems this takes the steps of SciPy's L-BFGS-B (its compact representation gives
/// the same direction): run to ‖∇f‖∞ ≤ 10⁻⁵ from the same starts (Benchmarks/profiles.py's problems,
/// L-BFGS-B with ftol = 0), the function-evaluation counts are equal on 30 of the 35
/// Moré–Garbow–Hillstrom problems and 14 of the 16 at n = 1000; the others are long runs where rounding
/// (autodiff here, JAX there) moves a trial. One difference saves an evaluation: when the bracket is
/// narrower than xtol, `dcsrch` evaluates its best point once more, while this search returns it.
///
/// Reference: J. Nocedal, "Updating quasi-Newton matrices with limited storage", Math. Comp. 35, 1980;
/// D. C. Liu and J. Nocedal, Math. Program. 45, 1989; Nocedal and Wright, 2006, Alg. 7.4 and 7.5;
/// C. Zhu, R. H. Byrd, P. Lu and J. Nocedal, "Algorithm 778: L-BFGS-B", ACM TOMS 23(4), 1997.
public struct LBFGS: OptimizationMethod {
    /// The number m of stored pairs (default 10).
    public var memory: Int
    /// The line search (default `LBFGS.defaultLineSearch`).
    public var lineSearch: StrongWolfeLineSearch

    /// L-BFGS-B's line search: Moré–Thuente with c₁ = 1e-3, c₂ = 0.9, xtol = 0.1 and at most 20 trials;
    /// beyond L-BFGS-B, a search with no measurable decrease accepts a curvature-test trial within
    /// 10⁻¹⁰|f| of f (`roundingTolerance`), so tight gradient tolerances are reached where L-BFGS-B stops.
    public static var defaultLineSearch: StrongWolfeLineSearch {
        StrongWolfeLineSearch(sufficientDecrease: 1e-3, curvature: 0.9, maxEvaluations: 20, algorithm: .moreThuente,
                              intervalTolerance: 0.1, roundingTolerance: 1e-10)
    }

    /// L-BFGS with memory m.
    public init(memory: Int = 10, lineSearch: StrongWolfeLineSearch = LBFGS.defaultLineSearch) {
        precondition(memory >= 1, "LBFGS: memory must be at least 1, got \(memory)")
        self.memory = memory
        self.lineSearch = lineSearch
    }

    /// The name shown in results and traces.
    public var name: String { "L-BFGS" }

    /// L-BFGS's memory: the last m curvature pairs, oldest first, with sᵢ = x_{i+1} − x_i,
    /// yᵢ = ∇f(x_{i+1}) − ∇f(x_i) and ρᵢ = 1/(yᵢᵀsᵢ). The next direction −H_k∇f_k depends on nothing
    /// else: the two-loop recursion runs over these pairs and its initial scaling
    /// γ_k = s_{k−1}ᵀy_{k−1}/y_{k−1}ᵀy_{k−1} = 1/(ρ_{k−1}‖y_{k−1}‖²) (N&W eq. 7.20) comes from the newest.
    /// With no pairs (the first step, or after a restart) the step is along −∇f from α₀ = 1/‖∇f‖₂.
    public struct State: Sendable, Equatable, Codable {
        /// The steps sᵢ, flat vectors of n entries, oldest first.
        public var s: [Tensor]
        /// The gradient changes yᵢ, flat vectors of n entries, oldest first.
        public var y: [Tensor]
        /// ρᵢ = 1/(yᵢᵀsᵢ), kept rather than recomputed so that a resumed run uses the same bits.
        public var rho: [Double]

        /// A memory of these pairs (default: empty, the state before the first step).
        /// - Parameters:
        ///   - s: the steps sᵢ, oldest first.
        ///   - y: the gradient changes yᵢ, as many as `s`.
        ///   - rho: ρᵢ = 1/(yᵢᵀsᵢ), as many as `s`.
        public init(s: [Tensor] = [], y: [Tensor] = [], rho: [Double] = []) {
            precondition(s.count == y.count && y.count == rho.count,
                         "LBFGS.State: \(s.count) steps, \(y.count) gradient changes and \(rho.count) ρ values")
            self.s = s
            self.y = y
            self.rho = rho
        }

        private enum CodingKeys: String, CodingKey { case s, y, rho }

        /// Reads a memory saved by `encode(to:)`; the three lists must have equal lengths and the
        /// vectors one common size.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let s = try container.decodeTensors(forKey: .s), y = try container.decodeTensors(forKey: .y)
            let rho = try container.decode([Double].self, forKey: .rho)
            guard s.count == y.count, y.count == rho.count, Set((s + y).map(\.count)).count <= 1 else {
                throw DecodingError.dataCorruptedError(forKey: .rho, in: container,
                                                       debugDescription: "L-BFGS pairs of unequal counts or sizes")
            }
            self.init(s: s, y: y, rho: rho)
        }

        /// Saves the pairs (tensors as `{"shape", "scalars"}`) and ρ, every bit kept.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tensors: s, forKey: .s)
            try container.encode(tensors: y, forKey: .y)
            try container.encode(rho, forKey: .rho)
        }
    }

    /// The state before the first step: an empty memory of (s, y) pairs. Nothing to check: L-BFGS
    /// needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State { State() }

    /// Why a saved memory cannot continue a run over n variables: more than m pairs, or pairs of another size.
    public func incompatibility(of state: State, variables: Int) -> String? {
        if state.s.count > memory { return "\(state.s.count) saved pairs, more than the memory m = \(memory)" }
        if let bad = (state.s + state.y).first(where: { $0.count != variables }) {
            return "saved pairs of \(bad.count) entries for \(variables) variables"
        }
        return nil
    }

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

    /// The first trial step along −∇f with no pairs in memory: α₀ = 1/‖∇f‖₂, a first move of unit length.
    static func steepestDescentStep(_ g: Tensor) -> Double {
        let norm = g.norm(.two)
        return norm > 0 ? 1 / norm : 1
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient.flattened
        var d = -LBFGS.twoLoop(g, state)
        var initial = state.s.isEmpty ? LBFGS.steepestDescentStep(g) : 1
        if !(dot(d, g) < 0) {
            state = State()
            d = -g
            initial = LBFGS.steepestDescentStep(g)
        }
        var found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                      initialStep: initial, iteration: iteration)
        if found == nil && !state.s.isEmpty {
            // The pairs gave a direction along which no acceptable step exists (stale curvature far from
            // where it was measured): forget them and search along −∇f, as L-BFGS-B does.
            state = State()
            d = -g
            found = lineSearch.search(problem: problem, from: current, direction: d.reshaped(current.x.shape),
                                      initialStep: LBFGS.steepestDescentStep(g), iteration: iteration)
        }
        guard let found else { return .failed }
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
