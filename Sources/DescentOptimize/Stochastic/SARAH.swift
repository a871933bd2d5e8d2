import DescentCore

/// SARAH, the stochastic recursive gradient algorithm: each epoch starts from the full gradient
/// v₀ = ∇f(θ₀) and takes θ₁ = θ₀ − ηv₀, then updates the estimate recursively,
///
///     v_t = ∇f_B(θ_t) − ∇f_B(θ_{t−1}) + v_{t−1},   θ_{t+1} = θ_t − η·v_t,   t = 1, …, m − 1
///
/// and the last iterate starts the next epoch. Unlike SVRG the estimate is biased but its
/// variance vanishes along the inner loop; for strongly convex f, η ≤ 1/(2L) gives linear
/// convergence per epoch. The full gradient at each epoch start doubles as the convergence test.
///
/// Reference: Nguyen, Liu, Scheinberg & Takáč, "SARAH: a novel method for machine learning
/// problems using stochastic recursive gradient", ICML 2017, Algorithm 1.
/// - Parameters:
///   - problem: the finite sum f = (1/n) Σᵢ fᵢ.
///   - start: θ₀.
///   - learningRate: η, typically ≤ 1/(2 L_max): a number, or a `Schedule` η(t) of the
///     number of updates t = 0, 1, … so far (over all epochs).
///   - options: epochs, batch size, seed, gradient tolerance, divergence limit.
/// - Precondition: a constant `learningRate` is positive and finite.
/// - Complexity: per epoch n + 2·(m − 1)·b component gradients.
public func sarah(_ problem: FiniteSumProblem, from start: Tensor, learningRate: some ScalarOrSchedule,
                  options: StochasticOptions = StochasticOptions()) -> StochasticResult {
    let learningRate = validatedLearningRate(learningRate, "sarah")
    var monitor = StochasticMonitor(problem: problem, start: start, options: options)
    var theta = start
    let inner = options.innerIterations ?? monitor.batchesPerPass
    for _ in 0..<options.epochs {
        var v = monitor.fullGradient(theta)
        if let stop = monitor.check(gradient: v) ?? monitor.converged(v) { return monitor.result(theta, stop) }
        var previous = theta
        theta = Tensor.scaledSum(-learningRate(monitor.iterations), v, theta)
        if let stop = monitor.afterUpdate(theta) { return monitor.result(theta, stop) }
        for _ in 1..<max(inner, 1) {
            let batch = monitor.nextBatch()
            v = monitor.gradient(theta, batch) - monitor.gradient(previous, batch) + v
            if let stop = monitor.check(gradient: v) { return monitor.result(theta, stop) }
            previous = theta
            theta = Tensor.scaledSum(-learningRate(monitor.iterations), v, theta)
            if let stop = monitor.afterUpdate(theta) { return monitor.result(theta, stop) }
        }
        if let stop = monitor.endEpoch(theta, computeGradient: false) { return monitor.result(theta, stop) }
    }
    return monitor.finish(theta)
}
