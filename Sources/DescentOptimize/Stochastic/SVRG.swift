import DescentCore

/// Stochastic variance-reduced gradient (SVRG): every epoch takes a snapshot θ̃ with its full
/// gradient μ = ∇f(θ̃), then runs m inner steps with the control-variate estimate
///
///     g = ∇f_B(θ) − ∇f_B(θ̃) + μ,   θ ← θ − η·g
///
/// and the last inner iterate becomes the next snapshot (option I of the paper's practical
/// variant). For L-smooth, μ-strongly convex f with η ≈ 1/(10L) the error contracts linearly per
/// epoch. The full gradient at each snapshot doubles as the convergence test, so a start at the
/// optimum stops after 0 epochs.
///
/// Reference: Johnson & Zhang, "Accelerating stochastic gradient descent using predictive
/// variance reduction", NeurIPS 2013, Figure 1.
/// - Parameters:
///   - problem: the finite sum f = (1/n) Σᵢ fᵢ.
///   - start: θ₀.
///   - learningRate: η, typically ≤ 1/(4 L_max): a number, or a `Schedule` η(t) of the
///     number of inner updates t = 0, 1, … so far (over all epochs).
///   - options: epochs, batch size, seed, gradient tolerance, divergence limit.
/// - Precondition: a constant `learningRate` is positive and finite.
/// - Complexity: per epoch n + 2·m·b component gradients.
public func svrg(_ problem: FiniteSumProblem, from start: Tensor, learningRate: some ScalarOrSchedule,
                 options: StochasticOptions = StochasticOptions()) -> StochasticResult {
    let learningRate = validatedLearningRate(learningRate, "svrg")
    var monitor = StochasticMonitor(problem: problem, start: start, options: options)
    var theta = start
    let inner = options.innerIterations ?? monitor.batchesPerPass
    for _ in 0..<options.epochs {
        let snapshot = theta
        let mu = monitor.fullGradient(snapshot)
        if let stop = monitor.check(gradient: mu) ?? monitor.converged(mu) { return monitor.result(theta, stop) }
        for _ in 0..<inner {
            let batch = monitor.nextBatch()
            let g = monitor.gradient(theta, batch) - monitor.gradient(snapshot, batch) + mu
            if let stop = monitor.check(gradient: g) { return monitor.result(theta, stop) }
            theta = Tensor.scaledSum(-learningRate(monitor.iterations), g, theta)
            if let stop = monitor.afterUpdate(theta) { return monitor.result(theta, stop) }
        }
        if let stop = monitor.endEpoch(theta, computeGradient: false) { return monitor.result(theta, stop) }
    }
    return monitor.finish(theta)
}
