import Descent

/// Block products with an exact Hessian, Swift only (no peer runs them, so `compare.py` does not
/// list them; run them directly):
///
///     swift build -c release --product DescentBenchmarks --scratch-path .build-release
///     .build-release/release/DescentBenchmarks run tanhnet_hvp_block50 Benchmarks/.data 10 2
///     .build-release/release/DescentBenchmarks run tanhnet_hessian_top5 Benchmarks/.data 5 1
///     .build-release/release/DescentBenchmarks run rosenbrock500_hvp_block50 Benchmarks/.data 20 2
///
/// `tanhnet_hvp_block50` reads the `tanhnet_hvp` inputs (`DescentBenchmarks prepare` writes them);
/// the other cases make their inputs from fixed seeds.
let hessianBlockCases: [BenchmarkCase] = [
    // H·V for 50 directions at once with the 3265-parameter network of `tanhnet_hvp`; the operator
    // (forward pass and recorded gradient) is built once, outside the timed call.
    BenchmarkCase(name: "tanhnet_hvp_block50", peer: "none (Swift only)") { data, repeats, warmup in
        let x = Variable(data.tensor("tanhnet_x", shape: [1000, 100])), y = data.tensor("tanhnet_y", shape: [1000])
        let theta = data.tensor("tanhnet_theta", shape: [3265])
        let h = HessianOperator(of: { tanhNetworkLoss($0, inputs: x, targets: y, hidden: 32) }, at: theta)
        var generator = SeededGenerator(seed: 21_000)
        let directions = Tensor.randomNormal([3265, 50], using: &generator)
        return timed(repeats, warmup, { h.apply(toColumnsOf: directions) }, check: { $0.sum() })
    },
    // H·V for 50 directions at once for the extended Rosenbrock function of 500 variables (the
    // function of `hessian50`, larger): element-wise operations on vectors of 499 elements, where
    // a sweep is mostly per-node overhead. The operator is built outside the timed call.
    BenchmarkCase(name: "rosenbrock500_hvp_block50", peer: "none (Swift only)") { _, repeats, warmup in
        var generator = SeededGenerator(seed: 22_000)
        let start = Tensor.randomUniform([500], in: -1..<1, using: &generator)
        let h = HessianOperator(of: { x in
            let head = x.slice(0..<499), tail = x.slice(1..<500)
            let u = tail - head * head, v = 1 - head
            return (100 * (u * u) + v * v).sum()
        }, at: start)
        let directions = Tensor.randomNormal([500, 50], using: &generator)
        return timed(repeats, warmup, { h.apply(toColumnsOf: directions) }, check: { $0.sum() })
    },
    // The five eigenpairs of largest |λ| of the exact Hessian of a 16-24-1 tanh network on 256
    // samples (433 parameters) by subspace iteration (block of 12, relative residual 1e-8),
    // including the recording of the gradient.
    BenchmarkCase(name: "tanhnet_hessian_top5", peer: "none (Swift only)") { _, repeats, warmup in
        let (x, y, theta) = smallTanhNetwork()
        var iterations = 0.0, applications = 0.0
        var timing = timed(repeats, warmup, { () -> EigenpairsResult in
            let h = HessianOperator(of: { tanhNetworkLoss($0, inputs: x, targets: y, hidden: 24) }, at: theta)
            return try! subspaceIteration(h, count: 5, options: IterativeOptions(tolerance: 1e-8))
        }, check: { result in
            (iterations, applications) = (Double(result.iterations), Double(result.operatorApplications))
            return result.eigenvalues.sum()
        })
        timing.details = ["iterations": iterations, "operator_applications": applications]
        return timing
    },
]

/// The mean squared error of a one-hidden-layer tanh network with its parameters θ flattened as
/// (W1 d×h, b1 h, W2 h, b2 1), d the number of input features.
func tanhNetworkLoss(_ t: Variable, inputs x: Variable, targets y: Tensor, hidden h: Int) -> Variable {
    let d = x.shape[1]
    let w1 = t.slice(0..<(d * h)).reshaped([d, h]), b1 = t.slice((d * h)..<(d * h + h))
    let w2 = t.slice((d * h + h)..<(d * h + 2 * h)), b2 = t.slice((d * h + 2 * h)..<(d * h + 2 * h + 1))
    return meanSquaredError(predictions: matmul(tanh(matmul(x, w1) + b1), w2) + b2, targets: y)
}

/// Inputs 256 × 16 and targets N(0, 1), parameters N(0, 0.3²) (large enough for tanh to bend).
func smallTanhNetwork() -> (inputs: Variable, targets: Tensor, parameters: Tensor) {
    var generator = SeededGenerator(seed: 20_000)
    let x = Tensor.randomNormal([256, 16], using: &generator)
    let y = Tensor.randomNormal([256], using: &generator)
    let theta = Tensor.randomNormal([16 * 24 + 24 + 24 + 1], standardDeviation: 0.3, using: &generator)
    return (Variable(x), y, theta)
}
