import DescentCore

/// Nonlinear conjugate gradient: d_k = −g_k + β_k d_{k−1}, x_{k+1} = x_k + α_k d_k.
///
/// - Polak–Ribière+ (the default): β = max(0, g_kᵀ(g_k − g_{k−1}) / ‖g_{k−1}‖²) (the max restarts
///   automatically), with a Moré–Thuente strong-Wolfe line search (c₁ = 10⁻⁴, c₂ = 0.1).
/// - Hager–Zhang (CG_DESCENT): with y = g_k − g_{k−1} and the previous direction d,
///   β^N = (y − 2d‖y‖²/(dᵀy))ᵀg_k / (dᵀy), bounded below by η_k = −1/(‖d‖₂ min(η, ‖g_{k−1}‖₂)):
///   β = max(β^N, η_k). Every direction satisfies dᵀg ≤ −(7/8)‖g‖² whatever the line search, and the
///   lower bound keeps the global convergence of the unbounded formula while allowing β < 0. The
///   step comes from `ApproximateWolfeLineSearch`, whose `initialStep` gives the first trial (ψ₀,
///   QuadStep, ψ₂).
/// - Fletcher–Reeves: β = ‖g_k‖² / ‖g_{k−1}‖², with the strong-Wolfe search of Polak–Ribière+
///   (Fletcher–Reeves needs c₂ < ½ for descent).
///
/// Polak–Ribière+ and Fletcher–Reeves start each search from min(1, 1.01·2(f_k − f_{k−1})/g_kᵀd_k)
/// (N&W eq. 3.60's interpolation form, as SciPy does; at the first iteration f_{−1} = f₀ + ‖g₀‖₂/2).
/// Every variant restarts with d = −g whenever d is not a descent direction, and every
/// `restartInterval` iterations when one is set. By default Polak–Ribière+ has no periodic restart:
/// β⁺ = 0 restarts it where the gradients lose conjugacy, as in SciPy's CG; Hager–Zhang restarts
/// every 6n iterations (as CG_DESCENT does) and Fletcher–Reeves every n (without restarts its β ≈ 1
/// keeps a jammed direction). Restarting Polak–Ribière+ every n iterations as well cost 2.3× the
/// evaluations in total on the Moré–Garbow–Hillstrom problems (n = 2…12: Osborne 1, 9519 against
/// 2453) and solved two fewer; at n = 1000 both solve the same 13 problems with the same profile
/// (4456 against 3987 evaluations in all).
/// Cost: one or a few gradients per iteration, O(n) memory.
///
/// The defaults are measured (Benchmarks/profiles.py, function evaluations, 35 Moré–Garbow–Hillstrom
/// problems and 16 at n = 1000, in the profile of this method and SciPy's CG alone): Polak–Ribière+
/// with c₂ = 0.1 and no periodic restart solves 30 / 35 and 13 / 16 against SciPy's 27 and 9, with
/// ρ(1) 0.60 / 0.43 and 0.56 / 0.44, ρ(2) 0.80 / 0.74 and 0.75 / 0.56. With SciPy's c₂ = 0.4 it
/// lost ρ(2) on the first set (0.74 / 0.77), with c₂ = 0.2 it solved 11 of the 16; an uncapped first
/// trial, and Hager–Zhang with its approximate-Wolfe search (the former default) each lost on one of
/// the two sets. Where f's decrease falls below its rounding the search accepts a curvature-test step
/// within 10⁻¹⁰|f| (`StrongWolfeLineSearch.roundingTolerance`).
///
/// Reference: E. Polak and G. Ribière, 1969; J. C. Gilbert and J. Nocedal, SIAM J. Optim. 2(1), 1992;
/// W. W. Hager and H. Zhang, SIAM J. Optim. 16(1), 2005 (eq. 1.5–1.7) and ACM TOMS 32(1), 2006;
/// R. Fletcher and C. M. Reeves, Computer J. 7, 1964; J. J. Moré and D. J. Thuente, ACM TOMS 20(3),
/// 1994; Nocedal and Wright, *Numerical Optimization*, 2006, §5.2 (Alg. 5.4, eq. 5.45).
public struct ConjugateGradient: OptimizationMethod {
    /// The β formula.
    public enum Update: String, Sendable, CaseIterable {
        /// Hager–Zhang (CG_DESCENT) with the η_k lower bound and the approximate Wolfe line search.
        case hagerZhang
        /// Polak–Ribière with β clipped at 0, strong-Wolfe line search (the default).
        case polakRibierePlus
        /// Fletcher–Reeves, strong-Wolfe line search.
        case fletcherReeves
    }

    /// The β formula (default Polak–Ribière+).
    public var update: Update
    /// The line search of Polak–Ribière+ and Fletcher–Reeves (default `ConjugateGradient.defaultLineSearch`).
    public var lineSearch: StrongWolfeLineSearch
    /// The line search of Hager–Zhang (default CG_DESCENT's constants).
    public var approximateWolfe: ApproximateWolfeLineSearch
    /// η in the Hager–Zhang lower bound η_k = −1/(‖d‖ min(η, ‖g‖)) (default 0.01).
    public var eta: Double
    /// Restart with steepest descent every this many iterations (default: 6n for Hager–Zhang, n for
    /// Fletcher–Reeves, none for Polak–Ribière+).
    public var restartInterval: Int?

    /// Moré–Thuente's strong-Wolfe search with c₁ = 10⁻⁴ and c₂ = 0.1; a search with no measurable
    /// decrease accepts a curvature-test trial within 10⁻¹⁰|f| of f (`roundingTolerance`).
    public static var defaultLineSearch: StrongWolfeLineSearch {
        StrongWolfeLineSearch(sufficientDecrease: 1e-4, curvature: 0.1, algorithm: .moreThuente, roundingTolerance: 1e-10)
    }

    /// Nonlinear CG with the given β formula.
    public init(update: Update = .polakRibierePlus, lineSearch: StrongWolfeLineSearch = ConjugateGradient.defaultLineSearch,
                approximateWolfe: ApproximateWolfeLineSearch = ApproximateWolfeLineSearch(), eta: Double = 0.01,
                restartInterval: Int? = nil) {
        precondition(eta > 0, "ConjugateGradient: eta must be positive, got \(eta)")
        precondition(restartInterval.map { $0 >= 1 } ?? true, "ConjugateGradient: restartInterval must be ≥ 1")
        self.update = update
        self.lineSearch = lineSearch
        self.approximateWolfe = approximateWolfe
        self.eta = eta
        self.restartInterval = restartInterval
    }

    /// The name shown in results and traces.
    public var name: String {
        switch update {
        case .hagerZhang: return "CG (Hager-Zhang)"
        case .polakRibierePlus: return "CG (Polak-Ribiere+)"
        case .fletcherReeves: return "CG (Fletcher-Reeves)"
        }
    }

    /// The previous direction, gradient, value and step, and iterations since the last restart.
    public struct State {
        var direction: Tensor?
        var previousGradient: Tensor?
        var previousValue: Double
        var previousStep: Double?
        var sinceRestart: Int
    }

    /// The state before the first step: no previous direction (the first step is −g₀) and a
    /// previous value f₀ + ‖g₀‖₂/2 for the first trial step of N&W eq. (3.60). Nothing to check:
    /// the method needs only gradients.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        State(direction: nil, previousGradient: nil, previousValue: start.value + start.gradient.norm(.two) / 2,
              previousStep: nil, sinceRestart: 0)
    }

    /// β for the current gradient g after the previous direction d and gradient g₋ (the type's formulas).
    func beta(_ g: Tensor, _ previousGradient: Tensor, _ previousDirection: Tensor) -> Double {
        switch update {
        case .fletcherReeves:
            return g.squaredNorm() / previousGradient.squaredNorm()
        case .polakRibierePlus:
            return Swift.max(0, dot(g.flattened, (g - previousGradient).flattened) / previousGradient.squaredNorm())
        case .hagerZhang:
            let y = (g - previousGradient).flattened, d = previousDirection.flattened, gk = g.flattened
            let dy = dot(d, y)
            let betaN = (dot(y, gk) - 2 * y.squaredNorm() * dot(d, gk) / dy) / dy
            let lower = -1 / (d.norm(.two) * Swift.min(eta, previousGradient.norm(.two)))
            return Swift.max(betaN, lower)
        }
    }

    /// The periodic restart when `restartInterval` is nil: 6n for Hager–Zhang, n for Fletcher–Reeves,
    /// none (`Int.max`) for Polak–Ribière+.
    func defaultRestartInterval(dimension n: Int) -> Int {
        switch update {
        case .hagerZhang: return 6 * Swift.max(n, 1)
        case .fletcherReeves: return Swift.max(n, 1)
        case .polakRibierePlus: return Int.max
        }
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient
        var d = -g
        let interval = restartInterval ?? defaultRestartInterval(dimension: g.count)
        if let previousDirection = state.direction, let previousGradient = state.previousGradient, state.sinceRestart < interval {
            let b = beta(g, previousGradient, previousDirection)
            let candidate = Tensor.scaledSum(b, previousDirection, -g)
            if b.isFinite && dot(candidate.flattened, g.flattened) < 0 {
                d = candidate
                state.sinceRestart += 1
            } else {
                state.sinceRestart = 0
            }
        } else {
            state.sinceRestart = 0
        }
        let found: LineSearchResult?
        if update == .hagerZhang {
            let initial = approximateWolfe.initialStep(problem: problem, from: current, direction: d, previousStep: state.previousStep)
            found = approximateWolfe.search(problem: problem, from: current, direction: d, initialStep: initial, iteration: iteration)
        } else {
            let slope = dot(g.flattened, d.flattened)
            var initial = 1.01 * 2 * (current.value - state.previousValue) / slope
            if !(initial > 0) || !initial.isFinite { initial = 1 }
            initial = Swift.min(1, initial)
            found = lineSearch.search(problem: problem, from: current, direction: d, initialStep: initial, iteration: iteration)
        }
        guard let found else { return .failed }
        state.direction = d
        state.previousGradient = g
        state.previousValue = current.value
        state.previousStep = found.step
        return .moved(found.iterate)
    }
}
