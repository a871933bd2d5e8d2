import DescentCore
import DescentDistributed

/// Linear models and PCA on rows split across ranks against scikit-learn and against one process:
/// `models distributed_models.json` (Tools/references/distributed.py: the diabetes table, 442 × 10,
/// columns scaled to unit-order norms). Rows are split unevenly (one rank empty from 3 ranks on).
///
/// Tolerances: against one process (the same code on a one-rank communicator holding every row),
/// 1e-10 — the two differ only in the order of the Gram sums (relative round-off ~1e-16 times the
/// Gram's condition number ~10², on coefficients of size ~10²). Against scikit-learn: OLS and ridge
/// 1e-8 (sklearn solves by lstsq/Cholesky on X itself, we by Cholesky on the Gram: the same answer
/// to round-off times the condition number); lasso 1e-9: both stop at a duality gap of
/// 1e-14·‖y‖², and with the Gram's smallest eigenvalue/N ≈ 0.1 the coefficients of two points within
/// that gap differ by at most √(2·gap/(N·0.1)) ≈ 1e-6 in principle, but both run the same cyclic
/// updates, so they land within round-off of each other (measured 5e-12);
/// PCA 1e-9 on components (unit vectors, separated eigenvalues) and relative 1e-10 on variances.
func modelsCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let reference = try ReferenceFile(arguments, check: "models")
    let rows: [[Double]] = try reference.value("x")
    let targets: [Double] = try reference.value("y")
    let d = rows[0].count
    let all = Tensor(shape: [rows.count, d], scalars: Array(rows.joined()))
    let range = SyntheticData.shard(rows: rows.count, rank: world.rank, size: world.size)
    let x = all.gatherRows(Array(range))
    let y = Tensor(Array(targets[range]))
    let alone = try requireCommunicator(world.split(color: world.rank, key: 0))

    func compare(_ name: String, _ fit: (Tensor, Tensor, Communicator) throws -> DistributedLinearFit, key: String, tolerance: Double) throws {
        let distributed = try fit(x, y, world)
        let single = try fit(all, Tensor(targets), alone)
        failures.expect(distributed.isConverged, "\(name): \(distributed.termination)")
        failures.expect(distributed.count == rows.count, "\(name): \(distributed.count) rows counted")
        failures.expectClose(distributed.coefficients.scalars + [distributed.intercept], single.coefficients.scalars + [single.intercept],
                             tolerance: 1e-10, "\(name) against one process")
        let coefficients: [Double] = try reference.value(key, "coef")
        let intercept: Double = try reference.value(key, "intercept")
        failures.expectClose(distributed.coefficients.scalars + [distributed.intercept], coefficients + [intercept],
                             tolerance: tolerance, "\(name) against scikit-learn")
        if world.isRoot {
            print("\(name): max |Δ| vs scikit-learn \(largestDifference(distributed.coefficients.scalars, coefficients)), "
                  + "vs one process \(largestDifference(distributed.coefficients.scalars, single.coefficients.scalars)), \(distributed.iterations) sweeps")
        }
    }
    try compare("ols", { try DistributedRidge(alpha: 0).fit(x: $0, y: $1, communicator: $2) }, key: "ols", tolerance: 1e-8)
    let ridgeAlpha: Double = try reference.value("ridge", "alpha")
    try compare("ridge", { try DistributedRidge(alpha: ridgeAlpha).fit(x: $0, y: $1, communicator: $2) }, key: "ridge", tolerance: 1e-8)
    let lassoAlpha: Double = try reference.value("lasso", "alpha")
    try compare("lasso", { try DistributedLasso(alpha: lassoAlpha, tolerance: 1e-14, maxIterations: 100_000).fit(x: $0, y: $1, communicator: $2) },
                key: "lasso", tolerance: 1e-9)

    // Logistic regression (L-BFGS to ‖∇f‖∞ ≤ 1e-9; tighter, its line search meets round-off): f's
    // curvature is at least 1/(N·C) = 1/221, so our point is within 221·√(d+1)·1e-9 ≈ 7e-7 of the
    // optimum, and scikit-learn's lbfgs stops by its own relative-decrease rule: 1e-6 against
    // scikit-learn (measured 2.5e-7). Against one process: both stop by that test, so they agree to
    // twice that bound, 1.4e-6, not to rounding: near the round-off floor the line search compares
    // values of f that differ in the last bits (the reductions add in another order), so the two runs
    // can take different trials and stop at different points (measured 4.3e-8).
    let labels: [Double] = try reference.value("logistic", "labels")
    let c: Double = try reference.value("logistic", "c")
    let model = DistributedLogisticRegression(c: c, tolerance: 1e-9)
    let logistic = try model.fit(x: x, y: Tensor(Array(labels[range])), communicator: world)
    let logisticAlone = try model.fit(x: all, y: Tensor(labels), communicator: alone)
    let logisticCoefficients: [Double] = try reference.value("logistic", "coef")
    let logisticIntercept: Double = try reference.value("logistic", "intercept")
    failures.expect(logistic.isConverged, "logistic: \(logistic.termination)")
    failures.expectClose(logistic.coefficients.scalars + [logistic.intercept], logisticCoefficients + [logisticIntercept],
                         tolerance: 1e-6, "logistic against scikit-learn")
    failures.expectClose(logistic.coefficients.scalars + [logistic.intercept], logisticAlone.coefficients.scalars + [logisticAlone.intercept],
                         tolerance: 1.4e-6, "logistic against one process")
    if world.isRoot {
        print("logistic: max |Δ| vs scikit-learn \(largestDifference(logistic.coefficients.scalars, logisticCoefficients)), "
              + "vs one process \(largestDifference(logistic.coefficients.scalars, logisticAlone.coefficients.scalars)), \(logistic.iterations) iterations")
    }

    // A NaN on the last rank is an error on every rank (none waits in a collective).
    var poisoned = x
    if world.rank == world.size - 1 && poisoned.rows > 0 { poisoned[0, 0] = .nan }
    do {
        _ = try DistributedRidge(alpha: 1).fit(x: poisoned, y: y, communicator: world)
        failures.expect(x.rows == 0 && world.rank == world.size - 1, "ridge accepted a NaN")
    } catch {
        failures.expect(world.rank == world.size - 1 ? error is LinearAlgebraError : "\(error)".contains("NaN or infinite"), "ridge's NaN error: \(error)")
    }

    // Predictions of one rank's rows agree with the model applied by hand.
    let ridge = try DistributedRidge(alpha: ridgeAlpha).fit(x: x, y: y, communicator: world)
    let byHand = (0..<x.rows).map { i in ridge.intercept + (0..<d).reduce(0.0) { $0 + x[i, $1] * ridge.coefficients[$1] } }
    failures.expectClose(ridge.predict(x).scalars, byHand, tolerance: 1e-9, "ridge predict")

    let components: [[Double]] = try reference.value("pca", "components")
    let variances: [Double] = try reference.value("pca", "explained_variance")
    let mean: [Double] = try reference.value("pca", "mean")
    var fits: [DistributedPCAResult] = []
    for method in DistributedPCA.Method.allCases {
        let pca = try DistributedPCA(components: components.count, method: method).fit(x: x, communicator: world)
        failures.expect(pca.isConverged, "PCA \(method): \(pca.termination)")
        failures.expectClose(pca.mean.scalars, mean, tolerance: 1e-12, "PCA \(method) mean")
        failures.expectClose(pca.components.scalars, Array(components.joined()), tolerance: 1e-9, "PCA \(method) components vs scikit-learn")
        failures.expectClose(zip(pca.explainedVariance.scalars, variances).map { $0 / $1 }, [Double](repeating: 1, count: variances.count),
                             tolerance: 1e-10, "PCA \(method) explained variance vs scikit-learn (relative)")
        fits.append(pca)
        if world.isRoot {
            print("PCA \(method): max |Δ component| vs scikit-learn \(largestDifference(pca.components.scalars, Array(components.joined()))), \(pca.iterations) iterations")
        }
    }
    let single = try DistributedPCA(components: components.count, method: .tsqr).fit(x: all, communicator: alone)
    failures.expectClose(fits[1].components.scalars, single.components.scalars, tolerance: 1e-10, "PCA tsqr against one process")
    failures.expectClose(fits[1].transform(x).scalars, single.transform(x).scalars, tolerance: 1e-9, "PCA scores against one process")
}
