import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// Sequential's bookkeeping (names, layout, shapes, validation) and its forward pass against the
/// formula written out by hand.
@Suite("Sequential")
struct SequentialTests {
    static let network = try! Sequential([Dense(4), Activation(.tanh), Dense(3, bias: false)], inputFeatures: 2)

    @Test("parameter names, shapes and count follow PyTorch's state_dict layout")
    func layout() throws {
        let net = Self.network
        #expect(net.parameterNames == ["0.dense.weight", "0.dense.bias", "2.dense.weight"])
        #expect(net.parameterLayout.shapes == [[4, 2], [4], [3, 4]])
        #expect(net.parameterCount == 8 + 4 + 12)
        #expect(net.outputFeatures == 3)
        let theta = net.initialParameters(seed: 7)
        #expect(theta.shape == [24])
        #expect(theta == net.initialParameters(seed: 7))
        #expect(theta != net.initialParameters(seed: 8))
        let named = net.parameters(theta)
        #expect(named["0.dense.bias"] == Tensor.zeros([4]))
        #expect(try net.flatParameters(named) == theta)
    }

    @Test("the forward pass is tanh(x·W₁ᵀ + b₁)·W₂ᵀ, exactly, through θ as tensors and as one vector")
    func forward() {
        let net = Self.network
        let theta = Tensor(shape: [24]) { Double($0 % 7) / 10 - 0.3 }
        let x = Tensor(shape: [5, 2]) { Double($0) / 4 - 1 }
        let named = net.parameters(theta)
        let hidden = (matmul(x, named["0.dense.weight"]!, transposeB: true) + named["0.dense.bias"]!).map { Foundation.tanh($0) }
        let expected = matmul(hidden, named["2.dense.weight"]!, transposeB: true)
        // Same operations in the same order: equal to the last bit apart from tanh's kernel (a few ulps).
        expectClose(net.outputs(theta, x), expected, rtol: 1e-14, atol: 1e-15)
        var context = ForwardContext.inference
        expectClose(net.outputs(Variable(theta), Variable(x), context: &context).value, expected, rtol: 1e-14, atol: 1e-15)
    }

    @Test("the gradient through flat θ equals the per-tensor gradient and central differences")
    func gradientAgreement() {
        let net = Self.network
        let theta = net.initialParameters(seed: 3)
        let x = Tensor(shape: [6, 2]) { sin(Double($0)) }
        let y = Tensor([0, 1, 2, 1, 0, 2])
        func loss(_ t: Variable) -> Variable {
            var context = ForwardContext.inference
            return NetworkLoss.softmaxCrossEntropy(net.outputs(t, Variable(x), context: &context), y)
        }
        let flat = gradient(of: loss, at: theta)
        let perTensor = net.parameterLayout.pack(gradients(of: { ws in
            var context = ForwardContext.inference
            return NetworkLoss.softmaxCrossEntropy(net.outputs(ws, Variable(x), context: &context), y)
        }, at: net.parameterLayout.unpack(theta)))
        #expect(flat == perTensor)
        // Central differences with h = 1e-5: truncation O(h²) ≈ 1e-10 plus rounding ≈ 1e-11.
        let h = 1e-5
        for i in stride(from: 0, to: theta.count, by: 5) {
            var plus = theta.scalars, minus = theta.scalars
            plus[i] += h; minus[i] -= h
            let fd = (loss(Variable(Tensor(plus))).scalar - loss(Variable(Tensor(minus))).scalar) / (2 * h)
            expectClose(flat.scalars[i], fd, rtol: 1e-6, atol: 1e-9)
        }
    }

    @Test("a layer of size 0 or no input features is a one-line error naming the layer")
    func zeroSizes() {
        #expect(throws: NeuralNetworkError.invalidSize(layer: "layer 1 (Dense(0, bias: true))", what: "the number of units", size: 0)) {
            try Sequential([Dense(3), Dense(0)], inputFeatures: 2)
        }
        #expect(throws: NeuralNetworkError.self) { try Sequential([Dense(3)], inputFeatures: 0) }
    }
}
