import Descent

/// Reductions and layout changes, Swift only (no peer runs them, so `compare.py` does not list
/// them; run them directly after `DescentBenchmarks prepare Benchmarks/.data`):
///
///     .build-release/release/DescentBenchmarks run sum_1e7 Benchmarks/.data 10 1
///
/// The 10⁷-element cases read the `axpy_1e7` input (standard normal entries); the layout cases
/// make theirs from fixed seeds.
/// A case timing `reduce` on the 10⁷-element `axpy_x` input.
private func vectorCase(_ name: String, _ reduce: @escaping @Sendable (Tensor) -> Double) -> BenchmarkCase {
    BenchmarkCase(name: name, peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000])
        return timed(repeats, warmup, { reduce(x) }, check: { $0 })
    }
}

let reductionCases: [BenchmarkCase] = [
    vectorCase("sum_1e7") { $0.sum() },
    vectorCase("norm_1e7") { $0.norm() },
    vectorCase("norm1_1e7") { $0.norm(.one) },
    vectorCase("squared_norm_1e7") { $0.squaredNorm() },
    vectorCase("variance_1e7") { $0.variance() },
    BenchmarkCase(name: "row_sums_1e4x1e3", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([10_000, 1000])
        return timed(repeats, warmup, { x.sum(alongAxis: 1) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "column_sums_1e4x1e3", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([10_000, 1000])
        return timed(repeats, warmup, { x.sum(alongAxis: 0) }, check: { $0.sum() })
    },
    BenchmarkCase(name: "transpose_2000x5000", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([2000, 5000])
        return timed(repeats, warmup, { x.permuted([1, 0]) }, check: { $0[1, 0] })
    },
    BenchmarkCase(name: "permute_3d_021", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([100, 200, 500])
        return timed(repeats, warmup, { x.permuted([0, 2, 1]) }, check: { $0[0, 1, 0] })
    },
    BenchmarkCase(name: "permute_3d_102", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([100, 200, 500])
        return timed(repeats, warmup, { x.permuted([1, 0, 2]) }, check: { $0[1, 0, 0] })
    },
    BenchmarkCase(name: "permute_3d_210", peer: "none (Swift only)") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]).reshaped([100, 200, 500])
        return timed(repeats, warmup, { x.permuted([2, 1, 0]) }, check: { $0[1, 0, 0] })
    },
]
