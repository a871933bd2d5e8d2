import DescentCore
import DescentDistributed
import DescentOptimize
import Foundation

/// Distributed logistic regression against scikit-learn: `peer REFERENCE.json` (written by
/// Tools/references/distributed_logistic.py: breast cancer's first 10 standardized columns, 569
/// rows, λ = 0.01, sklearn's coefficients refined to round-off). The rows are split unevenly
/// across the ranks (one empty from 3 ranks on). With f's curvature ≥ λ = 0.01, a point with
/// ‖∇f‖ ≤ g is within g/0.01 of the optimum: Newton-CG stops at g = 1e-11 (tolerance 1e-9);
/// L-BFGS at g = 1e-9 (tolerance 1e-7), since below that its line search meets round-off.
func peerCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    guard let path = arguments.first else {
        throw CommunicatorError.mismatch(operation: "peer", detail: "usage: peer REFERENCE.json")
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
          let rows = object["x"] as? [[Double]], let labels = object["y"] as? [Double],
          let lambda = object["lambda"] as? Double, let coefficients = object["coef"] as? [Double] else {
        throw CommunicatorError.mismatch(operation: "peer", detail: "\(path) lacks x, y, lambda or coef")
    }
    let shard = SyntheticData.shard(rows: rows.count, rank: world.rank, size: world.size)
    let x = Tensor(shape: [shard.count, coefficients.count], scalars: Array(rows[shard].joined()))
    let y = Tensor(Array(labels[shard]))
    let objective = try DistributedObjective.logisticRegression(x: x, y: y, communicator: world).objective.addingL2Penalty(lambda)
    let start = Tensor.zeros([coefficients.count])
    let runs = [("L-BFGS", try minimize(objective, from: start, using: LBFGS(), options: OptimizationOptions(gradientTolerance: 1e-9)), 1e-7),
                ("Newton-CG", try minimize(objective, from: start, using: NewtonCG(), options: OptimizationOptions(gradientTolerance: 1e-11)), 1e-9)]
    for (name, result, tolerance) in runs {
        failures.expect(result.isConverged, "\(name): \(result.termination)")
        failures.expectClose(result.minimizer.scalars, coefficients, tolerance: tolerance, "\(name) against scikit-learn")
        if world.isRoot {
            var gap = 0.0
            for (a, b) in zip(result.minimizer.scalars, coefficients) { gap = max(gap, abs(a - b)) }
            print("\(name) vs scikit-learn: \(result.iterations) iterations, max |Δw| = \(gap)")
        }
    }
}
