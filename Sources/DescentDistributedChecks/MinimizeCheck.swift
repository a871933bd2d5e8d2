#if canImport(Glibc)
import Glibc
#endif
import DescentCore
import DescentDistributed
import DescentOptimize

/// Distributed deterministic minimization equals one process: L2-regularized logistic regression
/// (203 rows split unevenly, one rank empty from 3 ranks on) minimized by L-BFGS, BFGS, Newton-CG
/// and the trust-region method, each compared with the same method on all rows in one process.
///
/// L-BFGS and BFGS run the single-process reference on `FiniteSumProblem.logisticRegression`
/// (DescentOptimize's own, independently written loss); Newton-CG and trust region need
/// Hessian-vector products, so their reference is the distributed objective on a one-rank
/// communicator holding every row. Tolerance 1e-10 on the minimizer (the issue's bound): the two
/// runs differ only in the order in which the rows' terms are added (round-off ~1e-16 relative),
/// which the methods' convergent iterations do not amplify on this well-conditioned problem; the
/// iteration counts must be equal, i.e. the runs took the same path.
func minimizeCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let data = SyntheticData()
    let (x, y) = data.shard(rank: world.rank, size: world.size)
    let lambda = 1e-2
    // 1e-8 (∞-norm) stops every method by its gradient test; tighter, the last steps are at round-off
    // level, where BFGS's line search and the trust region stall (a different stop, not a different path).
    let options = OptimizationOptions(gradientTolerance: 1e-8)
    let start = Tensor.zeros([data.x.columns])

    let reference = try FiniteSumProblem.logisticRegression(x: data.x, y: data.y, l2: lambda)
    let referenceObjective = Objective(value: { reference.value!($0) }, gradient: { reference.fullGradient($0) })
    // Every row on this rank alone: a communicator of one rank.
    let alone = try requireCommunicator(world.split(color: world.rank, key: 0))
    let whole = try DistributedObjective.logisticRegression(x: data.x, y: data.y, communicator: alone).objective.addingL2Penalty(lambda)

    for order in [ReductionOrder.rankOrdered, .mpi] {
        let distributed = try DistributedObjective.logisticRegression(x: x, y: y, communicator: world, order: order)
        failures.expect(distributed.globalCount == data.x.rows, "global count \(distributed.globalCount)")
        let objective = distributed.objective.addingL2Penalty(lambda)
        let probe = Tensor((0..<data.x.columns).map { 0.3 * Double($0) - 0.5 })
        failures.expectClose([objective.value(probe)], [referenceObjective.value(probe)], tolerance: 1e-14, "f at a probe (\(order))")
        failures.expectClose(objective.valueAndGradient(probe).gradient.scalars, referenceObjective.gradient!(probe).scalars,
                             tolerance: 1e-14, "∇f at a probe (\(order))")

        let runs: [(String, () throws -> (OptimizationResult, OptimizationResult))] = [
            ("L-BFGS", { (try minimize(objective, from: start, using: LBFGS(), options: options),
                          try minimize(referenceObjective, from: start, using: LBFGS(), options: options)) }),
            ("BFGS", { (try minimize(objective, from: start, using: BFGS(), options: options),
                        try minimize(referenceObjective, from: start, using: BFGS(), options: options)) }),
            ("Newton-CG", { (try minimize(objective, from: start, using: NewtonCG(), options: options),
                             try minimize(whole, from: start, using: NewtonCG(), options: options)) }),
            ("trust region", { (try minimize(objective, from: start, using: TrustRegion(), options: options),
                                try minimize(whole, from: start, using: TrustRegion(), options: options)) }),
        ]
        for (name, run) in runs {
            let (shared, single) = try run()
            failures.expect(shared.isConverged && single.isConverged, "\(name) (\(order)): \(shared.termination), \(single.termination)")
            failures.expect(shared.iterations == single.iterations,
                            "\(name) (\(order)): \(shared.iterations) iterations distributed, \(single.iterations) in one process")
            failures.expectClose(shared.minimizer.scalars, single.minimizer.scalars, tolerance: 1e-10, "\(name) minimizer (\(order))")
            // Every rank must hold the very same minimizer (lockstep).
            let gathered = try world.allgather(shared.minimizer.scalars)
            let d = shared.minimizer.count
            failures.expect((0..<world.size).allSatisfy { Array(gathered[$0 * d..<($0 + 1) * d]) == shared.minimizer.scalars },
                            "\(name) (\(order)): the ranks' minimizers differ")
            if world.isRoot {
                var gap = 0.0
                for (a, b) in zip(shared.minimizer.scalars, single.minimizer.scalars) { gap = max(gap, abs(a - b)) }
                print("\(name) \(order): \(shared.iterations) iterations, max |distributed − single| = \(gap)")
            }
        }
    }
}

/// Unwraps a communicator that `split` must have returned.
func requireCommunicator(_ communicator: Communicator?) throws -> Communicator {
    guard let communicator else { throw CommunicatorError.mismatch(operation: "split", detail: "no communicator for a colored rank") }
    return communicator
}

/// Checkpointed minimization: `minimize-checkpoint METHOD INTERVAL [CHECKPOINT [KILL_AT]]` with
/// METHOD `newton-cg`, `lbfgs`, `bfgs` or `trust-region` on the L2-regularized logistic regression of
/// `minimize`. With KILL_AT, the last rank kills itself (SIGKILL) at that iteration. Rank 0 prints
/// `resumed_from K`, `total_iterations N`, `evaluations F G H` (function, gradient, Hessian-vector)
/// and `final x…` with every digit.
func minimizeCheckpointCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let usage = "usage: minimize-checkpoint newton-cg|lbfgs|bfgs|trust-region INTERVAL [CHECKPOINT [KILL_AT]]"
    guard arguments.count >= 2, let interval = Int(arguments[1]), interval >= 1 else {
        throw CommunicatorError.mismatch(operation: "minimize-checkpoint", detail: usage)
    }
    let data = SyntheticData()
    let (x, y) = data.shard(rank: world.rank, size: world.size)
    let distributed = try DistributedObjective.logisticRegression(x: x, y: y, communicator: world)
    let objective = distributed.objective.addingL2Penalty(1e-2)
    let killAt = arguments.count >= 4 ? Int(arguments[3]) : nil
    var options = OptimizationOptions(gradientTolerance: 1e-8)
    options.callback = { entry in
        if entry.iteration == killAt && world.rank == world.size - 1 {
            fflush(nil)
            raise(SIGKILL)
        }
        return .proceed
    }
    let start = Tensor.zeros([data.x.columns])
    let path = arguments.count >= 3 ? arguments[2] : nil
    // One run of `method`: checkpointed when a path is given, plain otherwise.
    func run<Method: OptimizationMethod>(_ method: Method) throws -> (OptimizationResult, resumedFrom: Int?, total: Int)
        where Method.State: Codable {
        guard let path else {
            let result = try minimize(objective, from: start, using: method, options: options)
            return (result, nil, result.iterations)
        }
        let run = try distributed.minimize(objective, from: start, using: method, options: options,
                                           checkpoint: CheckpointSchedule(path: path, interval: interval))
        failures.expect(run.values.count == run.totalIterations + 1, "\(run.values.count) values for \(run.totalIterations) iterations")
        return (run.result, run.resumedFrom, run.totalIterations)
    }
    let outcome: (OptimizationResult, resumedFrom: Int?, total: Int)
    switch arguments[0] {
    case "lbfgs": outcome = try run(LBFGS())
    case "bfgs": outcome = try run(BFGS())
    case "trust-region": outcome = try run(TrustRegion())
    case "newton-cg": outcome = try run(NewtonCG())
    default: throw CommunicatorError.mismatch(operation: "minimize-checkpoint", detail: usage)
    }
    let (result, resumedFrom, total) = outcome
    failures.expect(result.isConverged, "\(result.termination)")
    if world.isRoot {
        print("resumed_from \(resumedFrom.map(String.init) ?? "none")")
        print("total_iterations \(total)")
        print("evaluations \(result.functionEvaluations) \(result.gradientEvaluations) \(result.hessianVectorProductEvaluations)")
        print("final \(result.minimizer.scalars.map { "\($0)" }.joined(separator: " "))")
    }
}
