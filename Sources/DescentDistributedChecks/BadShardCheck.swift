import DescentCore
import DescentDistributed
import DescentOptimize

/// A bad shard on one rank: `bad-shard label|nan|abort`. The last rank's shard has a label 2
/// (`label`, `abort`: logistic regression) or a NaN target (`nan`: least squares); every rank builds
/// the objective. Every rank must throw at once, before any evaluation: the bad rank its own error,
/// the others `CommunicatorError.failedOnRank` naming that rank and carrying its message. With
/// `abort` the error is not caught, so `main` ends the job through `abortJob` with the message.
/// Rank 0 prints `seconds S`, the time the failure took to reach it.
func badShardCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let mode = arguments.first ?? "label"
    let data = SyntheticData()
    var (x, y) = data.shard(rank: world.rank, size: world.size)
    let bad = world.rank == world.size - 1
    if bad && mode == "nan" { y = Tensor(shape: [x.rows], scalars: [.nan] + Array(y.scalars.dropFirst())) }
    if bad && mode != "nan" { y = Tensor(shape: [x.rows], scalars: [2] + Array(y.scalars.dropFirst())) }
    // 30 s, as `fault` uses: longer than any slow start, far shorter than the 60 s of every check.
    let communicator = world.withCollectiveTimeout(30)
    let clock = ContinuousClock(), started = clock.now
    func build() throws {
        _ = mode == "nan" ? try DistributedObjective.leastSquares(x: x, y: y, communicator: communicator)
                          : try DistributedObjective.logisticRegression(x: x, y: y, communicator: communicator)
    }
    if mode == "abort" {
        try build()
        failures.expect(false, "the objective was built although rank \(world.size - 1)'s shard is bad")
        return
    }
    let operation = mode == "nan" ? "leastSquares" : "logisticRegression"
    let expected = mode == "nan" ? LinearAlgebraError.nonFinite(operation: operation, index: [0], value: .nan).description
                                 : "\(operation): label 2.0 at row 0 of this rank's shard is not 0 or 1"
    do {
        try build()
        failures.expect(false, "the objective was built although rank \(world.size - 1)'s shard is bad")
    } catch let error as CommunicatorError {
        failures.expect(!bad && error == .failedOnRank(operation: operation, rank: world.size - 1, message: expected),
                        "the error \(error), expected rank \(world.size - 1)'s '\(expected)'")
    } catch {
        failures.expect(bad && "\(error)" == expected, "the error \(error), expected '\(expected)'")
    }
    let seconds = (clock.now - started).components.seconds
    if world.isRoot { print("seconds \(seconds)") }
    // The communicator is still usable: nobody was left inside a collective.
    failures.expect(try communicator.allreduce(1) == world.size, "the ranks are out of step after the failure")
}
