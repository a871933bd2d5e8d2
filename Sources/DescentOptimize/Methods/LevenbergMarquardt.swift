import DescentCore

/// Levenberg–Marquardt for f(x) = ½‖r(x)‖²: solve (JᵀJ + μI) h = −Jᵀr, accept x + h when the gain
/// ratio ρ = (f(x) − f(x + h)) / (½ hᵀ(μh − Jᵀr)) > 0, and update the damping by Nielsen's rule:
/// on success μ ← μ·max(⅓, 1 − (2ρ − 1)³), ν ← 2; on failure μ ← μν, ν ← 2ν.
///
/// μ₀ = τ·max diag(JᵀJ₀) with τ = 1e-3. Needs a `LeastSquaresObjective`. One driver iteration loops
/// until a step is accepted (each rejected trial costs one residual evaluation); the Jacobian is
/// evaluated once per accepted point. Cost: O(mn² + n³/3) per trial.
///
/// Reference: H. B. Nielsen, "Damping parameter in Marquardt's method", IMM-REP-1999-05, DTU, 1999;
/// K. Madsen, H. B. Nielsen and O. Tingleff, *Methods for Non-Linear Least Squares Problems*, 2004, Alg. 3.16.
public struct LevenbergMarquardt: OptimizationMethod {
    /// τ in μ₀ = τ·max diag(JᵀJ) (default 1e-3).
    public var initialDampingScale: Double

    /// Levenberg–Marquardt with Nielsen's damping update.
    public init(initialDampingScale: Double = 1e-3) {
        precondition(initialDampingScale > 0, "LevenbergMarquardt: initial damping scale must be positive, got \(initialDampingScale)")
        self.initialDampingScale = initialDampingScale
    }

    /// The name shown in results and traces.
    public var name: String { "Levenberg-Marquardt" }

    /// The damping μ, its growth factor ν and the residuals and Jacobian at the current point.
    public struct State {
        var mu: Double
        var nu: Double
        var residuals: Tensor
        var jacobian: Tensor
    }

    /// Value and gradient at x (see `OptimizationMethod.evaluate`).
    public func evaluate(_ x: Tensor, problem: ObjectiveEvaluator) -> Iterate {
        guard let r = problem.residuals(x), let j = problem.jacobian(x) else {
            let (f, g) = problem.valueAndGradient(x)
            return Iterate(x: x, value: f, gradient: g)
        }
        return Iterate(x: x, value: 0.5 * r.squaredNorm(), gradient: matmul(j, r, transposeA: true).reshaped(x.shape))
    }

    /// The state before the first step: μ₀ = τ·max diag(JᵀJ) and ν = 2 at x₀; throws
    /// `OptimizationError.missingDerivative` unless the objective is a `LeastSquaresObjective`.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.objective.leastSquares != nil else {
            throw OptimizationError.missingDerivative(method: name, needs: "residuals and a Jacobian (a LeastSquaresObjective)")
        }
        // The starting residuals and Jacobian are recomputed once here: `evaluate` returns only an Iterate.
        let r = problem.residuals(start.x)!, j = problem.jacobian(start.x)!
        return State(mu: initialDampingScale * j.gram.diagonalElements.max(), nu: 2, residuals: r, jacobian: j)
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let a = state.jacobian.gram
        let g = current.gradient.flattened
        for _ in 0..<100 {
            guard let (h, _) = shiftedCholeskySolve(a, -g, initialShift: state.mu, minimumShift: Swift.max(state.mu, 1e-300)) else { return .failed }
            let x = Tensor.scaledSum(1, h.reshaped(current.x.shape), current.x)
            guard let r = problem.residuals(x) else { return .failed }
            let f = 0.5 * r.squaredNorm()
            let predicted = 0.5 * dot(h, h * state.mu - g)
            let rho = f.isFinite && predicted > 0 ? (current.value - f) / predicted : -1
            if rho > 0 {
                state.mu *= Swift.max(1.0 / 3, 1 - cube(2 * rho - 1))
                state.nu = 2
                guard let j = problem.jacobian(x) else { return .failed }
                state.residuals = r
                state.jacobian = j
                return .moved(Iterate(x: x, value: f, gradient: matmul(j, r, transposeA: true).reshaped(x.shape)))
            }
            state.mu *= state.nu
            state.nu *= 2
            if !state.mu.isFinite { return .failed }
        }
        return .failed
    }
}

@inline(__always) private func cube(_ x: Double) -> Double { x * x * x }
