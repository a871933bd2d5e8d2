import DescentCore

/// Mini-batch stochastic gradient descent driving any gradient transformation: each epoch is
/// one pass over the components in a freshly shuffled order, in batches B of `batchSize`,
///
///     g = (1/|B|) Σ_{i∈B} ∇fᵢ(θ),   (u, state) = optimizer.update(g, state, θ),   θ ← θ + u
///
/// (run in place with `optimizer.step`), so `sgd(learningRate: Schedule.inverseTime(...))` gives
/// Robbins–Monro SGD and `adam(...)` mini-batch Adam. Reproducible: the shuffles come from
/// `SeededGenerator(seed: options.seed)`.
///
/// Reference: Robbins & Monro (1951); Bottou, Curtis & Nocedal, "Optimization methods for
/// large-scale machine learning", SIAM Review 60 (2018), Algorithm 4.1.
/// - Complexity: per epoch n component gradients plus ⌈n/b⌉ optimizer updates.
public func minibatchSGD(_ problem: FiniteSumProblem, from start: Tensor, using optimizer: some GradientTransformation,
                         options: StochasticOptions = StochasticOptions()) -> StochasticResult {
    var monitor = StochasticMonitor(problem: problem, start: start, options: options)
    var theta = start
    var state = optimizer.initialize(theta)
    for _ in 0..<options.epochs {
        monitor.startPass()
        for _ in 0..<monitor.batchesPerPass {
            let g = monitor.gradient(theta, monitor.nextBatch())
            if let stop = monitor.check(gradient: g) { return monitor.result(theta, stop) }
            optimizer.step(&theta, gradient: g, state: &state)
            if let stop = monitor.afterUpdate(theta) { return monitor.result(theta, stop) }
        }
        if let stop = monitor.endEpoch(theta, computeGradient: true) { return monitor.result(theta, stop) }
    }
    return monitor.result(theta, .epochLimit)
}
