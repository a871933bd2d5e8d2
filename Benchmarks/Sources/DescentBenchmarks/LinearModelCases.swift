import Descent
import Foundation

// Linear-model cases: lasso paths (dense and sparse) and ridge, against scikit-learn, skglm, celer
// and glum on the same data (peers/linear_model_*.py), plus the normal-equations vs gradient-descent
// crossover (`DescentBenchmarks crossover`), which has no peer.
//
// Their inputs are written by `LinearModelData.prepare` beside the shared ones, under their own
// manifest (linear_manifest.json), so that adding them never regenerates the other inputs.

/// The inputs of the linear-model cases, generated from fixed seeds.
struct LinearModelData {
    static let version = 1
    let directory: URL
    var manifestURL: URL { directory.appendingPathComponent("linear_manifest.json") }

    static let dense = (rows: 10_000, columns: 1_000)
    static let sparse = (rows: 100_000, columns: 10_000, nonZeros: 1_000_000)
    static let ridge = (rows: 100_000, columns: 500)
    /// Duality-gap tolerance of the lasso paths, relative to ‖y‖² (celer's and scikit-learn's scale).
    static let pathTolerance = 1e-6
    static let ridgeAlpha = 1.0

    var isPrepared: Bool {
        guard let data = try? Data(contentsOf: manifestURL),
              let manifest = try? JSONDecoder().decode(BenchmarkData.Manifest.self, from: data) else { return false }
        return manifest.version == Self.version
    }

    /// Writes the arrays: X ~ N(0, 1) and y = X·w_true + 0.5·N(0, 1) with a sparse w_true (1 % of
    /// the columns, N(0, 1)); the sparse X has its non-zeros at uniformly random positions.
    func prepare() throws {
        var arrays: [String: BenchmarkData.ArrayEntry] = [:]
        func write<T>(_ name: String, _ values: [T], shape: [Int]) throws {
            let ext = T.self == Double.self ? "f64" : "i64"
            let url = directory.appendingPathComponent("\(name).\(ext)")
            try values.withUnsafeBytes { try Data($0).write(to: url) }
            arrays[name] = BenchmarkData.ArrayEntry(file: url.lastPathComponent, shape: shape, dtype: T.self == Double.self ? "float64" : "int64")
        }
        func target(_ product: (Tensor) -> Tensor, columns: Int, seed: UInt64) -> [Double] {
            var g = SeededGenerator(seed: seed)
            var w = [Double](repeating: 0, count: columns)
            for j in g.permutation(columns).prefix(Swift.max(1, columns / 100)) { w[j] = g.nextNormal() }
            let noise = Tensor.randomNormal([product(Tensor(w)).count], standardDeviation: 0.5, using: &g)
            return (product(Tensor(w)) + noise).scalars
        }
        var g = SeededGenerator(seed: 20_000)
        let dense = Tensor.randomNormal([Self.dense.rows, Self.dense.columns], using: &g)
        try write("lasso_dense_x", dense.scalars, shape: [Self.dense.rows, Self.dense.columns])
        try write("lasso_dense_y", target({ matmul(dense, $0) }, columns: Self.dense.columns, seed: 20_001), shape: [Self.dense.rows])

        var sg = SeededGenerator(seed: 21_000)
        let (m, n, nnz) = Self.sparse
        let rows = (0..<nnz).map { _ in Int(sg.next() % UInt64(m)) }
        let columns = (0..<nnz).map { _ in Int(sg.next() % UInt64(n)) }
        let values = Tensor.randomNormal([nnz], using: &sg).scalars
        let sparse = try SparseMatrix(rows: m, columns: n, rowIndices: rows, columnIndices: columns, values: values)
        try write("lasso_sparse_indptr", sparse.rowOffsets, shape: [m + 1])
        try write("lasso_sparse_indices", sparse.columnIndices.map { Int($0) }, shape: [sparse.nonZeroCount])
        try write("lasso_sparse_values", sparse.values, shape: [sparse.nonZeroCount])
        try write("lasso_sparse_y", target({ sparse.multiplied(by: $0) }, columns: n, seed: 21_001), shape: [m])

        var rg = SeededGenerator(seed: 22_000)
        let ridge = Tensor.randomNormal([Self.ridge.rows, Self.ridge.columns], using: &rg)
        try write("ridge_x", ridge.scalars, shape: [Self.ridge.rows, Self.ridge.columns])
        try write("ridge_y", target({ matmul(ridge, $0) }, columns: Self.ridge.columns, seed: 22_001), shape: [Self.ridge.rows])

        let manifest = BenchmarkData.Manifest(version: Self.version, arrays: arrays)
        try JSONEncoder().encode(manifest).write(to: manifestURL)
    }

    func sparseMatrix() -> SparseMatrix {
        let data = BenchmarkData(directory: directory)
        let offsets = data.ints("lasso_sparse_indptr"), indices = data.ints("lasso_sparse_indices")
        return SparseMatrix(rows: Self.sparse.rows, columns: Self.sparse.columns, rowOffsets: offsets,
                            columnIndices: indices.map { Int32($0) }, values: data.doubles("lasso_sparse_values"))
    }
}

/// The primal objective P(w) = (1/2n)‖y − Xw‖² + α‖w‖₁ at each α of a path, summed and divided by
/// ‖y‖²/(2n) (the value at w = 0): the check both sides compute the same way.
func normalizedPathObjective(_ path: RegularizationPath, residualSquaredNorm: (Tensor) -> Double, y: Tensor) -> Double {
    let n = Double(y.count)
    let zero = y.squaredNorm() / (2 * n)
    return path.models.reduce(0) { total, model in
        total + (residualSquaredNorm(model.coefficients) / (2 * n) + model.alpha * model.coefficients.norm(.one)) / zero
    }
}

/// The lasso solver of the path cases: coordinate descent (scikit-learn's algorithm), or the one
/// named by DESCENT_LASSO_SOLVER (e.g. `working-sets`) to compare solvers on the same rows.
let benchmarkLassoSolver = ProcessInfo.processInfo.environment["DESCENT_LASSO_SOLVER"].flatMap(ElasticNetSolver.init(rawValue:))
    ?? .coordinateDescent

/// Times whole lasso paths and reports epochs, the largest gap relative to ‖y‖² (`yNormSquared` is
/// ‖y‖²/n, the scale of the models' `dualityGap`) and the final support.
func timedLassoPath(_ repeats: Int, _ warmup: Int, _ run: () -> RegularizationPath,
                    objective: (RegularizationPath) -> Double, yNormSquared: Double) -> Timing {
    var last: RegularizationPath?
    var timing = timed(repeats, warmup, { () -> Int in
        let path = run()
        last = path
        return path.models.count
    }, check: { _ in 0 })
    if let path = last {
        timing.check = objective(path)
        timing.details = ["epochs": Double(path.iterations.reduce(0, +)),
                          "max_relative_gap": path.models.map { ($0.dualityGap ?? .nan) / yNormSquared }.max() ?? .nan,
                          "final_nonzeros": Double(path.models.last.map { $0.coefficients.scalars.filter { $0 != 0 }.count } ?? 0),
                          "converged": path.isConverged ? 1 : 0]
    }
    return timing
}

let linearModelCases: [BenchmarkCase] = [
    BenchmarkCase(name: "lasso_path_dense_1e4x1e3", peer: "sklearn lasso_path(X, y, tol=1e-6)") { data, repeats, warmup in
        let x = data.tensor("lasso_dense_x", shape: [LinearModelData.dense.rows, LinearModelData.dense.columns])
        let y = data.tensor("lasso_dense_y", shape: [LinearModelData.dense.rows])
        let lasso = Lasso(fitIntercept: false, solver: benchmarkLassoSolver, tolerance: LinearModelData.pathTolerance)
        // The gap of a fitted model is sklearn's dual_gap_ (÷ n); relative to ‖y‖²/n it is ÷ ‖y‖².
        return timedLassoPath(repeats, warmup, { try! lasso.path(x, y) },
                              objective: { normalizedPathObjective($0, residualSquaredNorm: { (y - matmul(x, $0)).squaredNorm() }, y: y) },
                              yNormSquared: y.squaredNorm() / Double(y.count))
    },
    BenchmarkCase(name: "lasso_path_sparse_1e5x1e4", peer: "sklearn lasso_path(X_csr, y, tol=1e-6)") { data, repeats, warmup in
        let x = LinearModelData(directory: data.directory).sparseMatrix()
        let y = data.tensor("lasso_sparse_y", shape: [LinearModelData.sparse.rows])
        let lasso = Lasso(fitIntercept: false, solver: benchmarkLassoSolver, tolerance: LinearModelData.pathTolerance)
        return timedLassoPath(repeats, warmup, { try! lasso.path(x, y) },
                              objective: { normalizedPathObjective($0, residualSquaredNorm: { (y - x.multiplied(by: $0)).squaredNorm() }, y: y) },
                              yNormSquared: y.squaredNorm() / Double(y.count))
    },
    BenchmarkCase(name: "ridge_1e5x500", peer: "sklearn Ridge(alpha=1).fit(X, y)") { data, repeats, warmup in
        let x = data.tensor("ridge_x", shape: [LinearModelData.ridge.rows, LinearModelData.ridge.columns])
        let y = data.tensor("ridge_y", shape: [LinearModelData.ridge.rows])
        var timing = timed(repeats, warmup, { try! Ridge(alpha: LinearModelData.ridgeAlpha).fit(x, y) },
                           check: { $0.coefficients.sum() + $0.intercept })
        if let model = try? Ridge(alpha: LinearModelData.ridgeAlpha).fit(x, y) {
            timing.details = ["condition_number": model.conditionNumber ?? .nan]
        }
        return timing
    },
]

/// Normal equations (Cholesky) against gradient descent for ridge regression as d grows: both on
/// the same data to the same weights, their times and the iterations gradient descent needed, with
/// κ = (λ_max + α)/(λ_min + α) of XᵀX + αI. Prints one JSON object per d.
func ridgeCrossover(rows n: Int, columns: [Int], correlation: Double, alpha: Double) {
    for d in columns {
        // Columns with pairwise correlation ρ: xᵢⱼ = √(1 − ρ)·zᵢⱼ + √ρ·uᵢ, so κ(XᵀX) ≈ 1 + dρ/(1 − ρ).
        var g = SeededGenerator(seed: 23_000 + UInt64(d))
        let z = Tensor.randomNormal([n, d], using: &g), u = Tensor.randomNormal([n, 1], using: &g)
        let x = z * (1 - correlation).squareRoot() + u * correlation.squareRoot()
        let y = matmul(x, Tensor.randomNormal([d], using: &g)) + Tensor.randomNormal([n], using: &g)
        let closedForm = Ridge(alpha: alpha, solver: .cholesky)
        let descent = Ridge(alpha: alpha, solver: .gradientDescent, tolerance: 1e-8, maxIterations: 1_000_000)
        var exact: FittedLinearModel?
        var iterative: FittedLinearModel?
        let cholesky = timed(3, 1, { exact = try! closedForm.fit(x, y) }, check: { _ in 0 })
        let gd = timed(1, 0, { iterative = try! descent.fit(x, y) }, check: { _ in 0 })
        let eigen = try! SymmetricEigen(matmul(x - x.mean(alongAxis: 0), x - x.mean(alongAxis: 0), transposeA: true)).eigenvalues.scalars
        let kappa = ((eigen.max() ?? 0) + alpha) / ((eigen.min() ?? 0) + alpha)
        let difference = ((iterative!.coefficients - exact!.coefficients).norm(.infinity)) / exact!.coefficients.norm(.infinity)
        // CPU milliseconds (single-threaded BLAS in the measurement): steadier than wall time on a shared machine.
        printJSON(["rows": n, "columns": d, "correlation": correlation, "kappa": kappa,
                   "cholesky_cpu_ms": cholesky.cpuTimes.min()!, "gradient_descent_cpu_ms": gd.cpuTimes.min()!,
                   "gd_iterations": iterative!.iterations, "gd_converged": iterative!.isConverged,
                   "relative_difference": difference])
    }
}
