import DescentAutodiff
import DescentCore
import DescentOptimize

/// Layers applied one after another, f(θ, X) = layerₖ(… layer₁(X; W₁) …; Wₖ), as a pure function
/// of one flat parameter vector θ (every layer's tensors, in order, packed by `parameterLayout`).
///
/// Built once from the layers and the number of input features, which validates every shape (a
/// layer of size 0 is an error here, not a crash later). Parameter names are
/// "‹layer index›.‹layer name›.‹tensor name›", e.g. "0.dense.weight", as PyTorch's `state_dict`.
public struct Sequential: Sendable, CustomStringConvertible {
    /// The layers, in order.
    public let layers: [any Layer]
    /// The number of features of an input row.
    public let inputFeatures: Int
    /// The number of features of an output row.
    public let outputFeatures: Int
    /// Each layer's parameter specifications, in order.
    public let layerParameterSpecs: [[ParameterSpec]]
    /// Each layer's input shape for a batch of one row ([1, features]).
    let layerInputShapes: [[Int]]
    /// θ's layout: the shapes of every parameter tensor, in order, and where each starts.
    public let parameterLayout: ParameterLayout
    /// "0.dense.weight", "0.dense.bias", … one per tensor, in θ's order.
    public let parameterNames: [String]

    /// A network of `layers` taking rows of `inputFeatures` features.
    /// - Throws: `NeuralNetworkError.invalidSize` for a layer (or input) of size 0, naming the
    ///   layer by its index; `.shapeMismatch` when a layer cannot take its input.
    public init(_ layers: [any Layer], inputFeatures: Int) throws {
        guard inputFeatures >= 1 else { throw NeuralNetworkError.invalidSize(layer: "Sequential", what: "the number of input features", size: inputFeatures) }
        var shape = [1, inputFeatures]
        var inputShapes: [[Int]] = [], specs: [[ParameterSpec]] = [], names: [String] = [], shapes: [[Int]] = []
        for (index, layer) in layers.enumerated() {
            inputShapes.append(shape)
            let layerSpecs = layer.parameterSpecs(inputShape: shape)
            do {
                shape = try layer.outputShape(forInput: shape)
            } catch let NeuralNetworkError.invalidSize(_, what, size) {
                throw NeuralNetworkError.invalidSize(layer: "layer \(index) (\(layer))", what: what, size: size)
            }
            specs.append(layerSpecs)
            for spec in layerSpecs {
                names.append("\(index).\(layer.name).\(spec.name)")
                shapes.append(spec.shape)
            }
        }
        self.layers = layers
        self.inputFeatures = inputFeatures
        self.outputFeatures = shape.last ?? inputFeatures
        self.layerParameterSpecs = specs
        self.layerInputShapes = inputShapes
        self.parameterNames = names
        self.parameterLayout = ParameterLayout(shapes.map { Tensor.zeros($0) })
    }

    /// The multilayer perceptron input → hidden[0] → … → outputs, with `activation` after each
    /// hidden dense layer and none after the last.
    public static func perceptron(inputFeatures: Int, hidden: [Int], outputs: Int, activation: ActivationKind,
                                  initializer: Initializer = .glorotUniform) throws -> Sequential {
        var layers: [any Layer] = []
        for width in hidden {
            layers.append(Dense(width, initializer: initializer))
            layers.append(Activation(activation))
        }
        layers.append(Dense(outputs, initializer: initializer))
        return try Sequential(layers, inputFeatures: inputFeatures)
    }

    /// The total number of parameters, dim θ.
    public var parameterCount: Int { parameterLayout.offsets.last! }

    /// The architecture, one layer after another: "Sequential(8 → Dense(16, bias: true) → Activation(tanh) → …)".
    public var description: String {
        "Sequential(\(inputFeatures) → " + layers.map(\.description).joined(separator: " → ") + ")"
    }

    /// A freshly initialized θ: each layer draws its tensors in order from one generator seeded by `seed`.
    public func initialParameters(seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        var tensors: [Tensor] = []
        for (layer, shape) in zip(layers, layerInputShapes) {
            tensors += layer.initialParameters(inputShape: shape, generator: &generator)
        }
        return parameterLayout.pack(tensors)
    }

    /// The outputs for a batch (rows = examples) as a differentiable function of the parameter
    /// tensors, one `Variable` per tensor in θ's order. The hot path of training: gradients arrive
    /// per tensor, with no slicing of a flat vector in the graph.
    public func outputs(_ parameters: [Variable], _ inputs: Variable, context: inout ForwardContext) -> Variable {
        precondition(parameters.count == parameterNames.count,
                     "Sequential.outputs: \(parameters.count) parameter tensors for \(parameterNames.count)")
        precondition(inputs.rank == 2 && inputs.shape[1] == inputFeatures,
                     "Sequential.outputs: inputs \(inputs.shape) for \(inputFeatures) features")
        var x = inputs
        var start = 0
        for (layer, specs) in zip(layers, layerParameterSpecs) {
            x = layer(x, parameters: parameters[start..<(start + specs.count)], context: &context)
            start += specs.count
        }
        return x
    }

    /// The outputs for a batch as a differentiable function of the flat θ: each tensor is a slice
    /// of θ reshaped (whose pullback places its cotangent in θ's gradient).
    public func outputs(_ parameters: Variable, _ inputs: Variable, context: inout ForwardContext) -> Variable {
        precondition(parameters.shape == [parameterCount], "Sequential.outputs: θ of shape \(parameters.shape) for \(parameterCount) parameters")
        let offsets = parameterLayout.offsets
        let tensors = parameterLayout.shapes.indices.map { k in
            parameters.slice(offsets[k]..<offsets[k + 1]).reshaped(parameterLayout.shapes[k])
        }
        return outputs(tensors, inputs, context: &context)
    }

    /// Inference: the outputs for a batch, no graph recorded, dropout off.
    public func outputs(_ parameters: Tensor, _ inputs: Tensor) -> Tensor {
        var context = ForwardContext.inference
        return outputs(parameterLayout.unpack(parameters).map { Variable($0) }, Variable(inputs), context: &context).value
    }

    /// θ as named tensors, "0.dense.weight" → its [output, input] matrix, ….
    public func parameters(_ flat: Tensor) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: zip(parameterNames, parameterLayout.unpack(flat)))
    }

    /// The flat θ of named tensors (the inverse of `parameters(_:)`).
    /// - Throws: `NeuralNetworkError.architectureMismatch` naming a missing tensor or a wrong shape.
    public func flatParameters(_ named: [String: Tensor]) throws -> Tensor {
        var tensors: [Tensor] = []
        for (name, shape) in zip(parameterNames, parameterLayout.shapes) {
            guard let t = named[name] else { throw NeuralNetworkError.architectureMismatch("no tensor named \(name)") }
            guard t.shape == shape else {
                throw NeuralNetworkError.architectureMismatch("\(name) has shape \(t.shape), the network needs \(shape)")
            }
            tensors.append(t)
        }
        return parameterLayout.pack(tensors)
    }
}
