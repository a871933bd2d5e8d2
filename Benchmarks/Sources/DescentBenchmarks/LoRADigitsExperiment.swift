// `DescentBenchmarks lora-digits`: low-rank adaptation against full fine-tuning on the digits
// dataset (issue 12's LoRA measurements; the fast versions of these claims are the tests in
// Tests/DescentNeuralTests/LoRAFineTuningTests.swift). Prints one JSON object.
//
// Protocol (seeded, deterministic): digits scaled to [0, 1], a seeded split into 1200 training
// and 597 test rows; an MLP 64-128-64-10 (relu) pretrained on the digits (Adam 1e-3, 40 epochs,
// batch 64); then two shifted tasks:
//   mirrored — every image flipped left to right (a permutation of the input pixels);
//   relabelled — class k renamed (k + 1) mod 10 (a permutation of the output rows);
// each adapted by full fine-tuning (Adam 1e-3, 20 epochs) and by LoRA on every dense layer with
// r = 1, 2, 4, 8 (α = 2r, Adam 5e-3, 20 epochs): test accuracy, trainable parameters, seconds,
// and the singular values of full fine-tuning's ΔW in each layer with their effective rank
// (90% of ‖ΔW‖²_F) and stable rank.
import Descent
import Foundation

func loraDigitsExperiment() throws -> [String: Any] {
    let digits = Dataset.digits
    let (n, width) = (digits.rows, digits.columns)
    var generator = SeededGenerator(seed: 2026)
    let order = generator.permutation(n)
    let (train, test) = (Array(order[..<1200]), Array(order[1200...]))
    let x = digits.features / 16
    let mirrored = Tensor(shape: [n, width]) { index in
        let (row, pixel) = (index / width, index % width)
        return x.scalars[row * width + (pixel / 8) * 8 + (7 - pixel % 8)]
    }
    let y = digits.target
    let relabelled = y.map { ($0 + 1).truncatingRemainder(dividingBy: 10) }

    /// Rows `picked` of a matrix, or elements `picked` of a vector.
    func rows(_ t: Tensor, _ picked: [Int]) -> Tensor {
        let w = t.rank == 2 ? t.shape[1] : 1
        let scalars = picked.flatMap { t.scalars[($0 * w)..<(($0 + 1) * w)] }
        return Tensor(shape: t.rank == 2 ? [picked.count, w] : [picked.count], scalars: scalars)
    }
    let network = try Sequential.perceptron(inputFeatures: width, hidden: [128, 64], outputs: 10, activation: .relu)
    func accuracy(_ net: Sequential, _ theta: Tensor, _ inputs: Tensor, _ labels: Tensor) -> Double {
        let outputs = net.outputs(theta, rows(inputs, test))
        let k = outputs.shape[1]
        var correct = 0
        for (i, row) in test.enumerated() {
            let scores = Array(outputs.scalars[(i * k)..<((i + 1) * k)])
            var predicted = 0
            for j in 1..<k where scores[j] > scores[predicted] { predicted = j }
            if Double(predicted) == labels.scalars[row] { correct += 1 }
        }
        return Double(correct) / Double(test.count)
    }
    func fit(_ net: Sequential, from theta: Tensor, _ inputs: Tensor, _ labels: Tensor, learningRate: Double, epochs: Int) throws
        -> (parameters: Tensor, seconds: Double) {
        let start = Date()
        let result = try Descent.train(net, loss: .softmaxCrossEntropy, inputs: rows(inputs, train),
                                       targets: rows(labels, train), from: theta, optimizer: adam(learningRate: learningRate),
                                       options: TrainingOptions(epochs: epochs, batchSize: 64, seed: 7, showsProgress: false))
        return (result.parameters, Date().timeIntervalSince(start))
    }

    let pretrained = try fit(network, from: network.initialParameters(seed: 1), x, y, learningRate: 1e-3, epochs: 40)
    var report: [String: Any] = [
        "network": network.description, "parameters": network.parameterCount,
        "pretrained_test_accuracy": accuracy(network, pretrained.parameters, x, y), "pretraining_seconds": pretrained.seconds,
    ]
    for (name, inputs, labels) in [("mirrored", mirrored, y), ("relabelled", x, relabelled)] {
        var task: [String: Any] = ["before_test_accuracy": accuracy(network, pretrained.parameters, inputs, labels)]
        let full = try fit(network, from: pretrained.parameters, inputs, labels, learningRate: 1e-3, epochs: 20)
        task["full"] = ["test_accuracy": accuracy(network, full.parameters, inputs, labels), "trainable": network.parameterCount,
                        "seconds": full.seconds]
        let (after, before) = (network.parameters(full.parameters), network.parameters(pretrained.parameters))
        task["full_delta_w"] = try network.parameterNames.filter { $0.hasSuffix(".weight") }.map { name -> [String: Any] in
            let spectrum = try WeightUpdateSpectrum(after[name]! - before[name]!)
            return ["layer": name, "singular_values": Array(spectrum.singularValues.prefix(10)),
                    "effective_rank_90": spectrum.effectiveRank(energy: 0.9), "stable_rank": spectrum.stableRank,
                    "rank_limit": spectrum.singularValues.count,
                    "rank8_truncation_error": spectrum.truncationError(rank: 8)]
        }
        task["lora"] = try [1, 2, 4, 8].map { rank -> [String: Any] in
            let lora = try LowRankAdaptation(base: network, parameters: pretrained.parameters, rank: rank, alpha: 2 * Double(rank))
            let adapted = try fit(lora.network, from: lora.initialParameters(seed: 3), inputs, labels, learningRate: 5e-3, epochs: 20)
            let merged = lora.mergedParameters(adapted.parameters)
            return ["rank": rank, "test_accuracy": accuracy(network, merged, inputs, labels),
                    "trainable": lora.trainableParameterCount, "total": lora.totalParameterCount, "seconds": adapted.seconds]
        }
        report[name] = task
    }
    return report
}
