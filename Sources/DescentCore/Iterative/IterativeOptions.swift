/// Stopping rules, the starting-vector seed, the memory budget and an optional progress observer
/// shared by the iterative methods.
///
/// Convergence is relative: a method stops when its residual (‖Av − λv‖ for an eigenpair,
/// ‖b − Ax‖ for a linear system) is at most `tolerance` times a scale (the running estimate of
/// ‖A‖₂ for eigenproblems, ‖b‖ for linear systems), so the test is invariant to scaling A.
///
/// Equality and hashing compare the numbers only: two options that differ only in `progress`
/// are equal (a closure has no identity to compare).
public struct IterativeOptions: Sendable, Hashable {
    /// Relative residual tolerance.
    public var tolerance: Double
    /// Maximum number of iterations (for Lanczos: of products with A over all restarts; its memory is bounded by `basisSize`).
    public var maxIterations: Int
    /// Seed of the `SeededGenerator` that draws the random starting vector(s).
    public var seed: UInt64
    /// The most memory the method's working arrays may need, estimated before they are allocated
    /// (subspace iteration, Lanczos and deflation check it; see `MemoryBudget`).
    public var memoryBudget: MemoryBudget
    /// Called after each iteration with the iteration count and the current residual measure, for
    /// progress displays; `nil` (the default) for none. Called on the computing thread; keep it cheap.
    public var progress: (@Sendable (IterationProgress) -> Void)?

    /// - Parameters:
    ///   - tolerance: relative residual tolerance (default 1e-10, about √ε·10⁻²: tighter than most
    ///     uses need, yet reachable in double precision for well-separated eigenvalues).
    ///   - maxIterations: iteration limit (default 1000).
    ///   - seed: seed for the starting vector (default 0).
    ///   - memoryBudget: the memory the working arrays may need (default `MemoryBudget.default`, 4 GiB).
    ///   - progress: an observer called after each iteration (default none).
    public init(tolerance: Double = 1e-10, maxIterations: Int = 1000, seed: UInt64 = 0,
                memoryBudget: MemoryBudget = .default, progress: (@Sendable (IterationProgress) -> Void)? = nil) {
        precondition(tolerance >= 0 && maxIterations >= 0,
                     "IterativeOptions: tolerance \(tolerance) and maxIterations \(maxIterations) must be non-negative")
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
        self.memoryBudget = memoryBudget
        self.progress = progress
    }

    public static func == (a: IterativeOptions, b: IterativeOptions) -> Bool {
        (a.tolerance, a.maxIterations, a.seed, a.memoryBudget) == (b.tolerance, b.maxIterations, b.seed, b.memoryBudget)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tolerance)
        hasher.combine(maxIterations)
        hasher.combine(seed)
        hasher.combine(memoryBudget)
    }

    /// The observer for a run that continues `done` iterations of an earlier one (deflation's next
    /// pair, a probe after a run): its reports count on from `done`.
    func progress(continuingAfter done: Int) -> (@Sendable (IterationProgress) -> Void)? {
        progress.map { observer in
            { @Sendable report in
                observer(IterationProgress(iteration: done + report.iteration, residual: report.residual, target: report.target))
            }
        }
    }

    /// Sends one report to `progress`, if there is an observer.
    func report(_ iteration: Int, residual: Double, target: Double) {
        progress?(IterationProgress(iteration: iteration, residual: residual, target: target))
    }
}

/// One progress report of an iterative method: where it is and how far from done.
public struct IterationProgress: Sendable, Hashable {
    /// Iterations completed (Lanczos: the products with A so far; deflation: the total over all pairs).
    public var iteration: Int
    /// The method's current residual measure: CG's recurrence residual ‖rₖ‖; power iteration's
    /// ‖Ax − λx‖; the largest residual (or Lanczos's estimate ‖C·sᵢ‖) of the wanted pairs.
    public var residual: Double
    /// The residual that counts as converged (tolerance × the method's current scale).
    public var target: Double

    public init(iteration: Int, residual: Double, target: Double) {
        self.iteration = iteration
        self.residual = residual
        self.target = target
    }
}
