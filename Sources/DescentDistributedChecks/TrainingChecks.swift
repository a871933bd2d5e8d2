import DescentCore
import DescentDistributed
import DescentOptimize
#if canImport(Glibc)
import Glibc
#endif

/// The global mini-batch of step t: rows (t·b + j) mod N for j < b, a fixed function of t, so
/// that a resumed run sees the batches an uninterrupted one does.
private func globalBatch(step t: Int, size b: Int, rows n: Int) -> [Int] {
    (0..<b).map { (t * b + $0 * 7) % n }
}

/// This rank's part of the global batch of step t: the batch rows that fall in its shard.
private func localBatch(_ data: SyntheticData, _ world: Communicator, params: Tensor, step t: Int) -> LocalBatch {
    let shard = SyntheticData.shard(rows: data.x.rows, rank: world.rank, size: world.size)
    let rows = globalBatch(step: t, size: 32, rows: data.x.rows).filter { shard.contains($0) }
    let (gradient, loss) = data.logisticSums(params, rows: rows)
    return LocalBatch(gradientSum: gradient, count: rows.count, lossSum: loss)
}

/// Data-parallel Adam equals one process running Adam on the global batch: 25 steps of batch 32
/// over 203 rows split unevenly (rank 1 empty from 3 ranks on). Tolerance 1e-12 on θ and the
/// losses: the runs differ only in the order of adding ≤ 32 per-row gradients (≈1e-16 relative),
/// which Adam's normalized steps (|u| ≤ η) do not amplify.
func adamCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let data = SyntheticData()
    let optimizer = adam(learningRate: 0.05)
    let start = Tensor.zeros([data.x.columns])
    let steps = 25
    for order in [ReductionOrder.rankOrdered, .mpi] {
        let training = DataParallelTraining(communicator: world, transformation: optimizer, order: order)
        let result = try training.train(from: start, steps: steps) { params, t in localBatch(data, world, params: params, step: t) }
        failures.expect(result.termination == .iterationLimit && result.iterations == steps, "\(result.termination) after \(result.iterations)")

        var params = start
        var state = optimizer.initialize(start)
        var losses: [Double] = []
        for t in 0..<steps {
            let rows = globalBatch(step: t, size: 32, rows: data.x.rows)
            let (gradient, loss) = data.logisticSums(params, rows: rows)
            losses.append(loss / Double(rows.count))
            optimizer.step(&params, gradient: gradient / Double(rows.count), state: &state)
        }
        failures.expectClose(result.params.scalars, params.scalars, tolerance: 1e-12, "data-parallel Adam θ (\(order))")
        failures.expectClose(result.losses, losses, tolerance: 1e-12, "data-parallel Adam losses (\(order))")
        failures.expect(result.state.first.count == steps, "Adam's step count \(result.state.first.count)")
        if world.isRoot {
            var gap = 0.0
            for (a, b) in zip(result.params.scalars, params.scalars) { gap = max(gap, abs(a - b)) }
            print("adam \(order): \(steps) steps, loss \(losses[0]) → \(losses[steps - 1]), max |distributed − single| = \(gap)")
        }
    }
}

/// Checkpointed training: `train STEPS INTERVAL [CHECKPOINT [KILL_AT]]`. Runs data-parallel Adam
/// for STEPS steps, saving to CHECKPOINT every INTERVAL steps (resuming from it when it exists);
/// with KILL_AT, the last rank kills itself (SIGKILL) when asked for the batch of step KILL_AT, as
/// a crashed node would. Rank 0 prints `resumed_from T` and `final θ…` with every digit.
func trainCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    guard arguments.count >= 2, let steps = Int(arguments[0]), let interval = Int(arguments[1]), interval >= 1 else {
        throw CommunicatorError.mismatch(operation: "train", detail: "usage: train STEPS INTERVAL [CHECKPOINT [KILL_AT]]")
    }
    let schedule = arguments.count >= 3 ? CheckpointSchedule(path: arguments[2], interval: interval) : nil
    let killAt = arguments.count >= 4 ? Int(arguments[3]) : nil
    let data = SyntheticData()
    let training = DataParallelTraining(communicator: world, transformation: adam(learningRate: 0.05))
    let result = try training.train(from: Tensor.zeros([data.x.columns]), steps: steps, checkpoint: schedule) { params, t in
        if t == killAt && world.rank == world.size - 1 {
            fflush(nil)
            raise(SIGKILL)
        }
        return localBatch(data, world, params: params, step: t)
    }
    failures.expect(result.iterations == steps && result.losses.count == steps, "\(result.iterations) steps, \(result.losses.count) losses")
    if world.isRoot {
        print("resumed_from \(result.resumedFrom.map(String.init) ?? "none")")
        print("final \(result.params.scalars.map { "\($0)" }.joined(separator: " "))")
        print("losses \(result.losses.map { "\($0)" }.joined(separator: " "))")
    }
}

/// A rank that fails: `fault exit|error|stall`. Every rank sums numbers in a loop with a 3 s
/// collective deadline; at the fourth sum the last rank exits without finalizing MPI (`exit`),
/// throws an error (`error`, reported through `abortJob`), or stops answering (`stall`, found by
/// the other ranks' deadline). The job must end with a message, not hang.
func faultCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let mode = arguments.first ?? "exit"
    let communicator = world.withCollectiveTimeout(3)
    for iteration in 0..<1000 {
        if iteration == 3 && communicator.rank == communicator.size - 1 {
            switch mode {
            case "exit": exit(3)
            case "error": throw CommunicatorError.mismatch(operation: "reading shard-\(communicator.rank).csv", detail: "no such file")
            default: sleep(600)
            }
        }
        var value = Double(iteration)
        try communicator.allreduce(&value)
    }
    failures.expect(false, "the loop finished although a rank failed")
}
