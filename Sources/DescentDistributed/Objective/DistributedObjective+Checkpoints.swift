import DescentCore
import DescentOptimize
import Foundation

/// A distributed minimization that saved checkpoints: the driver's result for the last run (from
/// the checkpoint when it resumed) and where it resumed.
public struct CheckpointedMinimization {
    /// The result of `minimize` for this run. When it resumed from a checkpoint with the method's
    /// state, it is the whole run's result (iterations and evaluations counted from x₀); when it
    /// restarted from a checkpoint without one, its counts start at the checkpoint's iterate.
    public let result: OptimizationResult
    /// The iteration of the checkpoint this run resumed from, or `nil` for a fresh start.
    public let resumedFrom: Int?
    /// Iterations since x₀ over all runs.
    public let totalIterations: Int
    /// f at every iterate since x₀, over all runs (the checkpoint's values, then this run's).
    public let values: [Double]
}

extension DistributedObjective {
    /// `minimize(objective, from:using:options:)` that saves a checkpoint every `checkpoint.interval`
    /// iterations (counted from x₀) and at the end, and that resumes from it when a checkpoint
    /// exists, so that a job killed mid-way and restarted with the same arguments goes on where it
    /// stopped and ends with the uninterrupted run's result, bit for bit.
    ///
    /// Each checkpoint (format version 2) holds the driver's whole `MinimizerState` as JSON: the
    /// iterate x_k with f and ∇f, the method's memory (L-BFGS's pairs (sᵢ, yᵢ), BFGS's H_k, the
    /// trust radius Δ_k), the best point and the evaluation counts, every number with all its bits.
    /// The resumed run (`minimize(_:resumingFrom:…)`) therefore repeats the uninterrupted run's
    /// floating-point operations: the same iterates, values, iteration and evaluation counts.
    /// Iteration and evaluation limits count from x₀. A checkpoint without a state (format version
    /// 1, or the final one) restarts the method at its iterate. Methods whose state is not
    /// `Codable` use the overload without this constraint, which restarts them at the saved iterate.
    /// - Parameters:
    ///   - objective: the objective to minimize — `self.objective`, or it with a penalty added.
    ///   - x0: the starting point (the same on every rank).
    ///   - method: the method (the same on every rank, and the same as the run that saved).
    ///   - options: as for `minimize`; a callback given here is still called.
    ///   - checkpoint: the file (written by rank 0, atomically) and the interval.
    /// - Throws: `CheckpointError` for a checkpoint of another kind or shape, unreadable, with a
    ///   state this method cannot read, or that cannot be written (on every rank alike);
    ///   whatever `minimize` throws (`OptimizationError.incompatibleState` for a state of another method).
    public func minimize<Method: OptimizationMethod>(_ objective: Objective, from x0: Tensor, using method: Method,
                                                     options: OptimizationOptions = OptimizationOptions(),
                                                     checkpoint: CheckpointSchedule) throws -> CheckpointedMinimization
        where Method.State: Codable {
        try checkpointedMinimize(objective, from: x0, using: method, options: options, checkpoint: checkpoint,
                                 coding: .json)
    }

    /// `minimize(objective, from:using:options:)` that saves the iterate every `checkpoint.interval`
    /// iterations (counted from x₀) and at the end, and that starts from the saved iterate when a
    /// checkpoint exists: the overload for methods whose state is not `Codable`.
    ///
    /// Such a method's internal state is not saved, so a resumed run restarts the method at x_k.
    /// Memoryless methods then take exactly the uninterrupted run's iterates and end with the same
    /// bits; methods with memory rebuild it and reach the same minimizer to the stopping tolerance,
    /// in a few more iterations. Iteration and evaluation limits apply to each run. (`LBFGS`,
    /// `BFGS`, `TrustRegion`, `Newton` and `NewtonCG` have `Codable` states and resume exactly
    /// through the other overload.)
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
        try checkpointedMinimize(objective, from: x0, using: method, options: options, checkpoint: checkpoint, coding: nil)
    }

    /// Both overloads: with `coding`, checkpoints carry the `MinimizerState` and resume from it;
    /// without, they carry the iterate only.
    private func checkpointedMinimize<Method: OptimizationMethod>(
        _ objective: Objective, from x0: Tensor, using method: Method, options: OptimizationOptions,
        checkpoint: CheckpointSchedule, coding: MinimizerStateCoding<Method.State>?) throws -> CheckpointedMinimization {
        var start = x0
        // Iterations since x₀ before the driver's own count starts (a restart from a stateless checkpoint).
        var offset = 0
        var values: [Double] = []
        var resumedFrom: Int?
        var resumed: MinimizerState<Method.State>?
        if let saved = try Checkpoint.load(checkpoint.path, communicator: communicator) {
            try saved.requireKind(.minimization, path: checkpoint.path)
            guard saved.params.shape == x0.shape else {
                throw CheckpointError.shapeMismatch(path: checkpoint.path, saved: saved.params.shape, expected: x0.shape)
            }
            values = saved.losses
            resumedFrom = saved.step
            if let coding, let text = saved.minimizerState {
                let state = try coding.decode(text, checkpoint.path)
                guard state.iterations <= saved.step, state.iterate.x.shape == x0.shape else {
                    throw CheckpointError.stateMismatch("the minimizer state of \(checkpoint.path) (iteration \(state.iterations), "
                                                        + "x of shape \(state.iterate.x.shape)) does not match its step \(saved.step) and shape \(x0.shape)")
                }
                offset = saved.step - state.iterations
                resumed = state
            } else {
                start = saved.params
                offset = saved.step
            }
        }
        let communicator = self.communicator, ranks = communicator.size
        var options = options
        let userCallback = options.callback
        if coding == nil { options.traceIncludesX = true }
        // The callback and the state handler run on every rank at the same iterations, in lockstep,
        // so a save's broadcast of its outcome is matched on every rank. A box carries the values.
        let history = ValueHistory(values)
        options.callback = { entry in
            if entry.iteration > 0 || history.values.isEmpty { history.values.append(entry.value) }
            let k = offset + entry.iteration
            if coding == nil, entry.iteration > 0, k % checkpoint.interval == 0, let x = entry.x {
                communicator.abortingOnError("saving the checkpoint at iteration \(k)") {
                    try Checkpoint(kind: .minimization, step: k, ranks: ranks, params: x, state: [], losses: history.values)
                        .save(checkpoint.path, communicator: communicator)
                }
            }
            return userCallback?(entry) ?? .proceed
        }
        let result: OptimizationResult
        if let coding {
            let save: (MinimizerState<Method.State>) throws -> Void = { state in
                try Checkpoint(kind: .minimization, step: offset + state.iterations, ranks: ranks, params: state.iterate.x,
                               state: [], losses: history.values, minimizerState: try coding.encode(state))
                    .save(checkpoint.path, communicator: communicator)
            }
            if let resumed {
                result = try DescentOptimize.minimize(objective, resumingFrom: resumed, using: method, options: options,
                                                      stateInterval: checkpoint.interval, onState: save)
            } else {
                result = try DescentOptimize.minimize(objective, from: start, using: method, options: options,
                                                      stateInterval: checkpoint.interval, onState: save)
            }
        } else {
            result = try DescentOptimize.minimize(objective, from: start, using: method, options: options)
        }
        // The final point too, so that rerunning a finished job returns at once.
        try Checkpoint(kind: .minimization, step: offset + result.iterations, ranks: ranks, params: result.minimizer,
                       state: [], losses: history.values)
            .save(checkpoint.path, communicator: communicator)
        return CheckpointedMinimization(result: result, resumedFrom: resumedFrom, totalIterations: offset + result.iterations,
                                        values: history.values)
    }
}

/// f at each iterate, appended to by the driver's callback (a closure cannot capture an inout value).
private final class ValueHistory {
    var values: [Double]
    init(_ values: [Double]) { self.values = values }
}

/// How a checkpoint stores a `MinimizerState`: as one line of JSON (`json`, for `Codable` method states).
private struct MinimizerStateCoding<MethodState> {
    /// The state as one line of text.
    let encode: (MinimizerState<MethodState>) throws -> String
    /// The state in a text, and the checkpoint's path for messages.
    let decode: (_ text: String, _ path: String) throws -> MinimizerState<MethodState>
}

extension MinimizerStateCoding where MethodState: Codable {
    /// JSON: `Double`'s `Codable` writes the shortest decimal that reads back to the same bits;
    /// non-finite numbers (which a state handed out by `minimize` does not hold, but a user's might)
    /// are written as the strings "inf", "-inf", "nan".
    /// - Throws: from `decode`, `CheckpointError.stateMismatch` when the JSON is not a state of this method.
    static var json: MinimizerStateCoding {
        let (positive, negative, nan) = ("inf", "-inf", "nan")
        return MinimizerStateCoding(
            encode: { state in
                let encoder = JSONEncoder()
                encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: positive, negativeInfinity: negative, nan: nan)
                return String(decoding: try encoder.encode(state), as: UTF8.self)
            },
            decode: { text, path in
                let decoder = JSONDecoder()
                decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: positive, negativeInfinity: negative, nan: nan)
                do {
                    return try decoder.decode(MinimizerState<MethodState>.self, from: Data(text.utf8))
                } catch {
                    throw CheckpointError.stateMismatch("the minimizer state of \(path) is not one of \(String(reflecting: MethodState.self)): \(describe(error))")
                }
            })
    }
}

/// A decoding error in a few words: what was wrong and where (Foundation's description is long).
private func describe(_ error: Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func at(_ path: [CodingKey]) -> String { path.isEmpty ? "" : " at \(path.map(\.stringValue).joined(separator: "."))" }
    switch error {
    case let .dataCorrupted(context): return context.debugDescription + at(context.codingPath)
    case let .keyNotFound(key, context): return "no '\(key.stringValue)'" + at(context.codingPath)
    case let .typeMismatch(_, context), let .valueNotFound(_, context): return context.debugDescription + at(context.codingPath)
    @unknown default: return "\(error)"
    }
}
