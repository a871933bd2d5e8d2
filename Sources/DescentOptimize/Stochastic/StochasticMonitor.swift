import DescentCore

/// The bookkeeping every stochastic method shares, kept in one place: shuffled index batches,
/// counters, the per-epoch objective, divergence and non-finite detection, the convergence test
/// and the best point so far.
struct StochasticMonitor {
    let problem: FiniteSumProblem
    let options: StochasticOptions
    var generator: SeededGenerator
    var history: [Double] = []
    var epoch = 0
    var iterations = 0
    var gradientEvaluations = 0
    /// ‖∇f‖₂ of the last full gradient tested for convergence.
    var lastGradientNorm: Double?
    private let divergenceLimit: Double
    private let initialValue: Double?
    private var best: Tensor
    private var bestValue = Double.infinity
    private var pending: [[Int]] = []

    init(problem: FiniteSumProblem, start: Tensor, options: StochasticOptions) {
        self.problem = problem
        self.options = options
        generator = SeededGenerator(seed: options.seed)
        divergenceLimit = options.divergenceLimit ?? 1e8 * max(1, start.norm(.infinity))
        best = start
        if let value = problem.value {
            let f0 = value(start)
            history.append(f0)
            initialValue = f0
            bestValue = f0
        } else {
            initialValue = nil
        }
    }

    /// The next mini-batch of a shuffled pass over the components (a new permutation each pass).
    mutating func nextBatch() -> [Int] {
        if pending.isEmpty {
            let order = generator.permutation(problem.count)
            pending = stride(from: 0, to: order.count, by: options.batchSize).reversed().map {
                Array(order[$0..<min($0 + options.batchSize, order.count)])
            }
        }
        return pending.removeLast()
    }

    /// Batches per pass, ⌈n/b⌉.
    var batchesPerPass: Int { (problem.count + options.batchSize - 1) / options.batchSize }

    /// Starts a new pass at the next `nextBatch` call (SGD and SAGA align passes with epochs).
    mutating func startPass() { pending = [] }

    /// The averaged gradient over `indices`, counted.
    mutating func gradient(_ params: Tensor, _ indices: [Int]) -> Tensor {
        gradientEvaluations += indices.count
        return problem.gradient(params, indices)
    }

    /// The full gradient, counted as n evaluations.
    mutating func fullGradient(_ params: Tensor) -> Tensor {
        gradientEvaluations += problem.count
        return problem.fullGradient(params)
    }

    /// Counts one parameter update and checks the new iterate.
    mutating func afterUpdate(_ params: Tensor) -> Termination? {
        iterations += 1
        if !params.isFinite { return .nonFiniteValue }
        if params.norm(.infinity) > divergenceLimit { return .diverged }
        return nil
    }

    /// Checks a gradient for NaN/∞ before it is used.
    func check(gradient: Tensor) -> Termination? {
        gradient.isFinite ? nil : .nonFiniteGradient
    }

    /// Convergence test on a full gradient already at hand.
    mutating func converged(_ fullGradient: Tensor) -> Termination? {
        guard let tolerance = options.gradientTolerance else { return nil }
        if !fullGradient.isFinite { return .nonFiniteGradient }
        let norm = fullGradient.norm()
        lastGradientNorm = norm
        return norm <= tolerance ? .convergedGradient : nil
    }

    /// Closes an epoch: records f, tracks the best point, detects growth of f, and (when asked
    /// and `computeGradient`) tests convergence on a fresh full gradient.
    mutating func endEpoch(_ params: Tensor, computeGradient: Bool) -> Termination? {
        epoch += 1
        if let value = problem.value {
            let f = value(params)
            history.append(f)
            if !f.isFinite { return .nonFiniteValue }
            if let f0 = initialValue, f > f0 + 1e8 * max(1, abs(f0)) { return .diverged }
            if f < bestValue { bestValue = f; best = params }
        } else {
            best = params
        }
        if computeGradient && options.gradientTolerance != nil {
            return converged(fullGradient(params))
        }
        return nil
    }

    /// The result: `params` on success, the best epoch-end iterate otherwise.
    /// The result after the last epoch of a variance-reduced method: one full gradient decides
    /// between `.convergedGradient` and `.epochLimit` when a gradient tolerance is set (the inner
    /// loops only see stochastic estimates, which cannot certify convergence).
    mutating func finish(_ params: Tensor) -> StochasticResult {
        if options.gradientTolerance != nil, let stop = converged(fullGradient(params)) {
            return result(params, stop)
        }
        return result(params, .epochLimit)
    }

    func result(_ params: Tensor, _ termination: Termination) -> StochasticResult {
        StochasticResult(minimizer: termination.isFailure ? best : params, lossHistory: history, epochs: epoch,
                         iterations: iterations, gradientEvaluations: gradientEvaluations,
                         gradientNorm: lastGradientNorm, termination: termination)
    }
}

/// The learning rate of a variance-reduced method as a schedule of the update count, after the
/// shared check of a constant one (`requirePositiveStepSize`).
func validatedLearningRate(_ learningRate: some ScalarOrSchedule, _ method: String) -> Schedule {
    if let constant = learningRate.constantValue {
        requirePositiveStepSize(constant, "\(method): learningRate")
    }
    return learningRate.schedule
}
