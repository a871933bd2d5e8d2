import DescentAutodiff
import DescentCore

/// A layer with its parameters fixed: y = layer(x; W₀) with W₀ held as constants, so the layer
/// contributes nothing to θ and receives no gradient (PyTorch's `requires_grad = False`). Low-rank
/// adaptation freezes the layers of a pretrained network that it does not adapt with this.
public struct Frozen: Layer {
    /// The wrapped layer.
    public let layer: any Layer
    /// Its fixed parameter tensors, in its `parameterSpecs` order.
    public let parameters: [Tensor]

    /// `layer` with `parameters` frozen.
    /// - Precondition: the parameters have the shapes the layer expects (checked when the
    ///   network is built, by `outputShape(forInput:)`).
    public init(_ layer: any Layer, parameters: [Tensor]) {
        self.layer = layer
        self.parameters = parameters
    }

    /// The wrapped layer's name ("dense").
    public var name: String { layer.name }

    /// "Frozen(Dense(16, bias: true))".
    public var description: String { "Frozen(\(layer))" }

    /// None: a frozen layer has no trainable parameters.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] { [] }

    /// The wrapped layer's output shape.
    /// - Throws: the wrapped layer's errors; `NeuralNetworkError.shapeMismatch` when the frozen
    ///   tensors do not have the shapes the layer expects for this input.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        let expected = layer.parameterSpecs(inputShape: shape).map(\.shape)
        guard expected == parameters.map(\.shape) else {
            throw NeuralNetworkError.shapeMismatch("Frozen(\(layer)): frozen tensors \(parameters.map(\.shape)) for parameters \(expected)")
        }
        return try layer.outputShape(forInput: shape)
    }

    /// None.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] { [] }

    /// The wrapped layer with the frozen tensors as constants (untracked variables).
    public func callAsFunction(_ input: Variable, parameters _: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        layer(input, parameters: parameters.map { Variable($0) }[...], context: &context)
    }
}
