import Descent
import Foundation

/// The network-curvature cases against curvlinops + PyTorch (Benchmarks/peers/curvlinops_peer.py,
/// rows in Benchmarks/neural_curvature_cases.py): an MLP 64-256-256-10 with tanh (85 002
/// parameters) on 512 examples, softmax cross-entropy. Inputs, labels, weights and directions are
/// closed-form (`curvatureMLP`), the same formulas as the peer's, so the checks agree.
let neuralCurvatureCases: [BenchmarkCase] = [
    // Build the operator (forward pass and recorded graphs), then 10 products: what one CG solve
    // or a short eigensolver run pays.
    BenchmarkCase(name: "mlp1e5_ggn_vp10", peer: "curvlinops_peer.py") { _, repeats, warmup in
        let (risk, theta, directions) = curvatureMLP()
        return timed(repeats, warmup, { () -> Double in
            let g = try! NetworkCurvature(.gaussNewton, of: risk, at: theta)
            return directions.reduce(0) { $0 + g.apply($1).sum() }
        }, check: { $0 })
    },
    BenchmarkCase(name: "mlp1e5_hvp10", peer: "curvlinops_peer.py") { _, repeats, warmup in
        let (risk, theta, directions) = curvatureMLP()
        return timed(repeats, warmup, { () -> Double in
            let h = try! NetworkCurvature(.hessian, of: risk, at: theta)
            return directions.reduce(0) { $0 + h.apply($1).sum() }
        }, check: { $0 })
    },
    // The 10 largest Hessian eigenvalues by thick-restart block Lanczos (tolerance 1e-6 relative to
    // ‖H‖, as eigsh's tol=1e-6 relative to each |λ|), operator construction included.
    BenchmarkCase(name: "mlp1e5_hessian_top10", peer: "curvlinops_peer.py") { _, repeats, warmup in
        let (risk, theta, _) = curvatureMLP()
        var applications = 0.0, largest = 0.0
        var timing = timed(repeats, warmup, { () -> EigenpairsResult in
            let h = try! NetworkCurvature(.hessian, of: risk, at: theta)
            return try! lanczos(h, count: 10, which: .largest, options: IterativeOptions(tolerance: 1e-6))
        }, check: { result in
            applications = Double(result.operatorApplications)
            largest = result.eigenvalues.scalars.last ?? .nan
            return result.eigenvalues.sum()
        })
        timing.details = ["operator_applications": applications, "largest": largest]
        return timing
    },
    // The large-scale bulk-and-outliers run (Swift only, a figure for the docs, not a race): an
    // MLP 64-32-10 (tanh) trained on all of digits (1797 rows, pixels / 16) by Adam (lr 0.01, 30
    // epochs of batches of 128), then the Gauss–Newton matrix's top 15 eigenvalues, its trace and
    // its SLQ density over the whole data set. Details: the eigenvalues (lambda_1 … lambda_15) and
    // the number above twice λ₂₀, the bulk's level (`outliers`; Papyan 2019: about the 10 classes).
    BenchmarkCase(name: "digits_mlp_ggn_outliers", peer: "none (Swift only)") { _, repeats, warmup in
        let digits = Dataset.digits
        let x = digits.features / 16, y = digits.target
        let network = try! Sequential([Dense(32), Activation(.tanh), Dense(10)], inputFeatures: 64)
        let trained = try! train(network, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: network.initialParameters(seed: 1),
                                 optimizer: adam(learningRate: 0.01), options: TrainingOptions(epochs: 30, batchSize: 128, seed: 1))
        var details: [String: Double] = [:]
        var timing = timed(repeats, warmup, { () -> CurvatureSummary in
            try! curvatureSummary(of: network, parameters: trained.parameters, inputs: x, targets: y, loss: .softmaxCrossEntropy,
                                  top: 20, kind: .gaussNewton, batchSize: 600)
        }, check: { summary in
            for (i, lambda) in summary.topEigenvalues.prefix(15).enumerated() { details["lambda_\(i + 1)"] = lambda }
            details["outliers"] = Double(summary.topEigenvalues.filter { $0 > 2 * summary.topEigenvalues[19] }.count)
            details["trace"] = summary.trace.estimate
            details["training_loss"] = trained.history.last!.loss
            return summary.topEigenvalues.reduce(0, +)
        })
        timing.details = details
        return timing
    },
    // The edge of stability at scale (Swift only, a figure for the docs): full-batch gradient
    // descent with η = 0.05 on a 16-64-64-1 tanh regression network (5313 parameters, 512 rows,
    // y = sin(2x₀) + x₁x₂), 3000 steps, with the top Hessian eigenvalue by Lanczos every 250 steps.
    // Details: ηλmax/2 at each checkpoint (`sharpness_<step>`; 1 is the edge 2/η) and the losses.
    BenchmarkCase(name: "tanhnet_edge_of_stability", peer: "none (Swift only)") { _, repeats, warmup in
        var generator = SeededGenerator(seed: 9)
        let x = Tensor.randomNormal([512, 16], using: &generator)
        let y = Tensor(shape: [512, 1]) { i in sin(2 * x[i, 0]) + x[i, 1] * x[i, 2] }
        let network = try! Sequential([Dense(64), Activation(.tanh), Dense(64), Activation(.tanh), Dense(1)], inputFeatures: 16)
        let risk = try! NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y)
        let eta = 0.05
        var details: [String: Double] = [:]
        var timing = timed(repeats, warmup, { () -> Double in
            var theta = network.initialParameters(seed: 5)
            var last = 0.0
            for step in 0...3000 {
                let (value, g) = risk.valueAndGradient(at: theta)
                if step % 250 == 0 {
                    let top = try! lanczos(try! NetworkCurvature(.hessian, of: risk, at: theta), count: 1,
                                           options: IterativeOptions(tolerance: 1e-6))
                    details["sharpness_\(step)"] = top.eigenvalues[0] * eta / 2
                    details["loss_\(step)"] = value
                    last = top.eigenvalues[0]
                }
                theta.addScaled(g, by: -eta)
            }
            return last
        }, check: { $0 })
        timing.details = details
        return timing
    },
]

/// The MLP of the curvature cases: x_ij = sin(0.37i + 1.3j + 0.1) (512 × 64), labels i mod 10,
/// θ_k = 0.05·sin(0.7k + 0.1), directions d = 1…10: v_k = cos(0.3k + 0.2d).
func curvatureMLP() -> (risk: NetworkRisk, theta: Tensor, directions: [Tensor]) {
    let sizes = [64, 256, 256, 10], examples = 512
    let network = try! Sequential([Dense(sizes[1]), Activation(.tanh), Dense(sizes[2]), Activation(.tanh), Dense(sizes[3])],
                                  inputFeatures: sizes[0])
    let x = Tensor(rows: examples, columns: sizes[0]) { i, j in sin(0.37 * Double(i) + 1.3 * Double(j) + 0.1) }
    let y = Tensor(shape: [examples]) { i in Double(i % sizes[3]) }
    let n = network.parameterCount
    let theta = Tensor(shape: [n]) { k in 0.05 * sin(0.7 * Double(k) + 0.1) }
    let directions = (1...10).map { d in Tensor(shape: [n]) { k in cos(0.3 * Double(k) + 0.2 * Double(d)) } }
    let risk = try! NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: x, targets: y)
    return (risk, theta, directions)
}
