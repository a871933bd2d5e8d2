import DescentAutodiff
import DescentCore
@testable import DescentNeural
import Testing
import _TestSupport

/// Low-rank adaptation against Hugging Face peft (float64): trainable and total parameter counts
/// (`print_trainable_parameters`), the adapted forward pass and its gradients with respect to A
/// and B, and `merge_and_unload`'s merged weights (generator: Tools/references/neural_lora.py).
@Suite("LoRA against peft")
struct LoRAReferenceTests {
    static let reference = try! ReferenceData.load("neural_lora")

    static func perceptron(_ sizes: [Int]) throws -> Sequential {
        try Sequential.perceptron(inputFeatures: sizes[0], hidden: Array(sizes[1..<(sizes.count - 1)]), outputs: sizes.last!,
                                  activation: .tanh)
    }

    @Test("trainable and total parameter counts equal peft's for r = 1, 2, 4, 8")
    func counts() throws {
        for row in Self.reference.cases("counts") {
            let sizes = row.doubles("sizes").map { Int($0) }
            let base = try Self.perceptron(sizes)
            let lora = try LowRankAdaptation(base: base, parameters: base.initialParameters(seed: 1), rank: row.int("rank"),
                                             alpha: 2 * row.double("rank"))
            #expect(lora.trainableParameterCount == row.int("trainable"), "sizes \(sizes), r = \(row.int("rank"))")
            #expect(lora.totalParameterCount == row.int("total"), "sizes \(sizes), r = \(row.int("rank"))")
        }
    }

    @Test("outputs, gradients with respect to A and B, and merged weights equal peft's")
    func forwardGradientsAndMerge() throws {
        let c = Self.reference["forward"]
        let sizes = c.doubles("sizes").map { Int($0) }
        let base = try Self.perceptron(sizes)
        let layers = c.cases("layers")
        var named: [String: Tensor] = [:]
        for (k, layer) in layers.enumerated() {
            named["\(2 * k).dense.weight"] = layer.tensor("weight")
            named["\(2 * k).dense.bias"] = layer.tensor("bias")
        }
        let theta0 = try base.flatParameters(named)
        let lora = try LowRankAdaptation(base: base, parameters: theta0, rank: c.int("rank"), alpha: c.double("alpha"))
        let adapters = layers
        let theta = lora.network.parameterLayout.pack(adapters.flatMap { [$0.tensor("a"), $0.tensor("b")] })
        let (inputs, cotangent) = (c.tensor("inputs"), c.tensor("cotangent"))
        // A few dozen roundings per output through three layers: 1e-12 relative.
        expectClose(lora.network.outputs(theta, inputs), c.tensor("outputs"), rtol: 1e-12, atol: 1e-14, "adapted forward")
        let g = gradient(of: { t in
            var context = ForwardContext.inference
            return (lora.network.outputs(t, Variable(inputs), context: &context) * cotangent).sum()
        }, at: theta)
        let grads = lora.network.parameterLayout.unpack(g)
        for (k, adapter) in adapters.enumerated() {
            expectClose(grads[2 * k], adapter.tensor("grad_a"), rtol: 1e-12, atol: 1e-13, "∂L/∂A, layer \(k)")
            expectClose(grads[2 * k + 1], adapter.tensor("grad_b"), rtol: 1e-12, atol: 1e-13, "∂L/∂B, layer \(k)")
        }
        let merged = base.parameters(lora.mergedParameters(theta))
        for (k, layer) in layers.enumerated() {
            expectClose(merged["\(2 * k).dense.weight"]!, layer.tensor("merged_weight"), rtol: 1e-13, atol: 1e-15, "W₀ + (α/r)·B A")
            #expect(merged["\(2 * k).dense.bias"] == named["\(2 * k).dense.bias"])
        }
        // The merged base network computes what the adapted one does.
        expectClose(base.outputs(lora.mergedParameters(theta), inputs), c.tensor("outputs"), rtol: 1e-12, atol: 1e-14, "merged forward")
    }

    @Test("at initialization B = 0, A is peft's Kaiming-uniform or Gaussian, and the adapted network is the pretrained one")
    func initialization() throws {
        let base = try Self.perceptron([6, 8, 5, 3])
        let theta0 = base.initialParameters(seed: 3)
        let x = gaussian([7, 6], seed: 4)
        for (initialization, bound) in [(LoRADense.Initialization.kaimingUniform, 1 / 6.0.squareRoot()), (.gaussian, Double.infinity)] {
            let lora = try LowRankAdaptation(base: base, parameters: theta0, rank: 4, alpha: 8, initialization: initialization)
            let adapters = lora.network.parameterLayout.unpack(lora.initialParameters(seed: 5))
            #expect(adapters[1].scalars.allSatisfy { $0 == 0 } && adapters[3].scalars.allSatisfy { $0 == 0 })
            #expect(adapters[0].scalars.allSatisfy { Swift.abs($0) <= bound } && adapters[0].scalars.contains { $0 != 0 })
            #expect(lora.network.outputs(lora.initialParameters(seed: 5), x) == base.outputs(theta0, x))
            #expect(lora.mergedParameters(lora.initialParameters(seed: 5)) == theta0)
        }
    }

    @Test("bad configurations are errors naming the problem")
    func badInput() throws {
        let base = try Self.perceptron([6, 8, 3])
        let theta0 = base.initialParameters(seed: 3)
        #expect(throws: NeuralNetworkError.self) { try LowRankAdaptation(base: base, parameters: theta0, rank: 0, alpha: 1) }
        #expect(throws: NeuralNetworkError.self) { try LowRankAdaptation(base: base, parameters: theta0, layers: [1], rank: 2, alpha: 1) }
        #expect(throws: NeuralNetworkError.self) { try LowRankAdaptation(base: base, parameters: Tensor.zeros([3]), rank: 2, alpha: 1) }
        // Adapting only the last layer: the first is frozen and counts nothing.
        let last = try LowRankAdaptation(base: base, parameters: theta0, layers: [2], rank: 2, alpha: 4)
        #expect(last.trainableParameterCount == 2 * (8 + 3))
        #expect(last.network.layers[0] is Frozen)
        #expect(last.network.parameterNames == ["2.lora_dense.lora_a", "2.lora_dense.lora_b"])
        #expect(last.network.description == "Sequential(6 → Frozen(Dense(8, bias: true)) → Activation(tanh) → LoRADense(8 → 3, r: 2, α: 4.0))")
        // A frozen layer whose tensors do not fit its input is refused when the network is built.
        #expect(throws: NeuralNetworkError.self) { try Sequential([Frozen(Dense(3), parameters: [Tensor.zeros([3, 5]), Tensor.zeros([3])])], inputFeatures: 4) }
    }

    @Test("A's distributions are peft's: U(−1/√input, 1/√input) (standard deviation 1/√(3·input)) and N(0, 1/r²)")
    func initializationDistributions() throws {
        let (input, rank) = (400, 5)
        let base = try Sequential([Dense(3)], inputFeatures: input)
        for (initialization, deviation) in [(LoRADense.Initialization.kaimingUniform, 1 / (3.0 * Double(input)).squareRoot()),
                                            (.gaussian, 1 / Double(rank))] {
            let lora = try LowRankAdaptation(base: base, parameters: base.initialParameters(seed: 1), rank: rank, alpha: 1,
                                             initialization: initialization)
            let a = lora.network.parameterLayout.unpack(lora.initialParameters(seed: 2))[0].scalars
            let sampleDeviation = (a.reduce(0) { $0 + $1 * $1 } / Double(a.count)).squareRoot()
            // 2000 draws: the sample standard deviation is within ~2% (1σ) of the true one; 8% is 4σ.
            expectClose(sampleDeviation, deviation, rtol: 0.08, "\(initialization): 2000 samples")
        }
    }
}
