import Descent

/// One timed operation: how to load its inputs and the call being measured. The peer's script
/// (`Benchmarks/peers/numpy_peer.py`) has a function of the same name doing the same work.
struct BenchmarkCase {
    /// Identifier shared with the peer script.
    let name: String
    /// What the peer runs, for the table.
    let peer: String
    /// Loads the inputs, then times `repeats` calls after `warmup` untimed ones. Returns the
    /// times and a checksum of the last result (compared with the peer's to catch a case that
    /// computes something else).
    let run: (_ data: BenchmarkData, _ repeats: Int, _ warmup: Int) -> (times: [Double], check: Double)
}

/// Times `operation` and sums its result outside the timed region; each result is released
/// before the next call so that at most one output is alive, as on the peer's side.
func timed<T>(_ repeats: Int, _ warmup: Int, _ operation: () -> T, check: (T) -> Double) -> (times: [Double], check: Double) {
    var lastCheck = 0.0
    var times: [Double] = []
    for iteration in 0..<(warmup + repeats) {
        let start = Measurement.nanoseconds()
        let result = operation()
        let end = Measurement.nanoseconds()
        if iteration >= warmup { times.append(Double(end - start) / 1e6) }
        lastCheck = check(result)
    }
    return (times, lastCheck)
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
    BenchmarkCase(name: "exp_1e7", peer: "np.exp(x)") { data, repeats, warmup in
        let x = data.tensor("exp_x", shape: [10_000_000])
        return timed(repeats, warmup, { exp(x) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "axpy_1e7", peer: "a * x + y") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]), y = data.tensor("axpy_y", shape: [10_000_000])
        return timed(repeats, warmup, { Tensor.scaledSum(0.5, x, y) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "axpy_inplace_1e7", peer: "scipy.linalg.blas.daxpy(x, y, a=a)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000])
        var y = data.tensor("axpy_y", shape: [10_000_000])
        let result = timed(repeats, warmup, { y.addScaled(x, by: 0.5) }, check: { _ in 0 })
        return (result.times, y.sum())
    },
]
