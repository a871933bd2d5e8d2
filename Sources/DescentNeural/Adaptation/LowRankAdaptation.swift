import DescentAutodiff
import DescentCore

/// Low-rank adaptation of a pretrained `Sequential`: each chosen dense layer's weight becomes
/// W₀ + (α/r)·B A with W₀ frozen and only A, B trained (`LoRADense`); every other layer keeps its
/// pretrained parameters frozen (`Frozen`), biases included — peft's `LoraConfig(r, lora_alpha,
/// target_modules, bias="none")`.
///
/// `network` is an ordinary `Sequential` whose θ holds only the adapters (A then B of each
/// adapted layer, in order), so it trains with any optimizer, and its curvature is the
/// curvature in the adapter coordinates. After training, `mergedParameters(_:)` folds the
/// adapters into the pretrained weights, W = W₀ + (α/r)·B A, giving a θ for the base network
/// (peft's `merge_and_unload`): no extra cost at inference.
///
/// Counts: each adapted [output, input] layer adds r·(input + output) trainable parameters, so
/// `trainableParameterCount` = r·Σ(input + output) and `totalParameterCount` = that plus the
/// base network's parameters — the two numbers of peft's `print_trainable_parameters`.
///
/// Reference: Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", ICLR 2022.
public struct LowRankAdaptation: Sendable {
    /// The pretrained network.
    public let base: Sequential
    /// Its pretrained θ₀.
    public let baseParameters: Tensor
    /// The indices (in `base.layers`) of the adapted dense layers.
    public let adaptedLayers: [Int]
    /// The rank r of every adapter.
    public let rank: Int
    /// α (the update is scaled by α/r).
    public let alpha: Double
    /// The adapted network: θ = the adapters only.
    public let network: Sequential

    /// Adapts `base` at `baseParameters`.
    /// - Parameters:
    ///   - base: the pretrained network.
    ///   - parameters: its pretrained θ₀.
    ///   - layers: indices of the `Dense` layers to adapt; nil adapts every dense layer.
    ///   - rank: r ≥ 1.
    ///   - alpha: α; peft's default is 8, and α = 2r is common.
    ///   - initialization: how each A is drawn (B starts at zero).
    /// - Throws: `NeuralNetworkError.invalidSize` for r < 1; `.shapeMismatch` when θ₀ does not
    ///   fit `base` or an index is not a dense layer of `base`.
    public init(base: Sequential, parameters: Tensor, layers: [Int]? = nil, rank: Int, alpha: Double,
                initialization: LoRADense.Initialization = .kaimingUniform) throws {
        guard rank >= 1 else { throw NeuralNetworkError.invalidSize(layer: "LowRankAdaptation", what: "the rank", size: rank) }
        guard parameters.shape == [base.parameterCount] else {
            throw NeuralNetworkError.shapeMismatch("LowRankAdaptation: θ₀ of shape \(parameters.shape) for a network of \(base.parameterCount) parameters")
        }
        let denseIndices = base.layers.indices.filter { base.layers[$0] is Dense }
        let chosen = layers ?? denseIndices
        if let bad = chosen.first(where: { !denseIndices.contains($0) }) {
            throw NeuralNetworkError.shapeMismatch("LowRankAdaptation: layer \(bad) is not a dense layer of \(base) (dense layers: \(denseIndices))")
        }
        let tensors = base.parameterLayout.unpack(parameters)
        var adapted: [any Layer] = []
        var start = 0
        for (index, (layer, specs)) in zip(base.layers, base.layerParameterSpecs).enumerated() {
            let own = Array(tensors[start..<(start + specs.count)])
            start += specs.count
            if chosen.contains(index) {
                adapted.append(LoRADense(weight: own[0], bias: own.count > 1 ? own[1] : nil, rank: rank, alpha: alpha,
                                         initialization: initialization))
            } else {
                adapted.append(specs.isEmpty ? layer : Frozen(layer, parameters: own))
            }
        }
        self.base = base
        baseParameters = parameters
        self.adaptedLayers = Array(Set(chosen)).sorted()
        self.rank = rank
        self.alpha = alpha
        network = try Sequential(adapted, inputFeatures: base.inputFeatures)
    }

    /// The number of trainable parameters, r·Σ(input + output) over the adapted layers.
    public var trainableParameterCount: Int { network.parameterCount }

    /// The base network's parameters plus the adapters' (peft's "all params").
    public var totalParameterCount: Int { base.parameterCount + trainableParameterCount }

    /// The adapters' starting θ: each A drawn by the layer's initialization, each B = 0 (so the
    /// adapted network computes exactly the pretrained one).
    public func initialParameters(seed: UInt64) -> Tensor { network.initialParameters(seed: seed) }

    /// The update ΔW = (α/r)·B A of each adapted layer, in `adaptedLayers` order, [output, input].
    public func weightUpdates(_ adapters: Tensor) -> [Tensor] {
        let tensors = network.parameterLayout.unpack(adapters)
        var updates: [Tensor] = []
        var start = 0
        for (layer, specs) in zip(network.layers, network.layerParameterSpecs) {
            if let lora = layer as? LoRADense { updates.append(lora.weightUpdate(a: tensors[start], b: tensors[start + 1])) }
            start += specs.count
        }
        return updates
    }

    /// θ for `base` with the adapters merged: W = W₀ + (α/r)·B A in each adapted layer, every
    /// other tensor as pretrained (peft's `merge_and_unload`).
    public func mergedParameters(_ adapters: Tensor) -> Tensor {
        var tensors = base.parameterLayout.unpack(baseParameters)
        let updates = weightUpdates(adapters)
        var start = 0, k = 0
        for (index, specs) in base.layerParameterSpecs.enumerated() {
            if adaptedLayers.contains(index) {
                tensors[start] = tensors[start] + updates[k]
                k += 1
            }
            start += specs.count
        }
        return base.parameterLayout.pack(tensors)
    }
}
