import DescentCore

/// A run of `minimize` between two iterations: everything the next iteration depends on, so that a
/// run resumed from it (`minimize(_:resumingFrom:using:options:stateInterval:onState:)`) takes
/// exactly the iterates, values and counts of the run that never stopped.
///
/// Why these fields: iteration k + 1 of the driver is a function of the iterate (x_k, f(x_k),
/// ∇f(x_k)), the method's memory (L-BFGS's pairs (sᵢ, yᵢ), BFGS's H_k, the trust radius Δ_k, …) and
/// k itself (line searches and schedules may use it); its stopping tests also read f(x₀) (the
/// divergence test f(x_k) − f(x₀) > threshold·max(1, |f(x₀)|)), the best point so far (returned when
/// the run does not converge) and the evaluation counts (`maxFunctionEvaluations`). The iterate is
/// stored rather than re-evaluated on resume, so its bits are the ones the run computed, and no
/// evaluation is spent twice.
///
/// `minimize` hands out a state after iteration k has passed all its tests (it did not stop there)
/// and before iteration k + 1 starts. It is `Codable` when the method's state is — every method of
/// this module's quasi-Newton and trust-region families, Newton and Newton-CG — and the coding is
/// exact: `Double`'s `Codable` writes the shortest decimal that reads back to the same bits.
///
/// Reference: Optim.jl's `OptimizationState` and its `initial_state`/`update_state!` split; Nocedal
/// and Wright, *Numerical Optimization*, 2nd ed., 2006 (what each method's memory holds).
public struct MinimizerState<MethodState> {
    /// Completed iterations k (counted from x₀ over every run that led here).
    public var iterations: Int
    /// x_k, f(x_k) and ∇f(x_k): where iteration k + 1 starts.
    public var iterate: Iterate
    /// The best point so far (lowest f, ties broken by stationarity), returned when the run ends
    /// without converging.
    public var best: Iterate
    /// The stationarity measure (‖∇f‖ in `OptimizationOptions.gradientNorm`) at `best`.
    public var bestStationarity: Double
    /// f(x₀), the reference of the divergence test.
    public var startValue: Double
    /// Function evaluations so far.
    public var functionEvaluations: Int
    /// Gradient evaluations so far.
    public var gradientEvaluations: Int
    /// Hessian evaluations so far (including the second-order checks of saddles escaped).
    public var hessianEvaluations: Int
    /// Hessian-vector products so far (including the second-order checks of saddles escaped).
    public var hessianVectorProductEvaluations: Int
    /// Saddle escapes taken so far (they count towards `OptimizationOptions.maxSaddleEscapes`).
    public var saddleEscapes: Int
    /// Wall-clock seconds spent so far, so that `OptimizationOptions.timeLimit` spans every run.
    public var elapsedSeconds: Double
    /// The method's memory (`LBFGS.State`, `BFGS.State`, `TrustRegion.State`, …).
    public var method: MethodState

    /// A state from its parts (normally `minimize` makes them; this is for tools that store them otherwise).
    /// - Parameters:
    ///   - iterations: completed iterations k.
    ///   - iterate: x_k with f(x_k) and ∇f(x_k).
    ///   - best: the best point so far.
    ///   - bestStationarity: the stationarity measure at `best`.
    ///   - startValue: f(x₀).
    ///   - functionEvaluations: function evaluations so far.
    ///   - gradientEvaluations: gradient evaluations so far.
    ///   - hessianEvaluations: Hessian evaluations so far.
    ///   - hessianVectorProductEvaluations: Hessian-vector products so far.
    ///   - saddleEscapes: saddle escapes so far.
    ///   - elapsedSeconds: wall-clock seconds so far.
    ///   - method: the method's memory.
    public init(iterations: Int, iterate: Iterate, best: Iterate, bestStationarity: Double, startValue: Double,
                functionEvaluations: Int, gradientEvaluations: Int, hessianEvaluations: Int,
                hessianVectorProductEvaluations: Int, saddleEscapes: Int, elapsedSeconds: Double, method: MethodState) {
        self.iterations = iterations
        self.iterate = iterate
        self.best = best
        self.bestStationarity = bestStationarity
        self.startValue = startValue
        self.functionEvaluations = functionEvaluations
        self.gradientEvaluations = gradientEvaluations
        self.hessianEvaluations = hessianEvaluations
        self.hessianVectorProductEvaluations = hessianVectorProductEvaluations
        self.saddleEscapes = saddleEscapes
        self.elapsedSeconds = elapsedSeconds
        self.method = method
    }
}

extension MinimizerState: Sendable where MethodState: Sendable {}
extension MinimizerState: Equatable where MethodState: Equatable {}
extension MinimizerState: Encodable where MethodState: Encodable {}
extension MinimizerState: Decodable where MethodState: Decodable {}

extension MinimizerState {
    /// Why this state cannot continue a minimization of `method` (a count below zero, an iterate
    /// whose x, f or ∇f is not finite, a method state saved for another number of variables), or nil.
    func problem<Method: OptimizationMethod>(for method: Method) -> String? where Method.State == MethodState {
        let counts = [iterations, functionEvaluations, gradientEvaluations, hessianEvaluations,
                      hessianVectorProductEvaluations, saddleEscapes]
        if counts.contains(where: { $0 < 0 }) { return "a count is negative" }
        for (name, point) in [("iterate", iterate), ("best point", best)] {
            if !point.x.isFinite || !point.value.isFinite || !point.gradient.isFinite {
                return "the \(name) has a non-finite x, f or gradient"
            }
            if point.gradient.count != point.x.count || point.x.shape != iterate.x.shape {
                return "the \(name) has x of shape \(point.x.shape) and a gradient of \(point.gradient.count) entries"
            }
        }
        if !startValue.isFinite { return "f(x₀) = \(startValue) is not finite" }
        return method.incompatibility(of: self.method, variables: iterate.x.count)
    }
}
