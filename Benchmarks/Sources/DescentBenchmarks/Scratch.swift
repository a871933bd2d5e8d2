import Descent
let scratchCases: [BenchmarkCase] = [
    BenchmarkCase(name: "add_1e7", peer: "x + y") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000]), y = data.tensor("axpy_y", shape: [10_000_000])
        return timed(repeats, warmup, { x + y }, check: { $0.scalars[0] })
    },
    BenchmarkCase(name: "addscalar_1e7", peer: "x + 1") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000])
        let s: Double = repeats > 0 ? 1.5 : 2
        return timed(repeats, warmup, { x + s }, check: { $0.scalars[0] })
    },
    BenchmarkCase(name: "log_1e7", peer: "log") { data, repeats, warmup in
        let x = data.tensor("axpy_x", shape: [10_000_000])
        return timed(repeats, warmup, { log(x) }, check: { $0.sum() })
    },
]
