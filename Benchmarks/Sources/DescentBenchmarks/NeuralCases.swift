import Descent
import Foundation

// One epoch of training a multilayer perceptron (DescentNeural) against PyTorch on the CPU, both in
// float64: the 64-256-256-10 ReLU network on the 1797 digits (features scaled by 1/16), batches of
// 128 rows in order (no shuffling, so both sides see the same batches), softmax cross-entropy, Adam
// with η = 10⁻³, from the same deterministic weights (`mlpBenchmarkWeights`; biases zero). The peer
// is peers/torch_mlp_peer.py. The check is the epoch's mean batch loss; the two sides agree to
// ~1e-13 relative (same arithmetic up to summation order).

/// The weight of layer `layer` at (output o, input i): 0.1·sin(0.37·o + 0.73·i + layer)/√fan_in·√6,
/// a Glorot-sized deterministic pattern both sides compute the same way.
func mlpBenchmarkWeight(layer: Int, output o: Int, input i: Int, fanIn: Int) -> Double {
    0.1 * Foundation.sin(0.37 * Double(o) + 0.73 * Double(i) + Double(layer)) / Double(fanIn).squareRoot() * 6.0.squareRoot()
}

func mlpEpochCase() -> @Sendable (BenchmarkData, Int, Int) -> Timing {
    { _, repeats, warmup in
        let data = try! Dataset.named("digits").labeledData()
        let x = data.features / 16
        let sizes = [64, 256, 256, 10]
        let network = try! Sequential.perceptron(inputFeatures: 64, hidden: [256, 256], outputs: 10, activation: .relu)
        var tensors: [Tensor] = []
        for layer in 0..<3 {
            let (fanIn, fanOut) = (sizes[layer], sizes[layer + 1])
            tensors.append(Tensor(shape: [fanOut, fanIn]) { k in
                mlpBenchmarkWeight(layer: layer, output: k / fanIn, input: k % fanIn, fanIn: fanIn)
            })
            tensors.append(Tensor.zeros([fanOut]))
        }
        let theta = network.parameterLayout.pack(tensors)
        let options = TrainingOptions(epochs: 1, batchSize: 128, shuffle: false, showsProgress: false)
        return timed(repeats, warmup, {
            try! train(network, loss: .softmaxCrossEntropy, inputs: x, targets: data.target, from: theta,
                       optimizer: adam(learningRate: 1e-3), options: options)
        }, check: { $0.history[0].loss })
    }
}

let neuralCases: [BenchmarkCase] = [
    BenchmarkCase(name: "mlp_epoch_digits", peer: "torch.nn.Sequential 64-256-256-10, Adam, batch 128, float64", run: mlpEpochCase()),
]
