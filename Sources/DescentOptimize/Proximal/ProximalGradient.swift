import DescentCore

/// Proximal gradient (ISTA) and its accelerated form (FISTA) for composite objectives F = f + g,
/// f smooth (the `Objective`) and g a `ProximalOperator`:
/// x_{k+1} = prox_{t g}(y_k − t ∇f(y_k)), with y_k = x_k (ISTA) or
/// y_k = x_k + ((θ_{k−1} − 1)/θ_k)(x_k − x_{k−1}), θ_{k+1} = (1 + √(1 + 4θ_k²))/2 (FISTA).
///
/// Step size: fixed t, or Beck–Teboulle backtracking on the smooth part, halving t until
/// f(x⁺) ≤ f(y) + ∇f(y)ᵀ(x⁺ − y) + ‖x⁺ − y‖²/(2t) (t never grows again, so t ≥ ½/L).
/// Adaptive restart (O'Donoghue–Candès, gradient scheme): when (y_k − x_{k+1})ᵀ(x_{k+1} − x_k) > 0
/// the momentum is reset (θ = 1), which restores monotone progress and linear convergence on
/// strongly convex problems. With `NoRegularization` FISTA is Nesterov's accelerated gradient method.
///
/// The stationarity measure reported to the driver is the gradient mapping ‖(x − prox_{tg}(x − t∇f(x)))/t‖,
/// which is 0 exactly at minimizers of f + g; `Iterate.value` is f + g and `Iterate.gradient` is ∇f.
/// Convergence: F(x_k) − F* = O(1/k) for ISTA, O(1/k²) for FISTA.
///
/// Reference: A. Beck and M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear
/// inverse problems", SIAM J. Imaging Sci. 2(1), 2009; B. O'Donoghue and E. Candès, "Adaptive restart
/// for accelerated gradient schemes", Found. Comput. Math. 15, 2015.
public struct ProximalGradient<Regularizer: ProximalOperator>: OptimizationMethod {
    /// How the step t is chosen.
    public enum StepSize: Sendable {
        /// A constant t (converges for t ≤ 1/L, L the Lipschitz constant of ∇f).
        case fixed(Double)
        /// Beck–Teboulle backtracking from this initial t, halving on failure.
        case backtracking(initial: Double)
    }

    /// The non-smooth term g.
    public var regularizer: Regularizer
    /// FISTA (true) or ISTA (false).
    public var accelerated: Bool
    /// Reset the momentum when it points uphill (FISTA only; default true).
    public var adaptiveRestart: Bool
    /// The step-size rule (default backtracking from t = 1).
    public var stepSize: StepSize

    /// Proximal gradient for f + g.
    public init(regularizer: Regularizer, accelerated: Bool = true, adaptiveRestart: Bool = true,
                stepSize: StepSize = .backtracking(initial: 1)) {
        self.regularizer = regularizer
        self.accelerated = accelerated
        self.adaptiveRestart = adaptiveRestart
        self.stepSize = stepSize
    }

    /// The name shown in results and traces.
    public var name: String { (accelerated ? "FISTA" : "ISTA") + " (\(regularizer.name))" }

    /// The step t, the momentum θ_k, the previous point and the smooth value f(x_k).
    public struct State {
        var t: Double
        var theta: Double
        var previousX: Tensor?
        var smoothValue: Double
    }

    /// Value and gradient at x (see `OptimizationMethod.evaluate`).
    public func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate {
        let (f, g) = problem.valueAndGradient(x)
        return Iterate(x: x, value: f + regularizer.value(x), gradient: g)
    }

    /// The state before the first step: t from the step-size rule, θ = 1.
    /// - Precondition: the step size t is positive and finite.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        let t: Double
        switch stepSize {
        case .fixed(let value), .backtracking(let value):
            requirePositiveStepSize(value, "ProximalGradient: stepSize")
            t = value
        }
        return State(t: t, theta: 1, previousX: nil, smoothValue: start.value - regularizer.value(start.x))
    }

    /// The first-order optimality measure (see `OptimizationMethod.stationarity`).
    public func stationarity(of iterate: Iterate, state: State, norm: NormKind) -> Double {
        let forward = Tensor.scaledSum(-state.t, iterate.gradient, iterate.x)
        return ((iterate.x - regularizer.proximal(forward, step: state.t)) / state.t).norm(norm)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let nextTheta = (1 + (1 + 4 * state.theta * state.theta).squareRoot()) / 2
        let momentum = accelerated ? (state.theta - 1) / nextTheta : 0
        var y = current.x, fy = state.smoothValue, gy = current.gradient
        if momentum != 0, let previous = state.previousX {
            y = Tensor.scaledSum(momentum, current.x - previous, current.x)
            (fy, gy) = problem.valueAndGradient(y)
        }
        var accepted: (x: Tensor, f: Double, g: Tensor)? = nil
        for _ in 0..<60 {
            let x = regularizer.proximal(Tensor.scaledSum(-state.t, gy, y), step: state.t)
            let (f, g) = problem.valueAndGradient(x)
            if case .fixed = stepSize {
                accepted = (x, f, g)
                break
            }
            let d = (x - y).flattened
            // Sufficient decrease f(x) ≤ f(y) + ∇f(y)ᵀd + ‖d‖²/(2t). Once f(x) − f(y) is at the
            // rounding level of f, that test compares rounding errors and can keep halving t until
            // x = y, which then looks stationary; there the equivalent curvature test on gradients,
            // (∇f(x) − ∇f(y))ᵀd ≤ ‖d‖²/t, which does not cancel, decides (TFOCS: Becker, Candès &
            // Grant, "Templates for convex cone problems", 2011, §5.3).
            let accurate = Swift.abs(f - fy) >= 1e-10 * Swift.max(Swift.abs(f), Swift.abs(fy))
            if accurate ? f <= fy + dot(gy.flattened, d) + d.squaredNorm() / (2 * state.t)
                        : dot((g - gy).flattened, d) <= d.squaredNorm() / state.t {
                accepted = (x, f, g)
                break
            }
            state.t *= 0.5
        }
        guard let next = accepted else { return .failed }
        if accelerated && adaptiveRestart && dot((y - next.x).flattened, (next.x - current.x).flattened) > 0 {
            state.theta = 1
        } else {
            state.theta = accelerated ? nextTheta : 1
        }
        state.previousX = current.x
        state.smoothValue = next.f
        return .moved(Iterate(x: next.x, value: next.f + regularizer.value(next.x), gradient: next.g))
    }
}
