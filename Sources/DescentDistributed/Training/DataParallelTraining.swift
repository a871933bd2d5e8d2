import DescentCore
import DescentOptimize

/// Synchronous data-parallel mini-batch training with any `GradientTransformation` (SGD, Adam, …):
/// at step t every rank r computes the sums over its local batch Bᵣ, one allreduce forms the mean
/// gradient of the global batch B = ∪ᵣ Bᵣ,
///
///     g = (Σᵣ Σ_{i∈Bᵣ} ∇fᵢ(θ)) / |B|,
///
/// and every rank applies the same update θ ← θ + u, (u, state) = update(g, state, θ). The ranks
/// hold identical parameters and optimizer states throughout, and the run equals one process
/// stepping on the global batch, to the round-off of the order in which the gradient is summed
/// (with `order: .rankOrdered`, identical bits on every rank and every rerun).
///
/// `train` loops for a number of steps, optionally writing a `Checkpoint` every k steps
/// and resuming from one, so that a killed job restarted with the same arguments ends with the
/// same parameters as an uninterrupted run.
///
/// Reference: P. Goyal et al., "Accurate, large minibatch SGD: training ImageNet in 1 hour" (2017);
/// A. Sergeev and M. Del Balso, "Horovod: fast and easy distributed deep learning in TensorFlow" (2018).
public struct DataParallelTraining<Transformation: GradientTransformation> {
    /// The ranks that train together.
    public let communicator: Communicator
    /// The optimizer, the same on every rank.
    public let transformation: Transformation
    /// How the gradient sums are added across ranks.
    public let order: ReductionOrder

    /// Training with `transformation` on the ranks of `communicator`.
    public init(communicator: Communicator, transformation: Transformation, order: ReductionOrder = .rankOrdered) {
        self.communicator = communicator
        self.transformation = transformation
        self.order = order
    }

    /// One synchronous step: sums the local batches across ranks (one allreduce of d + 2 doubles),
    /// then θ ← θ + u with the mean gradient.
    /// - Returns: the mean loss over the global batch (Σ lossSum / |B|), at θ before the step.
    /// - Throws: `CommunicatorError.mismatch` when every rank's batch is empty; `CommunicatorError`
    ///   when MPI fails or the deadline passes.
    @discardableResult
    public func step(_ params: inout Tensor, state: inout Transformation.State, batch: LocalBatch) throws -> (loss: Double, gradient: Tensor) {
        precondition(batch.gradientSum.count == params.count,
                     "DataParallelTraining: gradient shape \(batch.gradientSum.shape) does not match parameters \(params.shape)")
        var message = batch.gradientSum.scalars
        message.append(batch.lossSum)
        message.append(Double(batch.count))  // exact below 2⁵³ rows
        try communicator.allreduce(&message, order: order)
        let total = message.removeLast()
        let loss = message.removeLast()
        guard total > 0 else {
            throw CommunicatorError.mismatch(operation: "DataParallelTraining.step", detail: "every rank's batch is empty")
        }
        let gradient = Tensor(shape: params.shape, scalars: message) / total
        transformation.step(&params, gradient: gradient, state: &state)
        return (loss / total, gradient)
    }

    /// Runs `steps` synchronous steps from `start`, or from the checkpoint at `checkpoint.path`
    /// when one exists there, writing a checkpoint every `checkpoint.interval` steps and at the end.
    ///
    /// The batches must depend only on the step number and the parameters (for instance, rows
    /// t·b ..< (t + 1)·b of a fixed permutation), not on how many steps this process has run, so
    /// that a resumed run sees the batches the interrupted one would have seen.
    /// - Parameters:
    ///   - start: θ₀ (the same on every rank), used when there is no checkpoint.
    ///   - steps: the total number of steps, counted from θ₀ (a resumed run does the remaining ones).
    ///   - checkpoint: where and how often to save; `nil` saves nothing.
    ///   - batch: (θ, t) ↦ this rank's local batch sums at step t = 0, 1, …
    /// - Returns: the final parameters and state, the loss history and why training stopped:
    ///   `.iterationLimit` after all steps, `.nonFiniteValue` / `.nonFiniteGradient` at the first step
    ///   whose mean loss or gradient is not finite (the parameters before that step are returned).
    /// - Throws: `CheckpointError` for an unreadable or mismatched checkpoint (or one that cannot be
    ///   written), `CommunicatorError`, and whatever `batch` throws.
    public func train(from start: Tensor, steps: Int, checkpoint: CheckpointSchedule? = nil,
                      batch: (Tensor, Int) throws -> LocalBatch) throws -> DataParallelResult<Transformation.State>
    where Transformation.State: CheckpointableState {
        precondition(steps >= 0, "DataParallelTraining.train: steps \(steps) is negative")
        var params = start
        var state = transformation.initialize(start)
        var losses: [Double] = []
        var first = 0
        var resumedFrom: Int?
        if let checkpoint, let saved = try Checkpoint.load(checkpoint.path, communicator: communicator) {
            (params, state) = try saved.restore(like: start, state: state, path: checkpoint.path)
            losses = saved.losses
            first = saved.step
            resumedFrom = saved.step
        }
        var termination = Termination.iterationLimit
        var completed = first
        for t in first..<max(first, steps) {
            let local = try batch(params, t)
            var next = params
            let (loss, gradient) = try step(&next, state: &state, batch: local)
            if !loss.isFinite { termination = .nonFiniteValue; break }
            if !gradient.isFinite { termination = .nonFiniteGradient; break }
            params = next
            losses.append(loss)
            completed = t + 1
            if let checkpoint, completed % checkpoint.interval == 0 || completed == steps {
                try Checkpoint(step: completed, ranks: communicator.size, params: params,
                                       state: state.checkpointScalars, losses: losses)
                    .save(checkpoint.path, communicator: communicator)
            }
        }
        return DataParallelResult(params: params, state: state, losses: losses, iterations: completed,
                                  resumedFrom: resumedFrom, termination: termination)
    }
}

/// Where and how often `DataParallelTraining.train` saves its state.
public struct CheckpointSchedule: Sendable, Equatable {
    /// The checkpoint file, written by rank 0 (atomically: a reader sees the old file or the new one).
    public var path: String
    /// Save after every `interval` steps (and after the last).
    public var interval: Int

    /// A schedule saving to `path` every `interval` steps.
    /// - Precondition: `interval ≥ 1`.
    public init(path: String, interval: Int) {
        precondition(interval >= 1, "CheckpointSchedule: interval \(interval) must be at least 1")
        self.path = path
        self.interval = interval
    }
}

/// What data-parallel training returns on every rank.
public struct DataParallelResult<State>: IterativeResult {
    /// The final parameters θ (before a step whose loss or gradient was not finite).
    public let params: Tensor
    /// The optimizer state that goes with `params`.
    public let state: State
    /// The mean loss of the global batch at each completed step, from step 0 (a resumed run
    /// includes the steps before the checkpoint).
    public let losses: [Double]
    /// Steps completed, counted from θ₀.
    public let iterations: Int
    /// The step of the checkpoint this run resumed from, or `nil` for a fresh start.
    public let resumedFrom: Int?
    /// `.iterationLimit` (all steps ran), `.nonFiniteValue` or `.nonFiniteGradient`.
    public let termination: Termination
}
