import DescentCore
import DescentDistributed
import DescentOptimize
import Foundation

/// Timings for the scaling study (docs/SCALING.md, Tools/scaling/measure.py), not a test:
/// `scale logistic|pagerank strong|weak N ITERATIONS` runs a fixed number of iterations of
/// distributed L-BFGS logistic regression (N rows, 20 features) or PageRank (N nodes, 8 in-links
/// each) and prints one `SCALE` line of JSON on rank 0: ranks, rows or nodes, iterations, seconds
/// per iteration (the slowest rank's), function evaluations (L-BFGS's line search may take more
/// than one per iteration) and the payload bytes rank 0 contributed per iteration. `strong`: N in all; `weak`: N per rank.
/// The data are drawn from a hash of the global row index, so every split holds the same rows.
func scaleCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    guard arguments.count == 4, let total = Int(arguments[2]), let iterations = Int(arguments[3]),
          ["logistic", "pagerank"].contains(arguments[0]), ["strong", "weak"].contains(arguments[1]) else {
        throw CommunicatorError.mismatch(operation: "scale", detail: "usage: scale logistic|pagerank strong|weak N ITERATIONS")
    }
    let n = arguments[1] == "weak" ? total * world.size : total
    let mine = world.rowRange(of: n)
    var seconds = 0.0, bytes = 0, done = 0, evaluations = 0
    if arguments[0] == "logistic" {
        let d = 20
        var xs = [Double](repeating: 0, count: mine.count * d), ys = [Double](repeating: 0, count: mine.count)
        for (local, row) in mine.enumerated() {
            var z = 0.0
            for j in 0..<d {
                let value = j == 0 ? 1 : 2 * unitHash(row, j) - 1
                xs[local * d + j] = value
                z += value * (Double(j % 5) - 2) * 0.5
            }
            ys[local] = unitHash(row, d) < 1 / (1 + exp(-z)) ? 1 : 0
        }
        let x = Tensor(shape: [mine.count, d], scalars: xs), y = Tensor(ys)
        let objective = try DistributedObjective.logisticRegression(x: x, y: y, communicator: world).objective.addingL2Penalty(1e-4)
        try world.barrier()
        world.resetTraffic()
        let start = Date()
        let result = try minimize(objective, from: Tensor.zeros([d]), using: LBFGS(),
                                  options: OptimizationOptions(gradientTolerance: 0, maxIterations: iterations))
        seconds = Date().timeIntervalSince(start)
        // L-BFGS's line search may evaluate more than once per iteration; count evaluations.
        done = result.iterations
        bytes = world.traffic.totalPayloadBytes
        evaluations = result.functionEvaluations
    } else {
        var links: [(source: Int, target: Int)] = []
        links.reserveCapacity(mine.count * 8)
        for v in mine { for k in 0..<8 { links.append((source: Int(unitHash(v, k) * Double(n)) % n, target: v)) } }
        let solver = DistributedPageRank(damping: 0.85, tolerance: 0, maxIterations: iterations)
        try world.barrier()
        let start = Date()
        let result = try solver.rank(inLinks: links, nodeCount: n, nodes: mine, communicator: world)
        seconds = Date().timeIntervalSince(start)
        done = result.iterations
        bytes = result.bytesSent
        evaluations = done
    }
    let slowest = try world.allgather(seconds).max() ?? seconds
    if world.isRoot {
        let perIteration = slowest / Double(max(done, 1))
        print("SCALE {\"problem\": \"\(arguments[0])\", \"mode\": \"\(arguments[1])\", \"ranks\": \(world.size), \"n\": \(n), "
              + "\"iterations\": \(done), \"seconds_per_iteration\": \(perIteration), \"evaluations\": \(evaluations), "
              + "\"bytes_per_iteration\": \(bytes / max(done, 1))}")
    }
}

/// A number in [0, 1) from a hash (SplitMix64) of (i, j): the same for a row wherever it lives.
private func unitHash(_ i: Int, _ j: Int) -> Double {
    var z = UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: j) &* 0xBF58_476D_1CE4_E5B9 &+ 0x94D0_49BB_1331_11EB
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Double(z >> 11) / Double(1 << 53)
}
