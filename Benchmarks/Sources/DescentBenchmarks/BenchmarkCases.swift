import Descent

/// One timed operation: how to load its inputs and the call being measured. The peer's script
/// (`Benchmarks/peers/numpy_peer.py`) has a function of the same name doing the same work.
struct BenchmarkCase: Sendable {
    /// Identifier shared with the peer script.
    let name: String
    /// What the peer runs, for the table.
    let peer: String
    /// Loads the inputs, then times `repeats` calls after `warmup` untimed ones. Returns the
    /// times and a checksum of the last result (compared with the peer's to catch a case that
    /// computes something else).
    let run: @Sendable (_ data: BenchmarkData, _ repeats: Int, _ warmup: Int) -> Timing
}

/// What one case measured: wall-clock and CPU milliseconds per timed call, and a checksum.
struct Timing {
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var check = 0.0
    /// Extra numbers a case reports (iterations, final objective, …), listed under the table.
    var details: [String: Double] = [:]

    /// Rescales the times, e.g. from a batch of calls to one call.
    mutating func scale(by factor: Double) {
        times = times.map { $0 * factor }
        cpuTimes = cpuTimes.map { $0 * factor }
    }
}

/// Times `operation` and sums its result outside the timed region; each result is released
/// before the next call so that at most one output is alive, as on the peer's side.
func timed<T>(_ repeats: Int, _ warmup: Int, _ operation: () -> T, check: (T) -> Double) -> Timing {
    var timing = Timing()
    for iteration in 0..<(warmup + repeats) {
        let cpuStart = Measurement.processCPUMilliseconds()
        let start = Measurement.nanoseconds()
        let result = operation()
        let end = Measurement.nanoseconds()
        let cpuEnd = Measurement.processCPUMilliseconds()
        if iteration >= warmup {
            timing.times.append(Double(end - start) / 1e6)
            timing.cpuTimes.append(cpuEnd - cpuStart)
        }
        timing.check = check(result)
    }
    return timing
}

let benchmarkCases: [BenchmarkCase] = [
    BenchmarkCase(name: "noop", peer: "nothing (runtime baseline)") { _, repeats, warmup in
        timed(repeats, warmup, { 0.0 }, check: { $0 })
    },
    BenchmarkCase(name: "matmul_1024", peer: "a @ b") { data, repeats, warmup in
        let a = data.tensor("matmul1024_a", shape: [1024, 1024]), b = data.tensor("matmul1024_b", shape: [1024, 1024])
        return timed(repeats, warmup, { matmul(a, b) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "matmul_2048", peer: "a @ b") { data, repeats, warmup in
        let a = data.tensor("matmul2048_a", shape: [2048, 2048]), b = data.tensor("matmul2048_b", shape: [2048, 2048])
        return timed(repeats, warmup, { matmul(a, b) }, check: { $0.sum() })
    },
    // The decompositions call the same LAPACK drivers as NumPy (dsyevd, dgeev, dgesdd, dgesv,
    // dgelsd); the difference is the BLAS/LAPACK build and our layout conversions around it.
    BenchmarkCase(name: "eigh_1000", peer: "np.linalg.eigh(a)") { data, repeats, warmup in
        let a = data.tensor("eigh1000_a", shape: [1000, 1000])
        return timed(repeats, warmup, { try! SymmetricEigen(a) }, check: { $0.eigenvalues.max() })
    },
    BenchmarkCase(name: "eig_500", peer: "np.linalg.eig(a)") { data, repeats, warmup in
        let a = data.tensor("eig500_a", shape: [500, 500])
        return timed(repeats, warmup, { try! Eigen(a) }, check: { e in
            e.eigenvalues.reduce(0) { $0 + ($1.real * $1.real + $1.imaginary * $1.imaginary).squareRoot() }
        })
    },
    BenchmarkCase(name: "svd_1000x500", peer: "np.linalg.svd(a, full_matrices=False)") { data, repeats, warmup in
        let a = data.tensor("svd1000x500_a", shape: [1000, 500])
        return timed(repeats, warmup, { try! SVD(a) }, check: { $0.singularValues.sum() })
    },
    BenchmarkCase(name: "solve_2000", peer: "np.linalg.solve(a, b)") { data, repeats, warmup in
        let a = data.tensor("solve2000_a", shape: [2000, 2000]), b = data.tensor("solve2000_b", shape: [2000])
        return timed(repeats, warmup, { try! solve(a, b) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "lstsq_4000x500", peer: "np.linalg.lstsq(a, b)") { data, repeats, warmup in
        let a = data.tensor("lstsq4000x500_a", shape: [4000, 500]), b = data.tensor("lstsq4000x500_b", shape: [4000])
        return timed(repeats, warmup, { try! LeastSquares(a, b) }, check: { $0.solution.sum() })
    },
    BenchmarkCase(name: "exp_1e7", peer: "np.exp(x)") { data, repeats, warmup in
        let x = data.tensor("exp_x", shape: [10_000_000])
        return timed(repeats, warmup, { exp(x) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "axpy_1e7", peer: "a * x + y") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]), y = data.tensor("axpy_y", shape: [10_000_000])
        return timed(repeats, warmup, { Tensor.scaledSum(0.5, x, y) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "csr_matvec_1e7", peer: "scipy.sparse.csr_matrix @ x") { data, repeats, warmup in
        let offsets = data.ints("csr_indptr"), indices = data.ints("csr_indices").map { Int32($0) }
        let values = data.doubles("csr_values"), x = data.tensor("csr_x", shape: [offsets.count - 1])
        let a = SparseMatrix(rows: offsets.count - 1, columns: x.count, rowOffsets: offsets, columnIndices: indices, values: values)
        return timed(repeats, warmup, { a.multiplied(by: x) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "axpy_inplace_1e7", peer: "scipy.linalg.blas.daxpy(x, y, a=a)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000])
        var y = data.tensor("axpy_y", shape: [10_000_000])
        var timing = timed(repeats, warmup, { y.addScaled(x, by: 0.5) }, check: { _ in 0 })
        timing.check = y.sum()
        return timing
    },
    // Reading a 3000 × 3000 CSV (≈ 180 MB): our streaming byte parser vs NumPy's C loadtxt.
    BenchmarkCase(name: "csv_read_3000", peer: "np.loadtxt(path, delimiter=',')") { data, repeats, warmup in
        let path = data.csvURL.path
        return timed(repeats, warmup, { try! Tensor(contentsOfCSV: path) }, check: { $0.sum() })
    },
]
