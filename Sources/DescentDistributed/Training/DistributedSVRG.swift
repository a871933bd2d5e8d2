import DescentCore
import DescentOptimize

/// What distributed SVRG returns on every rank.
public struct DistributedStochasticResult: IterativeResult, Sendable {
    /// The final iterate (the last finite one after a non-finite step).
    public let minimizer: Tensor
    /// f(θ₀) and f after each epoch, when the problem has a value.
    public let lossHistory: [Double]
    /// Completed epochs.
    public let epochs: Int
    /// Parameter updates made.
    public let iterations: Int
    /// ‖∇f‖₂ of the last full gradient tested against the tolerance, if any.
    public let gradientNorm: Double?
    /// `.epochLimit`, `.convergedGradient`, `.nonFiniteGradient` or `.nonFiniteValue`.
    public let termination: Termination
}

/// SVRG (Johnson & Zhang) on a finite sum split across ranks: per epoch a snapshot θ̃ with the
/// full gradient μ = ∇f(θ̃) (one allreduce), then m inner steps
///
///     g = (1/|B|) Σ_{i∈B} (∇fᵢ(θ) − ∇fᵢ(θ̃)) + μ,   θ ← θ − η·g
///
/// with one allreduce each. The mini-batches are drawn on every rank from the same seeded
/// generator exactly as DescentOptimize's `svrg` draws them (a fresh permutation per pass, cut into
/// batches of `options.batchSize`), so the distributed run takes the single-process run's steps to
/// round-off. Stops early only on a non-finite gradient or iterate, or when ‖μ‖₂ ≤
/// `options.gradientTolerance`; `divergenceLimit` is not used.
///
/// Reference: R. Johnson and T. Zhang, "Accelerating stochastic gradient descent using predictive
/// variance reduction", NeurIPS 2013.
/// - Precondition: a constant `learningRate` is positive and finite.
/// - Throws: `CommunicatorError` when MPI fails or the deadline passes.
/// - Complexity: per epoch, N/P + 2·m·b/P component gradients per rank and m + 1 allreduces of d doubles.
public func svrg(_ problem: DistributedFiniteSum, from start: Tensor, learningRate: some ScalarOrSchedule,
                 options: StochasticOptions = StochasticOptions()) throws -> DistributedStochasticResult {
    if let constant = learningRate.constantValue {
        precondition(constant > 0 && constant.isFinite, "svrg: learningRate \(constant) must be positive and finite")
    }
    let eta = learningRate.schedule
    var generator = SeededGenerator(seed: options.seed)
    var pending: [[Int]] = []
    func nextBatch() -> [Int] {
        if pending.isEmpty {
            let order = generator.permutation(problem.count)
            pending = stride(from: 0, to: order.count, by: options.batchSize).reversed().map {
                Array(order[$0..<min($0 + options.batchSize, order.count)])
            }
        }
        return pending.removeLast()
    }
    var theta = start
    var history: [Double] = []
    if let f0 = try problem.value(start) { history.append(f0) }
    var iterations = 0, epochs = 0
    var gradientNorm: Double?
    func result(_ termination: Termination) -> DistributedStochasticResult {
        DistributedStochasticResult(minimizer: theta, lossHistory: history, epochs: epochs, iterations: iterations,
                                    gradientNorm: gradientNorm, termination: termination)
    }
    func converged(_ mu: Tensor) -> Bool {
        guard let tolerance = options.gradientTolerance else { return false }
        gradientNorm = mu.norm()
        return gradientNorm! <= tolerance
    }
    let inner = options.innerIterations ?? (problem.count + options.batchSize - 1) / options.batchSize
    for _ in 0..<options.epochs {
        let snapshot = theta
        let mu = try problem.fullGradient(snapshot)
        if !mu.isFinite { return result(.nonFiniteGradient) }
        if converged(mu) { return result(.convergedGradient) }
        for _ in 0..<inner {
            let g = try problem.meanGradient(theta, minus: snapshot, indices: nextBatch()) + mu
            if !g.isFinite { return result(.nonFiniteGradient) }
            let next = Tensor.scaledSum(-eta(iterations), g, theta)
            iterations += 1
            if !next.isFinite { return result(.nonFiniteValue) }
            theta = next
        }
        epochs += 1
        if let f = try problem.value(theta) {
            history.append(f)
            if !f.isFinite { return result(.nonFiniteValue) }
        }
    }
    if options.gradientTolerance != nil, converged(try problem.fullGradient(theta)) { return result(.convergedGradient) }
    return result(.epochLimit)
}
