import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// Layers against PyTorch (LayerNorm, Embedding: values and gradients of Σ W ⊙ y) and against
/// exact math (dropout's inverted scaling, the initializers' bounds, variances and orthogonality).
/// Generator: Tools/references/neural_training.py.
@Suite("Layers")
struct LayerTests {
    static let reference = try! ReferenceData.load("neural_training")

    /// The value and the gradients of Σ W ⊙ layer(x) with respect to x and the parameters.
    static func weightedSum(_ layer: any Layer, _ x: Tensor, _ parameters: [Tensor], _ w: Tensor) -> (Tensor, [Tensor]) {
        let leaves = ([x] + parameters).map { Variable(tracking: $0) }
        var context = ForwardContext.inference
        let y = layer(leaves[0], parameters: leaves[1...], context: &context)
        return (y.value, (y * w).sum().gradients(withRespectTo: leaves).map(\.value))
    }

    @Test("LayerNorm equals torch.nn.LayerNorm, value and gradients, to 1e-12")
    func layerNorm() throws {
        let r = Self.reference["layer_norm"]
        let (y, g) = Self.weightedSum(LayerNorm(epsilon: r.double("epsilon")), r.tensor("x"), [r.tensor("gain"), r.tensor("bias")], r.tensor("weights"))
        // Means, variances and a square root of 6 numbers: a few ulps of rounding, far below 1e-12.
        expectClose(y, r.tensor("output"), rtol: 1e-12, atol: 1e-14)
        expectClose(g[0], r.tensor("grad_x"), rtol: 1e-12, atol: 1e-14)
        expectClose(g[1], r.tensor("grad_gain"), rtol: 1e-12, atol: 1e-14)
        expectClose(g[2], r.tensor("grad_bias"), rtol: 1e-12, atol: 1e-14)
    }

    @Test("Embedding equals torch.nn.functional.embedding, value and table gradient (exact sums)")
    func embedding() throws {
        let r = Self.reference["embedding"]
        let layer = Embedding(vocabulary: 7, dimension: 3)
        #expect(try layer.outputShape(forInput: [4, 2]) == [4, 6])
        let (y, g) = Self.weightedSum(layer, r.tensor("indices"), [r.tensor("table")], r.tensor("weights"))
        // A one-hot product picks values exactly; the gradient sums at most two terms per entry.
        expectClose(y, r.tensor("output"), rtol: 0, atol: 0)
        expectClose(g[1], r.tensor("grad_table"), rtol: 1e-15, atol: 1e-15)
    }

    @Test("dropout: kept elements scaled by 1/(1 − p), about p dropped, seeded, identity at inference")
    func dropout() {
        let layer = Dropout(0.25)
        let x = Tensor(shape: [200, 50]) { Double($0 % 11) + 1 }
        var context = ForwardContext(isTraining: true, generator: SeededGenerator(seed: 1))
        let y = layer(Variable(x), parameters: [], context: &context).value
        var dropped = 0
        for (a, b) in zip(x.scalars, y.scalars) {
            if b == 0 { dropped += 1 } else { #expect(b == a * (1 / 0.75)) }  // PyTorch multiplies by 1/(1 − p) too
        }
        // 10 000 Bernoulli(0.25) draws: standard deviation 43, so ±4σ = ±173 around 2500.
        #expect(abs(dropped - 2500) < 173)
        var again = ForwardContext(isTraining: true, generator: SeededGenerator(seed: 1))
        #expect(layer(Variable(x), parameters: [], context: &again).value == y)
        var inference = ForwardContext.inference
        #expect(layer(Variable(x), parameters: [], context: &inference).value == x)
    }

    @Test("initializers: PyTorch's bounds and standard deviations, orthogonal rows or columns")
    func initializers() {
        var generator = SeededGenerator(seed: 11)
        for c in Self.reference.cases("initializers") {
            let shape = c.doubles("shape").map(Int.init)
            let count = Double(shape.reduce(1, *))
            for (initializer, key) in [(Initializer.glorotUniform, "glorot_uniform_bound"), (.heUniform, "he_uniform_bound")] {
                let bound = c.double(key)
                let w = initializer.tensor(shape, generator: &generator)
                #expect(w.scalars.allSatisfy { abs($0) < bound })
                // U(−a, a) has standard deviation a/√3; the sample's relative error is about 1/√(2·count·0.8) (≤ 8% for 128 draws), test 4× that.
                let std = (w.scalars.map { $0 * $0 }.reduce(0, +) / count).squareRoot()
                expectClose(std, bound / 3.0.squareRoot(), rtol: 4 / (1.6 * count).squareRoot())
            }
            for (initializer, key) in [(Initializer.glorotNormal, "glorot_normal_std"), (.heNormal, "he_normal_std")] {
                let w = initializer.tensor(shape, generator: &generator)
                let std = (w.scalars.map { $0 * $0 }.reduce(0, +) / count).squareRoot()
                // Sample standard deviation of `count` normals: relative error ≈ 1/√(2·count); test 4×.
                expectClose(std, c.double(key), rtol: 4 / (2 * count).squareRoot())
            }
            let q = Initializer.orthogonal.tensor(shape, generator: &generator)
            let gram = shape[0] <= shape[1] ? matmul(q, q, transposeB: true) : matmul(q, q, transposeA: true)
            let k = Swift.min(shape[0], shape[1])
            // Householder QR: orthonormal to a few ulps times the dimension.
            expectClose(gram, Tensor(shape: [k, k]) { $0 / k == $0 % k ? 1 : 0 }, rtol: 0, atol: 1e-13)
        }
        #expect(Initializer.zeros.tensor([3, 2], generator: &generator) == Tensor.zeros([3, 2]))
    }
}
