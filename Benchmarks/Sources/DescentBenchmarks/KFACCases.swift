// K-FAC row: one K-FAC step of a 64-256-256-10 tanh MLP on a batch of 128 rows (softmax
// cross-entropy, float64) against kfac-jax with the same settings (Benchmarks/peers/kfac_jax_peer.py
// describes them): the exact Fisher (deterministic, so both sides follow the same trajectory
// and the checks agree), running-average decay 0.95, inverses every step (T = 1),
// π-adjusted factored damping 1e-3, learning rate 0.1, momentum 0.9. The data and weights are
// closed-form on both sides (sines of the indices), so the case needs no shared files.
import Descent
import Foundation

let kfacCases: [BenchmarkCase] = [
    BenchmarkCase(name: "kfac_step_mlp", peer: "kfac_jax.Optimizer.step (jit)") { _, repeats, warmup in
        let sizes = [64, 256, 256, 10], batch = 128
        let network = try! Sequential.perceptron(inputFeatures: sizes[0], hidden: Array(sizes[1..<3]), outputs: sizes[3], activation: .tanh)
        let x = Tensor(rows: batch, columns: sizes[0]) { i, j in sin(0.37 * Double(i) + 1.13 * Double(j) + 0.5) }
        let y = Tensor((0..<batch).map { Double($0 % sizes[3]) })
        var tensors: [Tensor] = []
        for layer in 0..<(sizes.count - 1) {
            let (fanIn, fanOut) = (sizes[layer], sizes[layer + 1])
            tensors.append(Tensor(rows: fanOut, columns: fanIn) { o, k in
                sin(0.71 * Double(o) + 0.29 * Double(k) + Double(layer)) / Double(fanIn).squareRoot()
            })
            tensors.append(Tensor.zeros([fanOut]))
        }
        var theta = network.parameterLayout.pack(tensors)
        let step = kfac(learningRate: 0.1, momentum: 0.9, configuration: KFACConfiguration(curvatureEstimate: .exactFisher, damping: 1e-3, inverseUpdatePeriod: 1))
        var state = step.initialize(theta, network: network, loss: .softmaxCrossEntropy)
        let trainingBatch = TrainingBatch(inputs: x, targets: y)
        return timed(repeats, warmup, { () -> Double in
            var context = ForwardContext.inference
            return step.step(&theta, batch: trainingBatch, network: network, loss: .softmaxCrossEntropy, state: &state, context: &context).loss
        }, check: { $0 })
    },
]
