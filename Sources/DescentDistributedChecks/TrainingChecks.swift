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

/// A rank that fails: `fault exit|error|stall`. Every rank sums numbers in a loop with a collective
/// deadline (3 s for `stall`, 30 s otherwise, so that a slow start on a loaded machine cannot be
/// mistaken for the fault being tested); at the fourth sum the last rank exits without finalizing MPI (`exit`),
/// throws an error (`error`, reported through `abortJob`), or stops answering (`stall`, found by
/// the other ranks' deadline). The job must end with a message, not hang.
func faultCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let mode = arguments.first ?? "exit"
    let communicator = world.withCollectiveTimeout(mode == "stall" ? 3 : 30)
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

/// Distributed SVRG equals DescentOptimize's `svrg` on all rows with the same seed: 6 epochs of
/// batches of 8 on the L2-regularized logistic regression (rows split unevenly, one rank empty from
/// 3 ranks on). Tolerance 1e-10 on θ and the loss history: the same batches, the same steps, only
/// the order of adding each batch's terms differs (round-off ≈1e-16, contracted by SVRG's steps).
func svrgCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let data = SyntheticData()
    let lambda = 1e-2
    let rows = SyntheticData.shard(rows: data.x.rows, rank: world.rank, size: world.size)
    let problem = try DistributedFiniteSum(
        communicator: world, rows: rows,
        gradientSum: { w, indices in Tensor.scaledSum(lambda * Double(indices.count), w, data.logisticSums(w, rows: indices).gradient) },
        valueSum: { w in data.logisticSums(w, rows: Array(rows)).loss + Double(rows.count) * 0.5 * lambda * w.squaredNorm() })
    failures.expect(problem.count == data.x.rows, "N = \(problem.count)")
    let options = StochasticOptions(epochs: 6, batchSize: 8, seed: 3, gradientTolerance: 1e-12)
    let start = Tensor.zeros([data.x.columns])
    let shared = try svrg(problem, from: start, learningRate: 0.5, options: options)
    let single = svrg(try FiniteSumProblem.logisticRegression(x: data.x, y: data.y, l2: lambda), from: start,
                      learningRate: 0.5, options: options)
    failures.expect(shared.termination == single.termination && shared.iterations == single.iterations && shared.epochs == single.epochs,
                    "distributed \(shared.termination) after \(shared.iterations), single \(single.termination) after \(single.iterations)")
    failures.expectClose(shared.minimizer.scalars, single.minimizer.scalars, tolerance: 1e-10, "SVRG θ")
    failures.expectClose(shared.lossHistory, single.lossHistory, tolerance: 1e-10, "SVRG losses")
    if world.isRoot {
        var gap = 0.0
        for (a, b) in zip(shared.minimizer.scalars, single.minimizer.scalars) { gap = max(gap, abs(a - b)) }
        print("svrg: \(shared.epochs) epochs, \(shared.iterations) steps, f \(shared.lossHistory.first ?? .nan) → \(shared.lossHistory.last ?? .nan), max |distributed − single| = \(gap)")
    }
    // Ranges that do not partition 0..<N are refused on every rank.
    do {
        _ = try DistributedFiniteSum(communicator: world, rows: rows.lowerBound..<(rows.upperBound + (world.rank == 0 ? 1 : 0)),
                                     gradientSum: { w, _ in w })
        failures.expect(world.size == 1, "overlapping rows accepted")
    } catch let error as CommunicatorError {
        failures.expect("\(error)".contains("the ranks' rows must partition 0..<N"), "\(error)")
    }
}
