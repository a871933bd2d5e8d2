import DescentCore

/// Minimizes f from x₀ with a method, owning the loop: stopping rules, limits, best point, trace, callbacks.
///
/// Each iteration k ≥ 1 asks the method for one step, then checks in this order: NaN value →
/// `.nonFiniteValue`; f = ±∞ or f − f(x₀) > `divergenceThreshold`·max(1, |f(x₀)|) → `.diverged`;
/// non-finite gradient → `.nonFiniteGradient` (with `iterations` = k); then the callback; then convergence
/// (stationarity ≤ gtol, ‖Δx‖₂ ≤ xtol, relative |Δf| ≤ ftol); then the iteration, evaluation and
/// time limits. The gradient at x₀ is checked first, so starting at a minimizer takes 0 iterations.
///
/// Second order: a point that passes the gradient test is classified by `options.secondOrderCheck`
/// (`OptimizationResult.stationaryPoint`: minimum, saddle with λmin, …) when the objective has a
/// Hessian or Hessian-vector products and the method minimizes f itself. At a saddle (or maximum),
/// when `options.escapeSaddles` (default: the method's `escapesSaddlesByDefault`) allows and fewer
/// than `options.maxSaddleEscapes` escapes were taken, the next iteration is a `SaddleEscape` step
/// along the eigenvector of λmin instead of a method step; the method then restarts from its initial
/// state there, and the run goes on. When no such step lowers f, the saddle is reported.
///
/// - Parameters:
///   - objective: f with its derivatives.
///   - x0: the starting point (any shape; methods treat it as a flat vector).
///   - method: the method (`BFGS()`, `LBFGS()`, `GradientDescent(lineSearch:)`, `Newton()`, …).
///   - options: tolerances, limits, trace and callback.
/// - Returns: the result; when no convergence criterion was met, the best point seen.
/// - Throws: `OptimizationError.nonFiniteStartingPoint` when x₀ has a NaN/∞ entry;
///   `.missingDerivative` when the method needs a Hessian (or residuals) the objective lacks.
/// - Complexity: the method's per-iteration cost plus O(n) per iteration for the checks.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006; Optim.jl's `optimize`.
public func minimize<Method: OptimizationMethod>(_ objective: Objective, from x0: Tensor, using method: Method,
                                                 options: OptimizationOptions = OptimizationOptions()) throws -> OptimizationResult {
    if let bad = x0.scalars.firstIndex(where: { !$0.isFinite }) {
        throw OptimizationError.nonFiniteStartingPoint(index: bad, value: x0.scalars[bad])
    }
    let clock = ContinuousClock()
    let started = clock.now
    func elapsed() -> Double {
        let d = clock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    let problem = ObjectiveEvaluator(objective)
    var trace: [TraceEntry] = []

    let escapesSaddles = options.escapeSaddles ?? method.escapesSaddlesByDefault
    var escapes = 0
    // Second-order evaluations of the checks at saddles escaped earlier (the final one is added in `finish`).
    var checks = (hessianEvaluations: 0, hessianVectorProductEvaluations: 0)

    func finish(_ point: Iterate, _ measure: Double, _ iterations: Int, _ termination: Termination,
                _ stationaryPoint: StationaryPoint = .notChecked) -> OptimizationResult {
        OptimizationResult(method: method.name, minimizer: point.x, minimum: point.value, gradient: point.gradient,
                           gradientNorm: measure, iterations: iterations,
                           functionEvaluations: problem.functionEvaluations,
                           gradientEvaluations: problem.gradientEvaluations,
                           hessianEvaluations: problem.hessianEvaluations + checks.hessianEvaluations
                               + stationaryPoint.hessianEvaluations,
                           hessianVectorProductEvaluations: problem.hessianVectorProductEvaluations
                               + checks.hessianVectorProductEvaluations + stationaryPoint.hessianVectorProductEvaluations,
                           elapsedSeconds: elapsed(), trace: trace, stationaryPoint: stationaryPoint,
                           saddleEscapes: escapes, termination: termination)
    }

    var current = method.evaluate(x0, problem: problem)
    if !current.value.isFinite {
        return finish(current, .nan, 0, .nonFiniteValue)
    }
    if !current.gradient.isFinite {
        return finish(current, .nan, 0, .nonFiniteGradient)
    }
    var state = try method.initialState(problem: problem, start: current)
    var measure = method.stationarity(of: current, state: state, norm: options.gradientNorm)
    var best = (iterate: current, measure: measure)
    let startValue = current.value
    let divergenceLimit = options.divergenceThreshold * Swift.max(1, Swift.abs(startValue))

    // Records iteration k and asks the callback; true means stop.
    func record(_ k: Int, _ point: Iterate, _ measure: Double, _ step: Double, escape: Bool = false) -> Bool {
        guard options.storeTrace || options.callback != nil else { return false }
        let entry = TraceEntry(iteration: k, x: options.traceIncludesX ? point.x : nil, value: point.value,
                               gradientNorm: measure, stepSize: step,
                               functionEvaluations: problem.functionEvaluations,
                               gradientEvaluations: problem.gradientEvaluations, elapsedSeconds: elapsed(),
                               isSaddleEscape: escape)
        if options.storeTrace { trace.append(entry) }
        return options.callback?(entry) == .stop
    }

    // The gradient test passed at `current` after k iterations: classify the point, then either
    // finish there or plan an escape along negative curvature for the next iteration.
    var pendingEscape: (escape: SaddleEscape, verdict: StationaryPoint)? = nil
    func converged(_ k: Int) -> OptimizationResult? {
        let check = method.minimizesSmoothObjective ? options.secondOrderCheck : .off
        let (verdict, direction) = check.examine(objective, at: current.x)
        if escapesSaddles, escapes < options.maxSaddleEscapes, let direction, let lambda = verdict.minEigenvalue {
            pendingEscape = (SaddleEscape(direction: direction, curvature: lambda), verdict)
            return nil
        }
        return finish(current, measure, k, .convergedGradient, verdict)
    }

    if record(0, current, measure, 0) { return finish(current, measure, 0, .stoppedByCallback) }
    if measure <= options.gradientTolerance, let result = converged(0) { return result }

    var k = 0
    while true {
        let limit: Termination? = if k >= options.maxIterations { .iterationLimit }
            else if let most = options.maxFunctionEvaluations, problem.functionEvaluations >= most { .evaluationLimit }
            else if let seconds = options.timeLimit, elapsed() >= seconds { .timeLimit }
            else { nil }
        if let limit {
            // A planned escape needs one more iteration; without budget for it the saddle is the answer.
            if let (_, verdict) = pendingEscape { return finish(current, measure, k, .convergedGradient, verdict) }
            return finish(best.iterate, best.measure, k, limit)
        }

        k += 1
        let next: Iterate
        let escaping = pendingEscape != nil
        if let (escape, verdict) = pendingEscape {
            pendingEscape = nil
            guard let x = escape.search(from: current, problem: problem) else {
                return finish(current, measure, k - 1, .convergedGradient, verdict)
            }
            next = method.evaluate(x, problem: problem)
            escapes += 1
            checks.hessianEvaluations += verdict.hessianEvaluations
            checks.hessianVectorProductEvaluations += verdict.hessianVectorProductEvaluations
            if next.value.isFinite && next.gradient.isFinite { state = try method.initialState(problem: problem, start: next) }
        } else {
            let outcome = method.step(from: current, state: &state, problem: problem, iteration: k)
            guard case .moved(let moved) = outcome else {
                if case .stopped(let reason) = outcome { return finish(best.iterate, best.measure, k - 1, reason) }
                return finish(best.iterate, best.measure, k - 1, .lineSearchFailed)
            }
            next = moved
        }
        if next.value.isNaN { return finish(best.iterate, best.measure, k, .nonFiniteValue) }
        if next.value.isInfinite || next.value - startValue > divergenceLimit {
            return finish(best.iterate, best.measure, k, .diverged)
        }
        if !next.gradient.isFinite { return finish(best.iterate, best.measure, k, .nonFiniteGradient) }

        let stepSize = (next.x - current.x).norm(.two)
        let previousValue = current.value
        current = next
        measure = method.stationarity(of: current, state: state, norm: options.gradientNorm)
        if current.value < best.iterate.value || (current.value == best.iterate.value && measure < best.measure) {
            best = (current, measure)
        }
        if record(k, current, measure, stepSize, escape: escaping) { return finish(current, measure, k, .stoppedByCallback) }

        if measure <= options.gradientTolerance {
            if let result = converged(k) { return result }
            continue
        }
        if options.stepTolerance > 0 && stepSize <= options.stepTolerance { return finish(current, measure, k, .convergedStep) }
        let change = Swift.abs(current.value - previousValue)
        let scale = Swift.max(Swift.abs(current.value), Swift.abs(previousValue), 1)
        if options.functionTolerance > 0 && change <= options.functionTolerance * scale { return finish(current, measure, k, .convergedFunctionChange) }
    }
}

/// Minimizes a nonlinear least-squares objective ½‖r(x)‖² (see `minimize(_:from:using:options:)`);
/// Levenberg–Marquardt needs this form, every other method accepts it too.
public func minimize<Method: OptimizationMethod>(_ objective: LeastSquaresObjective, from x0: Tensor, using method: Method,
                                                 options: OptimizationOptions = OptimizationOptions()) throws -> OptimizationResult {
    try minimize(objective.objective, from: x0, using: method, options: options)
}
