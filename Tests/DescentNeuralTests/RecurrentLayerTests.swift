import DescentAutodiff
import DescentCore
@testable import DescentNeural
import DescentOptimize
import Testing
import _TestSupport

/// The Elman layer against PyTorch `nn.RNN` (float64, tanh and relu, zero and given initial
/// state): states, last state and the gradients of L = Σ ⟨C, states⟩ with respect to the weights,
/// the bias, the inputs and h_0 (generator: Tools/references/neural_recurrent.py).
@Suite("Elman recurrent layer")
struct RecurrentLayerTests {
    static let reference = try! ReferenceData.load("neural_recurrent")

    static func layer(_ c: ReferenceData, output: ElmanRecurrent.Output) -> ElmanRecurrent {
        ElmanRecurrent(inputFeatures: c.int("features"), hiddenFeatures: c.int("hidden"),
                       activation: c.string("nonlinearity") == "tanh" ? .tanh : .relu, output: output)
    }

    @Test("states, last state and gradients equal PyTorch's", arguments: reference.cases("cases").map { $0.string("name") })
    func matchesPyTorch(_ name: String) throws {
        let c = Self.reference.cases("cases").first { $0.string("name") == name }!
        let layer = Self.layer(c, output: .allStates)
        let parameters = [c.tensor("input_weight"), c.tensor("recurrent_weight"), c.tensor("bias")]
        let (inputs, h0, cotangent) = (c.tensor("inputs"), c.tensor("initial_state"), c.tensor("cotangent"))
        let batch = c.int("batch")
        #expect(try layer.outputShape(forInput: inputs.shape) == [batch, c.int("steps") * c.int("hidden")])
        // One reverse sweep through T steps: a few roundings per step, far below 1e-12 relative.
        let (loss, grads) = valueAndGradients(of: { v in
            let states = layer.states(v[0], initialState: v[1], parameters: v[2...])
            return (Variable.concatenate(states, axis: 1) * cotangent).sum()
        }, at: [inputs, h0] + parameters)
        expectClose(loss, c.double("loss"), rtol: 1e-12, "T steps of rounding")
        let states = Variable.concatenate(layer.states(Variable(inputs), initialState: Variable(h0),
                                                       parameters: parameters.map { Variable($0) }[...]), axis: 1).value
        expectClose(states, c.tensor("states"), rtol: 1e-12, atol: 1e-14, "forward states")
        expectClose(grads[0], c.tensor("grad_inputs"), rtol: 1e-12, atol: 1e-13, "∂L/∂x")
        expectClose(grads[1], c.tensor("grad_initial_state"), rtol: 1e-12, atol: 1e-13, "∂L/∂h_0")
        expectClose(grads[2], c.tensor("grad_input_weight"), rtol: 1e-12, atol: 1e-13, "∂L/∂W_xh")
        expectClose(grads[3], c.tensor("grad_recurrent_weight"), rtol: 1e-12, atol: 1e-13, "∂L/∂W_hh")
        expectClose(grads[4], c.tensor("grad_bias"), rtol: 1e-12, atol: 1e-13, "∂L/∂b = PyTorch's ∂L/∂b_ih = ∂L/∂b_hh")

        // As a Layer (h_0 = 0): the zero-state cases through callAsFunction, both outputs.
        if c.tensor("initial_state").scalars.allSatisfy({ $0 == 0 }) {
            var context = ForwardContext(isTraining: false, generator: SeededGenerator(seed: 0))
            let all = layer(Variable(inputs), parameters: parameters.map { Variable($0) }[...], context: &context)
            expectClose(all.value, c.tensor("states"), rtol: 1e-12, atol: 1e-14, "allStates output")
            let last = Self.layer(c, output: .lastState)(Variable(inputs), parameters: parameters.map { Variable($0) }[...], context: &context)
            expectClose(last.value, c.tensor("last_state"), rtol: 1e-12, atol: 1e-14, "lastState output")
        }
    }

    @Test("bad shapes and sizes are errors naming the shape")
    func badShapes() {
        let layer = ElmanRecurrent(inputFeatures: 3, hiddenFeatures: 4)
        #expect(throws: NeuralNetworkError.self) { try layer.outputShape(forInput: [2, 7]) }
        #expect(throws: NeuralNetworkError.self) { try layer.outputShape(forInput: [2, 0]) }
        #expect(throws: NeuralNetworkError.self) { try ElmanRecurrent(inputFeatures: 3, hiddenFeatures: 0).outputShape(forInput: [2, 6]) }
        #expect(throws: NeuralNetworkError.self) { try ElmanRecurrent(inputFeatures: 0, hiddenFeatures: 2).outputShape(forInput: [2, 6]) }
        #expect((try? layer.outputShape(forInput: [2, 9])) == [2, 4])
        #expect((try? ElmanRecurrent(inputFeatures: 3, hiddenFeatures: 4, output: .allStates).outputShape(forInput: [2, 9])) == [2, 12])
    }

    @Test("initialization: PyTorch's uniform bound, and an orthogonal W_hh with every singular value = gain")
    func initialization() throws {
        var generator = SeededGenerator(seed: 7)
        let uniform = ElmanRecurrent(inputFeatures: 3, hiddenFeatures: 16).initialParameters(inputShape: [1, 6], generator: &generator)
        #expect(uniform.map(\.shape) == [[16, 3], [16, 16], [16]])
        #expect(uniform.allSatisfy { $0.scalars.allSatisfy { Swift.abs($0) <= 0.25 } })  // 1/√16
        let orthogonal = ElmanRecurrent(inputFeatures: 3, hiddenFeatures: 16, recurrentInitialization: .orthogonal(gain: 1.5))
            .initialParameters(inputShape: [1, 6], generator: &generator)
        // LAPACK's SVD is backward stable: singular values within a few ε·n of 1.5.
        expectClose(try SVD(orthogonal[1]).singularValues, Tensor(shape: [16], repeating: 1.5), rtol: 1e-13, "orthogonal · gain")
    }

    @Test("in a Sequential with a dense head, trained by `train`: classifies the sign of a sequence's sum")
    func trainsInSequential() throws {
        let (n, steps) = (256, 8)
        let x = gaussian([n, steps], seed: 71)
        let labels = Tensor((0..<n).map { i in x.slice(rows: i..<(i + 1)).scalars.reduce(0, +) > 0 ? 1.0 : 0.0 })
        let network = try Sequential([ElmanRecurrent(inputFeatures: 1, hiddenFeatures: 8), Dense(2)], inputFeatures: steps)
        #expect(network.parameterNames == ["0.elman_recurrent.input_weight", "0.elman_recurrent.recurrent_weight",
                                           "0.elman_recurrent.bias", "1.dense.weight", "1.dense.bias"])
        #expect(network.parameterCount == 8 + 64 + 8 + 16 + 2)
        let result = try train(network, loss: .softmaxCrossEntropy, inputs: x, targets: labels, from: network.initialParameters(seed: 72),
                               optimizer: adam(learningRate: 0.02), options: TrainingOptions(epochs: 30, batchSize: 32, seed: 73, showsProgress: false))
        // Summing is what a linear recurrence does (W_hh ≈ I): measured 0.95 training accuracy, loss 0.62 → 0.12.
        let accuracy = try #require(result.history.last?.accuracy)
        #expect(accuracy > 0.9, "accuracy \(accuracy)")
        #expect(result.history.last!.loss < 0.5 * result.history.first!.loss)
    }

    @Test("saved weights round-trip, and a file for another recurrent layer is refused")
    func savedWeights() throws {
        let network = try Sequential([ElmanRecurrent(inputFeatures: 2, hiddenFeatures: 3, activation: .relu, output: .allStates,
                                                     recurrentInitialization: .orthogonal(gain: 1)), Dense(1)], inputFeatures: 8)
        let theta = network.initialParameters(seed: 91)
        let text = SavedWeights.encode(theta, network: network)
        #expect(try SavedWeights.decode(text, network: network) == theta)
        let other = try Sequential([ElmanRecurrent(inputFeatures: 2, hiddenFeatures: 3, activation: .tanh, output: .allStates,
                                                   recurrentInitialization: .orthogonal(gain: 1)), Dense(1)], inputFeatures: 8)
        #expect(throws: NeuralNetworkError.self) { try SavedWeights.decode(text, network: other) }
    }
}
