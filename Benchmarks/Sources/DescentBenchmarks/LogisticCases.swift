import Descent
import Foundation

// Logistic regression models (DescentLearn) against scikit-learn and celer: whole fits to a stated
// tolerance. The peers (peers/sklearn_logistic_peer.py) fit the same data with the same C values.
// `check` is scikit-learn's objective C Σ log-loss + R(w) at the answer (summed over a path), so
// the table's "results agree" column says whether both sides reached the same optimum.

/// C of the L2 cases: λ = 1e-3 of the L-BFGS optimization case, C = 1/(nλ) with n = 10⁵.
let logisticL2C = 0.01
/// The L1 path: 10 values of C from C_min (every coefficient 0) to 30·C_min, evenly in log scale.
let l1PathCount = 10, l1PathSpan = 30.0

/// One L2 fit of the 10⁵ × 100 data per call.
func logisticL2Case(_ solver: LogisticRegression.Solver) -> @Sendable (BenchmarkData, Int, Int) -> Timing {
    { data, repeats, warmup in
        let x = data.tensor("lbfgs_logistic_x", shape: [100_000, 100]), y = data.tensor("lbfgs_logistic_y", shape: [100_000])
        let configuration = LogisticRegression(penalty: .l2, c: logisticL2C, solver: solver, tolerance: 1e-4)
        var last: FittedLogisticRegression?
        var timing = timed(repeats, warmup, { () -> Double in
            let model = try! configuration.fit(x, y)
            last = model
            return model.objective
        }, check: { $0 })
        if let m = last {
            timing.details = ["iterations": Double(m.iterations), "final_f": m.objective,
                              "gradient_inf_norm": m.optimalityViolation, "converged": m.isConverged ? 1 : 0]
        }
        return timing
    }
}

/// The whole L1 path (warm starts, no intercept so that liblinear and celer solve the same problem).
let logisticL1PathRun: @Sendable (BenchmarkData, Int, Int) -> Timing = { data, repeats, warmup in
    let x = data.tensor("l1path_x", shape: [2000, 500]), y = data.tensor("l1path_y", shape: [2000])
    let grid = try! LogisticRegression.l1CGrid(x, y, count: l1PathCount, span: l1PathSpan, fitIntercept: false)
    let configuration = LogisticRegression(penalty: .l1, fitIntercept: false, tolerance: 1e-6)
    var last: LogisticRegressionPath?
    var timing = timed(repeats, warmup, { () -> Double in
        let path = try! configuration.fitPath(x, y, cValues: grid)
        last = path
        return path.models.reduce(0) { $0 + $1.objective }
    }, check: { $0 })
    if let path = last {
        timing.details = ["iterations": Double(path.models.reduce(0) { $0 + $1.iterations }), "final_f": timing.check,
                          "nonzeros_last": Double(path.nonZeroCounts.last ?? 0),
                          "converged": path.models.allSatisfy(\.isConverged) ? 1 : 0]
    }
    return timing
}

let logisticCases: [BenchmarkCase] = [
    BenchmarkCase(name: "logistic_l2_lbfgs_1e5x100", peer: "sklearn LogisticRegression(solver=\"lbfgs\", tol=1e-4)",
                  run: logisticL2Case(.lbfgs)),
    BenchmarkCase(name: "logistic_l2_newton_1e5x100", peer: "sklearn LogisticRegression(solver=\"newton-cholesky\", tol=1e-4)",
                  run: logisticL2Case(.newton)),
    BenchmarkCase(name: "logistic_l1_path_liblinear", peer: "sklearn liblinear L1 path", run: logisticL1PathRun),
    BenchmarkCase(name: "logistic_l1_path_saga", peer: "sklearn saga L1 path (warm start)", run: logisticL1PathRun),
    BenchmarkCase(name: "logistic_l1_path_celer", peer: "celer LogisticRegression L1 path", run: logisticL1PathRun),
]
