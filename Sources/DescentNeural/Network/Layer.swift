import DescentAutodiff
import DescentCore

/// One named parameter tensor of a layer: its name ("weight", "bias", …) and its shape.
public struct ParameterSpec: Sendable, Hashable {
    /// The tensor's name within its layer ("weight", "bias", "gain", "table").
    public let name: String
    /// The tensor's shape (a dense weight is [output, input], as PyTorch's `nn.Linear`).
    public let shape: [Int]

    /// A parameter tensor called `name` of `shape`.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    /// The number of elements, ∏ shape.
    public var count: Int { shape.reduce(1, *) }
}

/// What a forward pass may need besides the parameters: whether the network is training (dropout
/// is active only then) and a seeded generator for the random masks, so that a training run is a
/// deterministic function of its seed.
public struct ForwardContext {
    /// Training mode (dropout draws masks) or inference (every layer is deterministic).
    public var isTraining: Bool
    /// The source of the dropout masks.
    public var generator: SeededGenerator

    /// A context in the given mode with a generator seeded by `seed`.
    public init(isTraining: Bool, generator: SeededGenerator) {
        self.isTraining = isTraining
        self.generator = generator
    }

    /// The inference context: no dropout, nothing random.
    public static var inference: ForwardContext { ForwardContext(isTraining: false, generator: SeededGenerator(seed: 0)) }
}

/// A differentiable layer y = layer(x; W). Parameters are passed in (a layer stores none), so the
/// whole network is a pure function of one flat parameter vector θ — which is what curvature
/// operators, second-order methods, the neural tangent kernel and data-parallel training need.
///
/// Inputs and outputs are matrices whose rows are the examples of a batch: [batch, features].
/// A layer's `description` names its kind and configuration ("Dense(16, bias: true)"); saved
/// weights record it so that a file is loaded only into the architecture that wrote it.
public protocol Layer: Sendable, CustomStringConvertible {
    /// A short snake-case kind used in parameter names ("dense" in "0.dense.weight").
    var name: String { get }
    /// The parameter tensors the layer expects, in the order `callAsFunction` reads them (may be
    /// empty, as for activations), for the input shape given to `Sequential` at validation.
    func parameterSpecs(inputShape: [Int]) -> [ParameterSpec]
    /// The output shape for an input of `shape` ([batch, features]).
    /// - Throws: `NeuralNetworkError` when the layer cannot take such an input (a size of 0).
    func outputShape(forInput shape: [Int]) throws -> [Int]
    /// Freshly initialized parameters (shapes `parameterSpecs(inputShape:)`), drawn from `generator`.
    func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor]
    /// The layer applied to a batch, with its parameter tensors (in `parameterSpecs` order).
    func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable
}
