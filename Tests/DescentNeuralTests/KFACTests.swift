import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// K-FAC against direct per-example computations in PyTorch (Tools/references/neural_kfac.py):
/// the Kronecker factors, the preconditioned update against the dense Kronecker solve, three
/// steps with running averages, cached inverses and momentum; and a training comparison with SGD.
@Suite("K-FAC")
struct KFACTests {
    static let reference = try! ReferenceData.load("neural_kfac")

    /// The network of a reference case, θ in PyTorch's state_dict order, and its loss.
    static func network(_ c: ReferenceData) -> (Sequential, Tensor, NetworkLoss) {
        let sizes = c.doubles("sizes").map { Int($0) }
        let biases = (c.object["biases"] as! [Any]).map { ($0 as? Bool) ?? (($0 as? NSNumber)?.boolValue ?? true) }
        var layers: [any Layer] = []
        for l in 1..<sizes.count {
            layers.append(Dense(sizes[l], bias: biases[l - 1]))
            if l < sizes.count - 1 { layers.append(Activation(.tanh)) }
        }
        let net = try! Sequential(layers, inputFeatures: sizes[0])
        let theta = Tensor(c.tensorList("initial").flatMap(\.scalars))
        let loss: NetworkLoss = c.string("loss") == "softmax_cross_entropy" ? .softmaxCrossEntropy : .meanSquaredError
        return (net, theta, loss)
    }

    static func statistics(_ c: ReferenceData, _ estimate: KFACConfiguration.CurvatureEstimate) -> KFACBatchStatistics {
        let (net, theta, loss) = network(c)
        var generator = SeededGenerator(seed: 1)
        var context = ForwardContext.inference
        return net.kfacStatistics(theta, inputs: c.tensor("x"), targets: c.tensor("y"), loss: loss,
                                  estimate: estimate, generator: &generator, context: &context)
    }

    @Test("A, the empirical and the exact Fisher G, the loss and the gradient equal per-example PyTorch sums",
          arguments: ["classifier", "regressor"])
    func factors(name: String) {
        let c = Self.reference.cases("cases").first { $0.string("name") == name }!
        // The same sums in a different order (GEMMs vs per-example outer products), so agreement
        // to rounding: 1e-10 relative with a 1e-13 floor for entries that cancel to ~0.
        let empirical = Self.statistics(c, .empiricalFisher)
        expectClose(empirical.loss, c.double("loss_value"), rtol: 1e-12)
        expectClose(empirical.gradient, c.tensor("gradient"), rtol: 1e-10, atol: 1e-13)
        for (l, a) in c.tensorList("activations").enumerated() {
            expectClose(empirical.factors[l].activations, a, rtol: 1e-10, atol: 1e-13)
        }
        for (l, g) in c.tensorList("empirical_fisher").enumerated() {
            expectClose(empirical.factors[l].outputGradients, g, rtol: 1e-10, atol: 1e-13)
        }
        let exact = Self.statistics(c, .exactFisher)
        for (l, g) in c.tensorList("exact_fisher").enumerated() {
            expectClose(exact.factors[l].outputGradients, g, rtol: 1e-10, atol: 1e-13)
            expectClose(exact.factors[l].activations, empirical.factors[l].activations, rtol: 0, atol: 0)
        }
    }

    @Test("the sampled Fisher's G averages to the exact Fisher's", arguments: ["classifier", "regressor"])
    func sampledFisherIsUnbiased(name: String) {
        let c = Self.reference.cases("cases").first { $0.string("name") == name }!
        let (net, theta, loss) = Self.network(c)
        let exact = c.tensorList("exact_fisher")
        var generator = SeededGenerator(seed: 11)
        var sums = exact.map { Tensor.zeros($0.shape) }
        let draws = 400
        for _ in 0..<draws {
            var context = ForwardContext.inference
            let s = net.kfacStatistics(theta, inputs: c.tensor("x"), targets: c.tensor("y"), loss: loss,
                                       estimate: .sampledFisher, generator: &generator, context: &context)
            for l in sums.indices { sums[l] += s.factors[l].outputGradients }
        }
        for l in sums.indices {
            // Monte Carlo over 400 draws × n ≥ 5 examples: the relative Frobenius error is about
            // 1/√(400·5) ≈ 2 %; 10 % leaves room, while a wrong scale (a factor 2 in the MSE
            // variance, a missing √p in the cross-entropy root) would be off by 50 % or more.
            let mean = sums[l] / Double(draws)
            let error = ((mean - exact[l]) * (mean - exact[l])).sum().squareRoot() / (exact[l] * exact[l]).sum().squareRoot()
            #expect(error < 0.1, "layer \(l): relative error \(error)")
        }
    }

    @Test("three steps (running averages, inverses every T = 2, momentum) equal the dense Kronecker solves",
          arguments: ["classifier", "regressor"], KFACConfiguration.Inversion.allCases)
    func trajectory(name: String, inversion: KFACConfiguration.Inversion) {
        let c = Self.reference.cases("cases").first { $0.string("name") == name }!
        let (net, initial, loss) = Self.network(c)
        let t = c["trajectory"]
        let configuration = KFACConfiguration(curvatureEstimate: .exactFisher, inversion: inversion, damping: t.double("damping"),
                                              curvatureDecay: t.double("decay"), inverseUpdatePeriod: t.int("period"))
        let optimizer = kfac(learningRate: t.double("learning_rate"), momentum: t.double("momentum"), configuration: configuration)
        var theta = initial
        var state = optimizer.initialize(theta, network: net, loss: loss)
        let run = t["runs"][inversion.rawValue]
        let expectedLosses = run.doubles("losses"), expectedParameters = run.tensorList("parameters")
        for (k, batch) in t.cases("batches").enumerated() {
            var context = ForwardContext.inference
            let value = optimizer.step(&theta, batch: TrainingBatch(inputs: batch.tensor("x"), targets: batch.tensor("y")), network: net, loss: loss,
                                            state: &state, context: &context).loss
            // Dense solves of (inputs+1)·outputs ≤ 21 unknowns with κ ≤ 1e3 against two small
            // Cholesky or eigen solves: agreement to ~1e-13; 1e-10 as the brief asks.
            expectClose(value, expectedLosses[k], rtol: 1e-12)
            expectClose(theta, expectedParameters[k], rtol: 1e-10, atol: 1e-12)
        }
        #expect(state.optimizer.first.count == 3)
    }

    @Test("six steps equal kfac-jax's Optimizer (exact Fisher, both inversions) on the same weights and batches",
          arguments: KFACConfiguration.Inversion.allCases)
    func matchesKFACJax(inversion: KFACConfiguration.Inversion) {
        let c = Self.reference.cases("cases").first { $0.string("name") == "classifier" }!
        let (net, theta, loss) = Self.network(c)
        let t = c["trajectory"]
        let configuration = KFACConfiguration(curvatureEstimate: .exactFisher, inversion: inversion, damping: t.double("damping"),
                                              curvatureDecay: t.double("decay"), inverseUpdatePeriod: t.int("period"))
        let optimizer = kfac(learningRate: t.double("learning_rate"), momentum: t.double("momentum"), configuration: configuration)
        var moved = theta
        var state = optimizer.initialize(moved, network: net, loss: loss)
        var losses: [Double] = []
        for batch in t.cases("batches") + t.cases("batches") {
            var context = ForwardContext.inference
            losses.append(optimizer.step(&moved, batch: TrainingBatch(inputs: batch.tensor("x"), targets: batch.tensor("y")),
                                         network: net, loss: loss, state: &state, context: &context).loss)
        }
        let run = Self.reference["kfac_jax"]["runs"][inversion.rawValue]
        // XLA evaluates the same formulas in another order (and kfac-jax inverts the damped
        // factors explicitly). Measured: losses within 2e-16 (factored) and 7e-15 (eigen),
        // ‖Δθ‖ 4e-15 and 2e-13; 1e-10 relative leaves room for other BLAS/LAPACK builds.
        expectClose(losses, run.doubles("losses"), rtol: 1e-10)
        expectClose(moved, run.tensor("parameters"), rtol: 1e-10, atol: 1e-12)
    }

    @Test("K-FAC reaches a lower loss than the best of five SGD learning rates in 30 full-batch steps")
    func beatsSGD() throws {
        // Regression of a 3-8-2 tanh teacher on badly scaled inputs (columns ×4, ×1, ×0.1): the
        // curvature's condition number limits SGD's step, which K-FAC's A⁻¹ (a whitening of the
        // layer inputs) removes.
        var generator = SeededGenerator(seed: 5)
        let n = 64
        let x = Tensor(shape: [n, 3]) { i in generator.nextNormal() * [4.0, 1.0, 0.1][i % 3] }
        let teacher = try Sequential.perceptron(inputFeatures: 3, hidden: [8], outputs: 2, activation: .tanh)
        let scaled = x * Tensor([0.25, 1, 10])
        let y = teacher.outputs(teacher.initialParameters(seed: 9) * 2, scaled)
        let net = try Sequential.perceptron(inputFeatures: 3, hidden: [16], outputs: 2, activation: .tanh)
        let start = net.initialParameters(seed: 3)
        let steps = 30
        let batch = TrainingBatch(inputs: x, targets: y)
        func finalLoss<Step: TrainingStep>(_ step: Step) -> Double {
            var theta = start
            var state = step.initialize(theta, network: net, loss: .meanSquaredError)
            for _ in 0..<steps {
                var context = ForwardContext.inference
                _ = step.step(&theta, batch: batch, network: net, loss: .meanSquaredError, state: &state, context: &context)
            }
            var context = ForwardContext.inference
            return NetworkLoss.meanSquaredError(net.outputs(Variable(theta), Variable(x), context: &context), y).scalar
        }
        var sgdLosses: [Double] = []
        for rate in [0.01, 0.03, 0.1, 0.3, 1.0] {
            sgdLosses.append(finalLoss(GradientStep(sgd(learningRate: rate, momentum: 0.9))))
        }
        let bestSGD = sgdLosses.filter(\.isFinite).min() ?? .infinity
        let kfacLoss = finalLoss(kfac(learningRate: 0.3, momentum: 0.5, configuration: KFACConfiguration(damping: 1e-2, inverseUpdatePeriod: 1)))
        // Measured: K-FAC 0.069, SGD 1.62, 1.40, 1.04, then divergence (1e8, 7e59) at η ≥ 0.3.
        #expect(kfacLoss < bestSGD, "K-FAC \(kfacLoss) vs SGD \(sgdLosses)")
    }

    @Test("train(...) runs K-FAC through the TrainingStep hook: one epoch in order is the reference's three steps",
          arguments: KFACConfiguration.Inversion.allCases)
    func trainsThroughTheHook(inversion: KFACConfiguration.Inversion) throws {
        let c = Self.reference.cases("cases").first { $0.string("name") == "classifier" }!
        let (net, theta, loss) = Self.network(c)
        let t = c["trajectory"]
        let batches = t.cases("batches")
        let x = Tensor.concatenate(batches.map { $0.tensor("x") }), y = Tensor.concatenate(batches.map { $0.tensor("y") })
        let configuration = KFACConfiguration(curvatureEstimate: .exactFisher, inversion: inversion, damping: t.double("damping"),
                                              curvatureDecay: t.double("decay"), inverseUpdatePeriod: t.int("period"))
        let optimizer = kfac(learningRate: t.double("learning_rate"), momentum: t.double("momentum"), configuration: configuration)
        let result = try train(net, loss: loss, inputs: x, targets: y, from: theta, using: optimizer,
                               options: TrainingOptions(epochs: 1, batchSize: 6, shuffle: false, showsProgress: false))
        let run = t["runs"][inversion.rawValue]
        // The same three steps as `trajectory`, so the same tolerances.
        expectClose(result.stepLosses, run.doubles("losses"), rtol: 1e-12)
        expectClose(result.parameters, run.tensorList("parameters")[2], rtol: 1e-10, atol: 1e-12)
    }

    @Test("parameters outside dense layers (layer normalization) get the plain gradient; the dense ones do not")
    func nonDenseParametersPassThrough() throws {
        let c = Self.reference.cases("cases").first { $0.string("name") == "classifier" }!
        let net = try Sequential([Dense(5), LayerNorm(), Activation(.tanh), Dense(3)], inputFeatures: 4)
        #expect(net.kfacBlocks.map(\.layerIndex) == [0, 3])
        let theta = net.initialParameters(seed: 4)
        let batch = TrainingBatch(inputs: c.tensor("x"), targets: c.tensor("y"))
        var context = ForwardContext.inference
        let gradient = net.lossAndGradient(theta, batch: batch, loss: .softmaxCrossEntropy, context: &context).gradient
        let optimizer = kfac(learningRate: 0.1)
        var state = optimizer.initialize(theta, network: net, loss: .softmaxCrossEntropy)
        var moved = theta
        _ = optimizer.step(&moved, batch: batch, network: net, loss: .softmaxCrossEntropy, state: &state, context: &context)
        let offsets = net.parameterLayout.offsets
        let norm = offsets[2]..<offsets[4]  // "1.layer_norm.*": gain and bias
        let expected = Tensor(Array(theta.scalars[norm])) - Tensor(Array(gradient.scalars[norm])) * 0.1
        // θ + (−η)·g, the same operations as the plain SGD step: equal to the last bit or two.
        expectClose(Tensor(Array(moved.scalars[norm])), expected, rtol: 1e-15, atol: 1e-16)
        let dense = offsets[0]..<offsets[2]
        let sgdDense = Tensor(Array(theta.scalars[dense])) - Tensor(Array(gradient.scalars[dense])) * 0.1
        #expect(Tensor(Array(moved.scalars[dense])) != sgdDense)
    }

    @Test("a non-finite batch leaves θ and the curvature untouched and reports NaN")
    func nonFiniteBatch() {
        let c = Self.reference.cases("cases")[0]
        let (net, theta, loss) = Self.network(c)
        let optimizer = kfac(learningRate: 0.1)
        var state = optimizer.initialize(theta, network: net, loss: loss)
        var x = c.tensor("x")
        x.scalars[3] = .nan
        var moved = theta
        var context = ForwardContext.inference
        let value = optimizer.step(&moved, batch: TrainingBatch(inputs: x, targets: c.tensor("y")), network: net, loss: loss, state: &state, context: &context).loss
        #expect(value.isNaN)
        #expect(moved == theta)
        #expect(state.optimizer.first.factors.isEmpty && state.optimizer.first.curvatureWeight == 0)
    }

    @Test("the preconditioner chains with clipping: the update's norm is the clip times the learning rate")
    func chainsWithClipping() {
        let c = Self.reference.cases("cases")[0]
        let (net, theta, loss) = Self.network(c)
        let step = KFACStep(KFACConfiguration(curvatureEstimate: .empiricalFisher), then: chain(clipByGlobalNorm(maxNorm: 1e-3), sgd(learningRate: 0.5)))
        var state = step.initialize(theta, network: net, loss: loss)
        var moved = theta
        var context = ForwardContext.inference
        _ = step.step(&moved, batch: TrainingBatch(inputs: c.tensor("x"), targets: c.tensor("y")), network: net, loss: loss, state: &state, context: &context)
        let norm = ((moved - theta) * (moved - theta)).sum().squareRoot()
        // The preconditioned gradient is far longer than 1e-3 (λ = 1e-3 amplifies it), so the
        // clip is active and ‖u‖ = η·1e-3 up to rounding.
        expectClose(norm, 0.5e-3, rtol: 1e-12)
    }
}

extension ReferenceData {
    /// A list of tensors of different shapes (per-layer matrices).
    func tensorList(_ key: String) -> [Tensor] {
        (object[key] as! [Any]).map { ReferenceData(object: ["v": $0]).tensor("v") }
    }
}
