import DescentAutodiff
import DescentCore

/// A fully connected layer y = x·Wᵀ + b, with W of shape [output, input] and b of shape [output]
/// (PyTorch's `nn.Linear` layout, so weights and fans match it).
///
/// The weight is drawn by `initializer`; the bias starts at zero. The pullbacks are the two GEMMs
/// W̄ = ȳᵀx and x̄ = ȳW plus the column sums b̄ = Σᵢ ȳᵢ.
public struct Dense: Layer {
    /// The number of output features.
    public let outputFeatures: Int
    /// Whether the layer adds a bias vector.
    public let hasBias: Bool
    /// How the weight is initialized.
    public let initializer: Initializer

    /// A dense layer with `outputFeatures` units.
    public init(_ outputFeatures: Int, bias: Bool = true, initializer: Initializer = .glorotUniform) {
        self.outputFeatures = outputFeatures
        self.hasBias = bias
        self.initializer = initializer
    }

    /// "dense".
    public var name: String { "dense" }

    /// "Dense(16, bias: true)".
    public var description: String { "Dense(\(outputFeatures), bias: \(hasBias))" }

    /// weight [output, input], then bias [output] when present.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] {
        let weight = ParameterSpec(name: "weight", shape: [outputFeatures, inputShape.last ?? 0])
        return hasBias ? [weight, ParameterSpec(name: "bias", shape: [outputFeatures])] : [weight]
    }

    /// [batch, output].
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard outputFeatures >= 1 else { throw NeuralNetworkError.invalidSize(layer: "Dense", what: "the number of units", size: outputFeatures) }
        guard shape.count == 2 else { throw NeuralNetworkError.shapeMismatch("Dense: needs [batch, features] inputs, got shape \(shape)") }
        return [shape[0], outputFeatures]
    }

    /// The weight from `initializer`, a zero bias.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] {
        let specs = parameterSpecs(inputShape: inputShape)
        let weight = initializer.tensor(specs[0].shape, generator: &generator)
        return hasBias ? [weight, Tensor.zeros([outputFeatures])] : [weight]
    }

    /// x·Wᵀ (+ b broadcast over the rows).
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        let product = matmul(input, parameters[parameters.startIndex], transposeB: true)
        return hasBias ? product + parameters[parameters.startIndex + 1] : product
    }
}
