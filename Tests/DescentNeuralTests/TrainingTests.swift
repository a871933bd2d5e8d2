import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// The trainer's behavior: determinism for a seed, shuffling, validation, early stopping, a NaN
/// loss, bad targets and options; and the step hook.
@Suite("Training")
struct TrainingTests {
    /// Three Gaussian blobs in 2-D, 20 rows each, interleaved.
    static let blobs: (x: Tensor, y: Tensor) = {
        var g = SeededGenerator(seed: 5)
        let centers = [(-2.0, 0.0), (2.0, 0.0), (0.0, 2.5)]
        let x = Tensor(shape: [60, 2]) { i in (i % 2 == 0 ? centers[(i / 2) % 3].0 : centers[(i / 2) % 3].1) + 0.5 * g.nextNormal() }
        return (x, Tensor((0..<60).map { Double($0 % 3) }))
    }()
    static let net = try! Sequential([Dense(8), Activation(.relu), Dropout(0.1), Dense(3)], inputFeatures: 2)

    @Test("a fixed seed gives the same run bit for bit; another seed another run; it learns the blobs")
    func determinism() throws {
        let theta = Self.net.initialParameters(seed: 1)
        let options = TrainingOptions(epochs: 15, batchSize: 16, seed: 3, validationFraction: 0.2, showsProgress: false)
        let a = try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                          optimizer: adam(learningRate: 0.05), options: options)
        let b = try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                          optimizer: adam(learningRate: 0.05), options: options)
        var other = options
        other.seed = 4
        let c = try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                          optimizer: adam(learningRate: 0.05), options: other)
        #expect(a.parameters == b.parameters && a.stepLosses == b.stepLosses)
        #expect(a.parameters != c.parameters)
        #expect(a.history.count == 15 && a.termination == .epochLimit && a.iterations == 15)
        // 48 training rows in batches of 16: 3 steps per epoch.
        #expect(a.stepLosses.count == 45)
        let last = try #require(a.history.last)
        #expect(last.loss < a.history[0].loss)
        #expect(try #require(last.validationAccuracy) >= 0.9)
        #expect(try #require(last.accuracy) >= 0.8)
    }

    @Test("early stopping keeps the best epoch's parameters and says so")
    func earlyStopping() throws {
        let theta = Self.net.initialParameters(seed: 1)
        // A learning rate so large that the validation loss soon stops improving.
        let options = TrainingOptions(epochs: 200, batchSize: 8, seed: 3, validationFraction: 0.25, patience: 3, showsProgress: false)
        let r = try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                          optimizer: sgd(learningRate: 0.5, momentum: 0.9), options: options)
        #expect(r.termination == .earlyStopped)
        let best = try #require(r.bestEpoch)
        #expect(r.iterations == best + 3)
        let losses = r.history.map { $0.validationLoss! }
        #expect(losses[best - 1] == losses.min())
        let validationRows = Self.blobs.x.slice(rows: 45..<60)
        let bestLoss = NetworkLoss.softmaxCrossEntropy(Variable(Self.net.outputs(r.parameters, validationRows)), Self.blobs.y.slice(rows: 45..<60)).scalar
        #expect(bestLoss == losses[best - 1])
    }

    @Test("a NaN loss stops training with non_finite_value, its epoch, and the last finite parameters")
    func nanLoss() throws {
        let net = try Sequential([Dense(1)], inputFeatures: 1)
        let x = Tensor(shape: [4, 1], scalars: [1, 2, 3, 4])
        let y = Tensor([2, 4, 6, 8])
        // Gradient descent with η = 10 on a quadratic whose curvature is 15: the iterates grow ×100 per
        // step and overflow to ∞ (then NaN) after ~150 steps, in epoch > 1.
        let r = try train(net, loss: .meanSquaredError, inputs: x, targets: y, from: Tensor([0.1, 0]),
                          optimizer: sgd(learningRate: 10), options: TrainingOptions(epochs: 1000, batchSize: 4, showsProgress: false))
        #expect(r.termination == .nonFiniteValue)
        let epoch = try #require(r.nonFiniteEpoch)
        #expect(epoch > 1 && r.iterations == epoch - 1 && r.history.count == epoch - 1)
        #expect(r.parameters.isFinite)
        #expect(!(r.stepLosses.last!.isFinite))
    }

    @Test("bad targets and options are one-line errors")
    func badInput() throws {
        let theta = Self.net.initialParameters(seed: 1)
        func run(_ y: Tensor, _ options: TrainingOptions = TrainingOptions(showsProgress: false)) throws {
            _ = try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: y, from: theta,
                          optimizer: sgd(learningRate: 0.1), options: options)
        }
        #expect(throws: NeuralNetworkError.tooFewClasses(1)) { try run(Tensor(shape: [60], repeating: 2)) }
        var labels = Self.blobs.y.scalars
        labels[7] = 3
        #expect(throws: NeuralNetworkError.invalidLabel(index: 7, value: 3, classes: 3)) { try run(Tensor(labels)) }
        labels[7] = 0.5
        #expect(throws: NeuralNetworkError.invalidLabel(index: 7, value: 0.5, classes: 3)) { try run(Tensor(labels)) }
        #expect(throws: NeuralNetworkError.invalidOption("the batch size must be at least 1, got 0")) {
            try run(Self.blobs.y, TrainingOptions(batchSize: 0))
        }
        #expect(throws: NeuralNetworkError.self) { try run(Tensor(shape: [59], repeating: 0)) }
        #expect(NeuralNetworkError.invalidLabel(index: 7, value: 3, classes: 3).description
            == "class label 3.0 at row 7 is not an integer in 0..<3")
    }

    @Test("a schedule and gradient clipping chain into train: η = 0 from step 6 freezes θ; each step moves ≤ η·c")
    func scheduleAndClipping() throws {
        let theta = Self.net.initialParameters(seed: 1)
        let optimizer = chain(clipByGlobalNorm(maxNorm: 0.5),
                              sgd(learningRate: Schedule.piecewiseConstant(initialValue: 0.1, boundariesAndScales: [(boundary: 6, scale: 0)])))
        // 60 rows in batches of 10: 6 steps per epoch, so only the first epoch moves θ.
        func run(_ epochs: Int) throws -> TrainingResult {
            try train(Self.net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta, optimizer: optimizer,
                      options: TrainingOptions(epochs: epochs, batchSize: 10, seed: 2, showsProgress: false))
        }
        let one = try run(1), three = try run(3)
        #expect(one.parameters == three.parameters)
        #expect(one.parameters != theta)
        // Clipped gradients have norm ≤ 0.5, so six steps of η = 0.1 move θ by at most 0.3 (plus rounding).
        #expect((one.parameters - theta).norm() <= 0.3 * (1 + 1e-12))
    }

    @Test("accuracy takes the first maximum on ties, as NumPy's argmax")
    func accuracyTies() {
        let outputs = Tensor([[1, 3, 3], [5, 0, 5], [0, 0, 1], [2, 1, 0]])
        // argmax rows: 1, 0, 2, 0 against labels 1, 2, 2, 0: three of four.
        #expect(classificationAccuracy(outputs, labels: Tensor([1, 2, 2, 0])) == 0.75)
    }

    /// A hand-written step (plain gradient descent through the flat-θ graph), to show that the
    /// hook sees (θ, batch) and may update θ any way it likes.
    struct FlatGradientDescent: TrainingStep {
        let rate: Double
        func initialize(_ parameters: Tensor, network: Sequential, loss: NetworkLoss) -> Int { 0 }
        func step(_ parameters: inout Tensor, batch: TrainingBatch, network: Sequential, loss: NetworkLoss,
                  state: inout Int, context: inout ForwardContext) -> TrainingStepResult {
            state += 1
            let leaf = Variable(tracking: parameters)
            let outputs = network.outputs(leaf, Variable(batch.inputs), context: &context)
            let value = loss(outputs, batch.targets)
            parameters = parameters - rate * value.gradients(withRespectTo: [leaf])[0].value
            return TrainingStepResult(loss: value.scalar, outputs: outputs.value)
        }
    }

    @Test("a custom TrainingStep gives the same run as GradientStep(sgd) when it computes the same update")
    func customStep() throws {
        let net = try Sequential([Dense(4), Activation(.tanh), Dense(3)], inputFeatures: 2)
        let theta = net.initialParameters(seed: 2)
        let options = TrainingOptions(epochs: 3, batchSize: 10, seed: 1, showsProgress: false)
        let custom = try train(net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                               using: FlatGradientDescent(rate: 0.1), options: options)
        let builtIn = try train(net, loss: .softmaxCrossEntropy, inputs: Self.blobs.x, targets: Self.blobs.y, from: theta,
                                optimizer: sgd(learningRate: 0.1), options: options)
        // The same gradient by two graphs (flat slices vs per-tensor leaves): equal to rounding.
        expectClose(custom.parameters, builtIn.parameters, rtol: 1e-13, atol: 1e-15)
        expectClose(custom.stepLosses, builtIn.stepLosses, rtol: 1e-13)
    }
}
