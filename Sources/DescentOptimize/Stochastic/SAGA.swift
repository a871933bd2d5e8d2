import DescentCore

/// SAGA: keeps the last gradient αᵢ = ∇fᵢ(φᵢ) seen for every component and their mean ᾱ, and
/// steps with the unbiased, variance-reduced estimate
///
///     pick j;  g = ∇f_j(θ);  θ ← θ − η·(g − α_j + ᾱ);  ᾱ ← ᾱ + (g − α_j)/n;  α_j ← g
///
/// visiting the components in a freshly shuffled order each epoch. The table starts at the
/// component gradients of θ₀ (the paper's φᵢ = θ⁰), costing n evaluations and n·d memory. For
/// μ-strongly convex f with L-smooth components, η = 1/(3L) converges linearly.
///
/// Reference: Defazio, Bach & Lacoste-Julien, "SAGA: a fast incremental gradient method with
/// support for non-strongly convex composite objectives", NeurIPS 2014, Section 2.
/// - Parameters:
///   - problem: the finite sum f = (1/n) Σᵢ fᵢ.
///   - start: θ₀.
///   - learningRate: η, typically 1/(3 L_max): a number, or a `Schedule` η(t) of the
///     number of updates t = 0, 1, … so far (over all epochs).
///   - options: epochs, batch size, seed, gradient tolerance, divergence limit.
/// - Precondition: a constant `learningRate` is positive and finite.
/// - Complexity: per epoch n component gradients and O(n·d) arithmetic; n·d memory.
public func saga(_ problem: FiniteSumProblem, from start: Tensor, learningRate: some ScalarOrSchedule,
                 options: StochasticOptions = StochasticOptions()) -> StochasticResult {
    let learningRate = validatedLearningRate(learningRate, "saga")
    var monitor = StochasticMonitor(problem: problem, start: start, options: options)
    var theta = start
    let n = problem.count, d = start.count
    var table = [Double](repeating: 0, count: n * d)
    var mean = [Double](repeating: 0, count: d)
    for i in 0..<n {
        let g = monitor.gradient(theta, [i])
        if let stop = monitor.check(gradient: g) { return monitor.result(theta, stop) }
        precondition(g.count == d, "saga: component gradient has \(g.count) elements for \(d) parameters")
        for k in 0..<d {
            table[i * d + k] = g.scalars[k]
            mean[k] += g.scalars[k] / Double(n)
        }
    }
    var index = [0]
    for _ in 0..<options.epochs {
        for j in monitor.generator.permutation(n) {
            // One reused index array: no allocation per step (the closure holds it only during the call).
            index[0] = j
            let g = monitor.gradient(theta, index)
            if let stop = monitor.check(gradient: g) { return monitor.result(theta, stop) }
            let eta = learningRate(monitor.iterations)
            // In place: θ, the table row and the mean are updated in one pass with no allocation
            // (θ's buffer is copied only when a snapshot of it is alive, once per epoch at most).
            g.scalars.withUnsafeBufferPointer { gs in
                theta.scalars.withUnsafeMutableBufferPointer { next in
                    table.withUnsafeMutableBufferPointer { tableBuffer in
                        mean.withUnsafeMutableBufferPointer { meanBuffer in
                            let slot = tableBuffer.baseAddress! + j * d
                            for k in 0..<d {
                                let change = gs[k] - slot[k]
                                next[k] -= eta * (change + meanBuffer[k])
                                meanBuffer[k] += change / Double(n)
                                slot[k] = gs[k]
                            }
                        }
                    }
                }
            }
            if let stop = monitor.afterUpdate(theta) { return monitor.result(theta, stop) }
        }
        if let stop = monitor.endEpoch(theta, computeGradient: true) { return monitor.result(theta, stop) }
    }
    return monitor.result(theta, .epochLimit)
}
