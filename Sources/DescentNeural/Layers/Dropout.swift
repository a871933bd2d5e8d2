import DescentAutodiff
import DescentCore

/// Inverted dropout: in training, y = x ⊙ m/(1 − p) with mᵢⱼ ~ Bernoulli(1 − p) drawn from the
/// context's seeded generator, so E[y] = x; at inference y = x (Srivastava et al., JMLR 2014;
/// PyTorch's `nn.Dropout`, whose random stream differs from ours).
public struct Dropout: Layer {
    /// The probability p of zeroing an element, in [0, 1).
    public let probability: Double

    /// A dropout layer zeroing each element with probability `probability`.
    /// - Precondition: 0 ≤ probability < 1.
    public init(_ probability: Double) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability \(probability) is not in [0, 1)")
        self.probability = probability
    }

    /// "dropout".
    public var name: String { "dropout" }

    /// "Dropout(0.5)".
    public var description: String { "Dropout(\(probability))" }

    /// None.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] { [] }

    /// The input's shape.
    public func outputShape(forInput shape: [Int]) throws -> [Int] { shape }

    /// None.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] { [] }

    /// x ⊙ m/(1 − p) in training (the mask drawn row by row, element by element), x otherwise.
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        guard context.isTraining && probability > 0 else { return input }
        let scale = 1 / (1 - probability)
        let mask = Tensor(shape: input.shape) { _ in context.generator.nextUniform() < probability ? 0 : scale }
        return input * mask
    }
}
