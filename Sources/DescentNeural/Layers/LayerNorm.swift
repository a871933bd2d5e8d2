import DescentAutodiff
import DescentCore

/// Layer normalization over each row's features: yᵢ = γ ⊙ (xᵢ − μᵢ)/√(σᵢ² + ε) + β, with μᵢ and
/// σᵢ² the mean and the biased variance of row i (Ba, Kiros & Hinton 2016; PyTorch's
/// `nn.LayerNorm(features)`). The gain γ starts at one and the bias β at zero.
public struct LayerNorm: Layer {
    /// ε added to the variance.
    public let epsilon: Double
    /// Whether γ and β are learned (otherwise γ = 1, β = 0 and the layer has no parameters).
    public let isAffine: Bool

    /// A layer normalization with learnable gain and bias (`affine`), ε = 10⁻⁵ as PyTorch.
    public init(epsilon: Double = 1e-5, affine: Bool = true) {
        self.epsilon = epsilon
        self.isAffine = affine
    }

    /// "layer_norm".
    public var name: String { "layer_norm" }

    /// "LayerNorm(epsilon: 1e-05, affine: true)".
    public var description: String { "LayerNorm(epsilon: \(epsilon), affine: \(isAffine))" }

    /// gain [features], bias [features] when affine.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] {
        let features = inputShape.last ?? 0
        return isAffine ? [ParameterSpec(name: "gain", shape: [features]), ParameterSpec(name: "bias", shape: [features])] : []
    }

    /// The input's shape.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 2 else { throw NeuralNetworkError.shapeMismatch("LayerNorm: needs [batch, features] inputs, got shape \(shape)") }
        return shape
    }

    /// γ = 1, β = 0.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] {
        let features = inputShape.last ?? 0
        return isAffine ? [Tensor(shape: [features], repeating: 1), Tensor.zeros([features])] : []
    }

    /// γ ⊙ (x − μ)/√(σ² + ε) + β row by row.
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        let rows = input.shape[0]
        let centered = input - input.mean(alongAxis: 1).reshaped([rows, 1])
        let variance = (centered * centered).mean(alongAxis: 1).reshaped([rows, 1])
        let normalized = centered / sqrt(variance + epsilon)
        guard isAffine else { return normalized }
        return normalized * parameters[parameters.startIndex] + parameters[parameters.startIndex + 1]
    }
}
