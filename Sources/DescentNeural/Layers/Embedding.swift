import DescentAutodiff
import DescentCore

/// A lookup table of learned vectors: each input row holds t token indices (integers in
/// 0..<vocabulary, stored as Doubles) and the output row is their t embeddings side by side,
/// [batch, t] → [batch, t·dimension] (PyTorch's `nn.Embedding` followed by a flatten).
///
/// Computed as one-hot(indices)·E, so the table's gradient Ē = one-hotᵀ·ȳ is a GEMM; cost
/// O(batch·t·vocabulary·dimension), meant for vocabularies of at most a few thousand. The table
/// starts N(0, 1) as PyTorch's. An index out of range is a precondition failure: validate token
/// data against `vocabulary` before training.
public struct Embedding: Layer {
    /// The number of distinct tokens.
    public let vocabulary: Int
    /// The length of each embedding vector.
    public let dimension: Int

    /// A table of `vocabulary` vectors of length `dimension`.
    public init(vocabulary: Int, dimension: Int) {
        self.vocabulary = vocabulary
        self.dimension = dimension
    }

    /// "embedding".
    public var name: String { "embedding" }

    /// "Embedding(vocabulary: 100, dimension: 8)".
    public var description: String { "Embedding(vocabulary: \(vocabulary), dimension: \(dimension))" }

    /// table [vocabulary, dimension].
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] {
        [ParameterSpec(name: "table", shape: [vocabulary, dimension])]
    }

    /// [batch, tokens·dimension].
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard vocabulary >= 1 else { throw NeuralNetworkError.invalidSize(layer: "Embedding", what: "the vocabulary", size: vocabulary) }
        guard dimension >= 1 else { throw NeuralNetworkError.invalidSize(layer: "Embedding", what: "the dimension", size: dimension) }
        guard shape.count == 2 else { throw NeuralNetworkError.shapeMismatch("Embedding: needs [batch, tokens] inputs, got shape \(shape)") }
        return [shape[0], shape[1] * dimension]
    }

    /// N(0, 1) entries.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] {
        [Tensor.randomNormal([vocabulary, dimension], using: &generator)]
    }

    /// one-hot(indices)·E, reshaped to one row of t·dimension per input row.
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        let (rows, tokens) = (input.shape[0], input.shape[1])
        let (v, indices) = (vocabulary, input.value.scalars)
        let oneHot = Tensor(shape: [rows * tokens, v], unsafeUninitialized: { out in
            out.initialize(repeating: 0)
            for (k, index) in indices.enumerated() {
                precondition(index >= 0 && index < Double(v) && index == index.rounded(),
                             "Embedding: token \(index) is not an integer in 0..<\(v)")
                out[k * v + Int(index)] = 1
            }
        })
        return matmul(Variable(oneHot), parameters[parameters.startIndex]).reshaped([rows, tokens * dimension])
    }
}
