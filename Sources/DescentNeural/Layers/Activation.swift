import DescentAutodiff
import DescentCore

/// An element-wise nonlinearity σ, one of those DescentAutodiff differentiates exactly.
public enum ActivationKind: Sendable, Hashable, CustomStringConvertible {
    /// max(x, 0).
    case relu
    /// max(x, 0) + s·min(x, 0).
    case leakyRelu(negativeSlope: Double)
    /// tanh x.
    case tanh
    /// 1/(1 + e⁻ˣ).
    case sigmoid
    /// log(1 + eˣ).
    case softplus
    /// x·σ(x) (swish).
    case silu
    /// x·Φ(x), the exact (erf) form as PyTorch's default `nn.GELU()`.
    case gelu
    /// x (no nonlinearity).
    case identity

    /// The snake-case spelling ("relu", "leaky_relu", "tanh", …).
    public var description: String {
        switch self {
        case .relu: "relu"
        case let .leakyRelu(s): "leaky_relu(\(s))"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .softplus: "softplus"
        case .silu: "silu"
        case .gelu: "gelu"
        case .identity: "identity"
        }
    }

    /// σ(x) element-wise.
    public func callAsFunction(_ x: Variable) -> Variable {
        switch self {
        case .relu: DescentAutodiff.relu(x)
        case let .leakyRelu(s): DescentAutodiff.leakyRelu(x, negativeSlope: s)
        case .tanh: DescentAutodiff.tanh(x)
        case .sigmoid: DescentAutodiff.sigmoid(x)
        case .softplus: DescentAutodiff.softplus(x)
        case .silu: DescentAutodiff.silu(x)
        case .gelu: DescentAutodiff.gelu(x)
        case .identity: x
        }
    }
}

/// A parameter-free layer applying σ element-wise: y = σ(x).
public struct Activation: Layer {
    /// The nonlinearity.
    public let kind: ActivationKind

    /// The layer y = kind(x).
    public init(_ kind: ActivationKind) { self.kind = kind }

    /// The activation's spelling ("tanh"), as in "1.tanh".
    public var name: String {
        if case .leakyRelu = kind { return "leaky_relu" }
        return kind.description
    }

    /// "Activation(tanh)".
    public var description: String { "Activation(\(kind))" }

    /// None.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] { [] }

    /// The input's shape.
    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }

    /// None.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] { [] }

    /// σ(x).
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        kind(input)
    }
}
