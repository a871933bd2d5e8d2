import DescentAutodiff
import DescentCore
import Foundation

/// A dense layer with a frozen weight and a trainable low-rank adapter (LoRA):
///
///     y = x (W₀ + s·B A)ᵀ + b₀ = x W₀ᵀ + b₀ + s·(x Aᵀ) Bᵀ,    s = α/r,
///
/// with W₀ [output, input] and b₀ frozen, A [r, input] and B [output, r] trainable — the layout
/// and scaling of Hugging Face peft's `lora.Linear` (`lora_A.weight`, `lora_B.weight`,
/// `scaling = lora_alpha / r`). The adapter is applied as two thin products, never forming
/// B A: the cost over the frozen layer is 2·batch·r·(input + output) flops.
///
/// B starts at zero, so the adapted network starts as the pretrained one; A is drawn by
/// `initialization`.
///
/// Reference: Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models", ICLR 2022.
public struct LoRADense: Layer {
    /// How A is drawn (B always starts at zero).
    public enum Initialization: String, Sendable, CaseIterable {
        /// peft's default (`init_lora_weights=True`): `kaiming_uniform_(A, a=√5)`, that is
        /// U(−1/√input, 1/√input).
        case kaimingUniform
        /// peft's `init_lora_weights="gaussian"`: N(0, σ²) with σ = 1/r.
        case gaussian
    }

    /// The frozen W₀, [output, input].
    public let frozenWeight: Tensor
    /// The frozen b₀, [output], if the layer has a bias.
    public let frozenBias: Tensor?
    /// The rank r ≥ 1 of the update.
    public let rank: Int
    /// α: the update is scaled by α/r, so changing r does not change the initial learning speed.
    public let alpha: Double
    /// How A is drawn.
    public let initialization: Initialization

    /// An adapter of rank `rank` on the frozen dense layer (`weight`, `bias`), scaled by
    /// `alpha`/`rank`, with A drawn by `initialization`.
    public init(weight: Tensor, bias: Tensor?, rank: Int, alpha: Double, initialization: Initialization = .kaimingUniform) {
        frozenWeight = weight
        frozenBias = bias
        self.rank = rank
        self.alpha = alpha
        self.initialization = initialization
    }

    /// s = α/r.
    public var scaling: Double { alpha / Double(rank) }

    /// The number of input features (W₀'s columns).
    public var inputFeatures: Int { frozenWeight.shape[1] }
    /// The number of output features (W₀'s rows).
    public var outputFeatures: Int { frozenWeight.shape[0] }

    /// "lora_dense".
    public var name: String { "lora_dense" }

    /// "LoRADense(8 → 16, r: 4, α: 8.0)".
    public var description: String { "LoRADense(\(inputFeatures) → \(outputFeatures), r: \(rank), α: \(alpha))" }

    /// A ("lora_a", [r, input]) and B ("lora_b", [output, r]).
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] {
        [ParameterSpec(name: "lora_a", shape: [rank, inputFeatures]), ParameterSpec(name: "lora_b", shape: [outputFeatures, rank])]
    }

    /// [batch, output].
    /// - Throws: `NeuralNetworkError.invalidSize` for a rank below 1, `.shapeMismatch` for an
    ///   input whose width is not W₀'s or a bias that does not fit W₀.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard rank >= 1 else { throw NeuralNetworkError.invalidSize(layer: "LoRADense", what: "the rank", size: rank) }
        guard frozenWeight.rank == 2, frozenBias.map({ $0.shape == [outputFeatures] }) ?? true else {
            throw NeuralNetworkError.shapeMismatch("LoRADense: frozen weight \(frozenWeight.shape) and bias \(frozenBias?.shape ?? []) do not fit")
        }
        guard shape.count == 2, shape[1] == inputFeatures else {
            throw NeuralNetworkError.shapeMismatch("LoRADense: needs [batch, \(inputFeatures)] inputs, got shape \(shape)")
        }
        return [shape[0], outputFeatures]
    }

    /// A by `initialization`, B = 0.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] {
        let a: Tensor
        switch initialization {
        case .kaimingUniform:
            let bound = 1 / Double(inputFeatures).squareRoot()
            a = Tensor.randomUniform([rank, inputFeatures], in: -bound..<bound, using: &generator)
        case .gaussian:
            a = Tensor.randomNormal([rank, inputFeatures], standardDeviation: 1 / Double(rank), using: &generator)
        }
        return [a, Tensor.zeros([outputFeatures, rank])]
    }

    /// x W₀ᵀ + b₀ + s·(x Aᵀ) Bᵀ.
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        let (a, b) = (parameters[parameters.startIndex], parameters[parameters.startIndex + 1])
        let frozen = matmul(input, Variable(frozenWeight), transposeB: true)
        let update = matmul(matmul(input, a, transposeB: true), b, transposeB: true) * scaling
        let y = frozen + update
        return frozenBias.map { y + Variable($0) } ?? y
    }

    /// The update s·B A, [output, input], for adapter tensors A and B.
    public func weightUpdate(a: Tensor, b: Tensor) -> Tensor { matmul(b, a) * scaling }
}
