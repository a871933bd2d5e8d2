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
/// Long runs: `minimize(_:from:using:options:stateInterval:onState:)` also hands out the run's
/// `MinimizerState` every k iterations (to save it), and `minimize(_:resumingFrom:using:options:stateInterval:onState:)`
/// continues from one to exactly the result of the run that never stopped.
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
    try drive(objective, from: .point(x0), using: method, options: options, stateInterval: nil, onState: nil)
}

/// `minimize(_:from:using:options:)` that also hands out the run's resumable state every
/// `stateInterval` iterations, so that a long run can be saved and continued later
/// (`minimize(_:resumingFrom:using:options:stateInterval:onState:)`) to exactly the same result.
///
/// `onState` receives the state after iterations k = `stateInterval`, 2·`stateInterval`, … once
/// iteration k has passed its tests and did not stop the run, before iteration k + 1 (or the limit
/// that ends the run there). While a saddle escape is planned for the next iteration no state is
/// handed out (the plan is not part of it); the next multiple of the interval gets one.
///
/// - Parameters:
///   - objective: f with its derivatives.
///   - x0: the starting point.
///   - method: the method.
///   - options: tolerances, limits, trace and callback.
///   - stateInterval: the number of iterations between two states (≥ 1).
///   - onState: receives each state; an error it throws ends `minimize` with that error.
/// - Returns: the result, the same as without `onState`.
/// - Throws: what `minimize(_:from:using:options:)` throws, and what `onState` throws.
public func minimize<Method: OptimizationMethod>(_ objective: Objective, from x0: Tensor, using method: Method,
                                                 options: OptimizationOptions = OptimizationOptions(), stateInterval: Int,
                                                 onState: (MinimizerState<Method.State>) throws -> Void) throws -> OptimizationResult {
    precondition(stateInterval >= 1, "minimize: stateInterval must be at least 1, got \(stateInterval)")
    return try withoutActuallyEscaping(onState) { onState in
        try drive(objective, from: .point(x0), using: method, options: options, stateInterval: stateInterval, onState: onState)
    }
}

/// Continues a run of `minimize` from a state it handed out, taking exactly the iterates, values and
/// evaluation counts the run would have taken had it never stopped, and ending with the same result
/// (every bit of it but `elapsedSeconds` and the trace, which holds the iterations after `state`).
///
/// Give the same objective, method and options as the run that made the state. Iteration numbers
/// go on from `state.iterations` (trace entries, callbacks, `OptimizationResult.iterations`), the
/// counts from the state's, and `maxIterations`, `maxFunctionEvaluations` and `timeLimit` bound the
/// whole run, not this part of it. The tests of iteration `state.iterations` are not repeated (it
/// passed them), and the callback is first called after iteration `state.iterations` + 1.
///
/// - Parameters:
///   - objective: f with its derivatives.
///   - state: a state from `minimize(_:from:using:options:stateInterval:onState:)` (or from this
///     function), possibly decoded from a file.
///   - method: the method that made the state.
///   - options: tolerances, limits, trace and callback.
///   - stateInterval: the number of iterations between two further states (≥ 1; default 1), used
///     when `onState` is given; states are handed out at multiples of it counted from x₀.
///   - onState: receives further states (default none); an error it throws ends `minimize` with it.
/// - Returns: the result of the whole run.
/// - Throws: `OptimizationError.incompatibleState` when the state cannot continue this method (a
///   non-finite iterate, a negative count, a method state for another number of variables);
///   `.missingDerivative` as `minimize(_:from:using:options:)`; what `onState` throws.
public func minimize<Method: OptimizationMethod>(_ objective: Objective, resumingFrom state: MinimizerState<Method.State>,
                                                 using method: Method, options: OptimizationOptions = OptimizationOptions(),
                                                 stateInterval: Int = 1,
                                                 onState: ((MinimizerState<Method.State>) throws -> Void)? = nil) throws -> OptimizationResult {
    precondition(stateInterval >= 1, "minimize: stateInterval must be at least 1, got \(stateInterval)")
    if let reason = state.problem(for: method) { throw OptimizationError.incompatibleState(method: method.name, reason: reason) }
    return try drive(objective, from: .state(state), using: method, options: options, stateInterval: stateInterval, onState: onState)
}

/// Where `drive` starts: x₀, or a state handed out by an earlier run.
private enum Start<MethodState> {
    case point(Tensor)
    case state(MinimizerState<MethodState>)
}

/// The loop behind every `minimize` (documented there); `onState` gets the state every `stateInterval` iterations.
private func drive<Method: OptimizationMethod>(_ objective: Objective, from start: Start<Method.State>, using method: Method,
                                               options: OptimizationOptions, stateInterval: Int?,
                                               onState: ((MinimizerState<Method.State>) throws -> Void)?) throws -> OptimizationResult {
    if case .point(let x0) = start, let bad = x0.scalars.firstIndex(where: { !$0.isFinite }) {
        throw OptimizationError.nonFiniteStartingPoint(index: bad, value: x0.scalars[bad])
    }
    // A resumed run's counts and time go on from the state's.
    var resumed: MinimizerState<Method.State>? = nil
    if case .state(let saved) = start { resumed = saved }
    let clock = ContinuousClock()
    let started = clock.now
    let earlierSeconds = resumed?.elapsedSeconds ?? 0
    func elapsed() -> Double {
        let d = clock.now - started
        return earlierSeconds + Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    let problem = ObjectiveEvaluator(objective)
    var trace: [TraceEntry] = []

    let escapesSaddles = options.escapeSaddles ?? method.escapesSaddlesByDefault
    var escapes = resumed?.saddleEscapes ?? 0
    // Evaluations outside `problem`: those of earlier runs (resumed), plus the second-order checks at
    // saddles escaped (the final check is added in `finish`).
    var earlier = (function: resumed?.functionEvaluations ?? 0, gradient: resumed?.gradientEvaluations ?? 0,
                   hessian: resumed?.hessianEvaluations ?? 0,
                   hessianVectorProduct: resumed?.hessianVectorProductEvaluations ?? 0)
    func functionEvaluations() -> Int { problem.functionEvaluations + earlier.function }
    func gradientEvaluations() -> Int { problem.gradientEvaluations + earlier.gradient }

    func finish(_ point: Iterate, _ measure: Double, _ iterations: Int, _ termination: Termination,
                _ stationaryPoint: StationaryPoint = .notChecked) -> OptimizationResult {
        OptimizationResult(method: method.name, minimizer: point.x, minimum: point.value, gradient: point.gradient,
                           gradientNorm: measure, iterations: iterations,
                           functionEvaluations: functionEvaluations(),
                           gradientEvaluations: gradientEvaluations(),
                           hessianEvaluations: problem.hessianEvaluations + earlier.hessian
                               + stationaryPoint.hessianEvaluations,
                           hessianVectorProductEvaluations: problem.hessianVectorProductEvaluations
                               + earlier.hessianVectorProduct + stationaryPoint.hessianVectorProductEvaluations,
                           elapsedSeconds: elapsed(), trace: trace, stationaryPoint: stationaryPoint,
                           saddleEscapes: escapes, termination: termination)
    }

    var current: Iterate
    var state: Method.State
    var measure: Double
    var best: (iterate: Iterate, measure: Double)
    let startValue: Double
    var k: Int
    switch start {
    case .point(let x0):
        current = method.evaluate(x0, problem: problem)
        if !current.value.isFinite {
            return finish(current, .nan, 0, .nonFiniteValue)
        }
        if !current.gradient.isFinite {
            return finish(current, .nan, 0, .nonFiniteGradient)
        }
        state = try method.initialState(problem: problem, start: current)
        measure = method.stationarity(of: current, state: state, norm: options.gradientNorm)
        best = (current, measure)
        startValue = current.value
        k = 0
    case .state(let saved):
        // Checks what the method needs of the objective (a Hessian, …), then continues with the saved memory.
        _ = try method.initialState(problem: ObjectiveEvaluator(objective), start: saved.iterate)
        current = saved.iterate
        state = saved.method
        measure = method.stationarity(of: current, state: state, norm: options.gradientNorm)
        best = (saved.best, saved.bestStationarity)
        startValue = saved.startValue
        k = saved.iterations
    }
    let divergenceLimit = options.divergenceThreshold * Swift.max(1, Swift.abs(startValue))

    // Records iteration k and asks the callback; true means stop.
    func record(_ k: Int, _ point: Iterate, _ measure: Double, _ step: Double, escape: Bool = false) -> Bool {
        guard options.storeTrace || options.callback != nil else { return false }
        let entry = TraceEntry(iteration: k, x: options.traceIncludesX ? point.x : nil, value: point.value,
                               gradientNorm: measure, stepSize: step,
                               functionEvaluations: functionEvaluations(),
                               gradientEvaluations: gradientEvaluations(), elapsedSeconds: elapsed(),
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

    // A resumed state passed the tests of its iteration already.
    if resumed == nil {
        if record(0, current, measure, 0) { return finish(current, measure, 0, .stoppedByCallback) }
        if measure <= options.gradientTolerance, let result = converged(0) { return result }
    }

    var lastState = k
    while true {
        // Hand out the state between iterations k and k + 1, unless an escape is planned (not part of it).
        if let onState, let interval = stateInterval, k > lastState, k % interval == 0, pendingEscape == nil {
            lastState = k
            try onState(MinimizerState(iterations: k, iterate: current, best: best.iterate, bestStationarity: best.measure,
                                       startValue: startValue, functionEvaluations: functionEvaluations(),
                                       gradientEvaluations: gradientEvaluations(),
                                       hessianEvaluations: problem.hessianEvaluations + earlier.hessian,
                                       hessianVectorProductEvaluations: problem.hessianVectorProductEvaluations
                                           + earlier.hessianVectorProduct,
                                       saddleEscapes: escapes, elapsedSeconds: elapsed(), method: state))
        }
        let limit: Termination? = if k >= options.maxIterations { .iterationLimit }
            else if let most = options.maxFunctionEvaluations, functionEvaluations() >= most { .evaluationLimit }
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
            earlier.hessian += verdict.hessianEvaluations
            earlier.hessianVectorProduct += verdict.hessianVectorProductEvaluations
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

/// `minimize(_:from:using:options:stateInterval:onState:)` for a nonlinear least-squares objective
/// ½‖r(x)‖² (Levenberg–Marquardt needs this form).
/// - Parameters:
///   - objective: r(x) with its Jacobian.
///   - x0: the starting point.
///   - method: the method.
///   - options: tolerances, limits, trace and callback.
///   - stateInterval: the number of iterations between two states (≥ 1).
///   - onState: receives each state; an error it throws ends `minimize` with that error.
public func minimize<Method: OptimizationMethod>(_ objective: LeastSquaresObjective, from x0: Tensor, using method: Method,
                                                 options: OptimizationOptions = OptimizationOptions(), stateInterval: Int,
                                                 onState: (MinimizerState<Method.State>) throws -> Void) throws -> OptimizationResult {
    try minimize(objective.objective, from: x0, using: method, options: options, stateInterval: stateInterval, onState: onState)
}

/// `minimize(_:resumingFrom:using:options:stateInterval:onState:)` for a nonlinear least-squares
/// objective ½‖r(x)‖².
/// - Parameters:
///   - objective: r(x) with its Jacobian.
///   - state: a state handed out by a run on the same objective.
///   - method: the method that made the state.
///   - options: tolerances, limits, trace and callback.
///   - stateInterval: the number of iterations between two further states (≥ 1; default 1).
///   - onState: receives further states (default none).
public func minimize<Method: OptimizationMethod>(_ objective: LeastSquaresObjective, resumingFrom state: MinimizerState<Method.State>,
                                                 using method: Method, options: OptimizationOptions = OptimizationOptions(),
                                                 stateInterval: Int = 1,
                                                 onState: ((MinimizerState<Method.State>) throws -> Void)? = nil) throws -> OptimizationResult {
    try minimize(objective.objective, resumingFrom: state, using: method, options: options, stateInterval: stateInterval, onState: onState)
}
