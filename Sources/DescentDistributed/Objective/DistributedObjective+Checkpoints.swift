import DescentCore
import DescentOptimize

/// A distributed minimization that saved checkpoints: the driver's result for the last run (from
/// the checkpoint when it resumed) and where it resumed.
public struct CheckpointedMinimization {
    /// The result of `minimize` for this run; its `iterations` count from the resumed iterate.
    public let result: OptimizationResult
    /// The iteration of the checkpoint this run resumed from, or `nil` for a fresh start.
    public let resumedFrom: Int?
    /// Iterations since x₀ over all runs: `resumedFrom` + `result.iterations`.
    public var totalIterations: Int { (resumedFrom ?? 0) + result.iterations }
    /// f at every iterate since x₀, over all runs (the checkpoint's values, then this run's).
    public let values: [Double]
}

extension DistributedObjective {
    /// `minimize(objective, from:using:options:)` that saves the iterate every `checkpoint.interval`
    /// iterations (counted from x₀) and at the end, and that starts from the saved iterate when a
    /// checkpoint exists, so that a job killed mid-way and restarted with the same arguments goes on
    /// where it stopped.
    ///
    /// A method's internal state (L-BFGS's pairs, BFGS's matrix, the trust radius) is not saved —
    /// `minimize` owns it — so a resumed run restarts the method at x_k. Memoryless methods
    /// (`NewtonCG`, `Newton`, `GradientDescent` with a line search that starts from a fixed trial step)
    /// then take exactly the uninterrupted run's iterates and end with the same bits; methods with
    /// memory rebuild it and reach the same minimizer to the stopping tolerance, in a few more
    /// iterations. Iteration and evaluation limits apply to each run.
    /// - Parameters:
    ///   - objective: the objective to minimize — `self.objective`, or it with a penalty added.
    ///   - x0: the starting point (the same on every rank).
    ///   - method: the method.
    ///   - options: as for `minimize`; a callback given here is still called.
    ///   - checkpoint: the file (written by rank 0, atomically) and the interval.
    /// - Throws: `CheckpointError` for a checkpoint of another kind or shape, or unreadable;
    ///   whatever `minimize` throws. A checkpoint that cannot be written while minimizing ends the
    ///   job through `Communicator.abortJob` (the driver's callback cannot throw).
    public func minimize<Method: OptimizationMethod>(_ objective: Objective, from x0: Tensor, using method: Method,
                                                     options: OptimizationOptions = OptimizationOptions(),
                                                     checkpoint: CheckpointSchedule) throws -> CheckpointedMinimization {
        var start = x0
        var offset = 0
        var values: [Double] = []
        var resumedFrom: Int?
        if let saved = try Checkpoint.load(checkpoint.path, communicator: communicator) {
            try saved.requireKind(.minimization, path: checkpoint.path)
            guard saved.params.shape == x0.shape else {
                throw CheckpointError.shapeMismatch(path: checkpoint.path, saved: saved.params.shape, expected: x0.shape)
            }
            start = saved.params
            offset = saved.step
            values = saved.losses
            resumedFrom = saved.step
        }
        let communicator = self.communicator, ranks = communicator.size
        var options = options
        let userCallback = options.callback
        options.traceIncludesX = true
        // The callback runs on every rank at every iteration, in lockstep, so the save's broadcast
        // of its outcome is matched on every rank. A reference box carries the values across calls.
        let history = ValueHistory(values)
        options.callback = { entry in
            if entry.iteration > 0 || history.values.isEmpty { history.values.append(entry.value) }
            let k = offset + entry.iteration
            if entry.iteration > 0, k % checkpoint.interval == 0, let x = entry.x {
                communicator.abortingOnError("saving the checkpoint at iteration \(k)") {
                    try Checkpoint(kind: .minimization, step: k, ranks: ranks, params: x, state: [], losses: history.values)
                        .save(checkpoint.path, communicator: communicator)
                }
            }
            return userCallback?(entry) ?? .proceed
        }
        let result = try DescentOptimize.minimize(objective, from: start, using: method, options: options)
        // The final point too, so that rerunning a finished job returns at once.
        try Checkpoint(kind: .minimization, step: offset + result.iterations, ranks: ranks, params: result.minimizer,
                       state: [], losses: history.values)
            .save(checkpoint.path, communicator: communicator)
        return CheckpointedMinimization(result: result, resumedFrom: resumedFrom, values: history.values)
    }
}

/// f at each iterate, appended to by the driver's callback (a closure cannot capture an inout value).
private final class ValueHistory {
    var values: [Double]
    init(_ values: [Double]) { self.values = values }
}
