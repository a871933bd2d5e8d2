// Section 8 of the tour, the computations: one small MLP on the digits, trained and measured.
import DescentAutodiff
import DescentCore
import DescentLearn
import DescentNeural
import DescentOptimize

/// The sizes of the network section's experiments: the full tour's and the quick tour's.
struct NetworkTourSize: Sendable {
    /// Rows of the digits used for training and for testing (disjoint, a seeded draw).
    var trainingRows: Int, testRows: Int
    /// The hidden width of the 64 → h → 10 tanh perceptron.
    var hidden: Int
    /// Full-batch gradient-descent steps; λmax is measured every `denseEvery` steps up to
    /// `denseSteps` (where it changes fast), then every tenth step.
    var gradientDescentSteps: Int, denseSteps: Int, denseEvery: Int
    /// SLQ probes and Lanczos steps per probe for each spectral density.
    var densityProbes: Int, densitySteps: Int
    /// Epochs and batch size of the Adam / K-FAC / Hessian-free race.
    var raceEpochs: Int, raceBatch: Int
    /// Batch size of Hessian-free and its most conjugate-gradient iterations per step.
    var hessianFreeBatch: Int, hessianFreeIterations: Int
    /// Hidden width of the LoRA experiment's perceptron, its pretraining and fine-tuning epochs.
    var adaptationHidden: Int, pretrainingEpochs: Int, fineTuningEpochs: Int

    /// The steps at which λmax is measured.
    var measuredSteps: [Int] {
        let steps = Array(stride(from: 0, through: denseSteps, by: denseEvery)) + Array(stride(from: denseSteps + 10, to: gradientDescentSteps, by: 10))
        return steps.last == gradientDescentSteps ? steps : steps + [gradientDescentSteps]
    }
    /// Examples of the NTK batch: h + 1 at most, so that the output layer alone makes Θ nonsingular
    /// (its block of J holds the n vectors (tanh(W₁x + b₁), 1) ∈ ℝʰ⁺¹ once per output).
    var kernelExamples: Int { hidden }

    static let full = NetworkTourSize(trainingRows: 1000, testRows: 797, hidden: 16, gradientDescentSteps: 300, denseSteps: 40, denseEvery: 1,
                                      densityProbes: 5, densitySteps: 100, raceEpochs: 15, raceBatch: 50, hessianFreeBatch: 200, hessianFreeIterations: 20,
                                      adaptationHidden: 64, pretrainingEpochs: 30, fineTuningEpochs: 20)
    static let quick = NetworkTourSize(trainingRows: 200, testRows: 200, hidden: 8, gradientDescentSteps: 70, denseSteps: 20, denseEvery: 2,
                                       densityProbes: 2, densitySteps: 40, raceEpochs: 5, raceBatch: 50, hessianFreeBatch: 100, hessianFreeIterations: 10,
                                       adaptationHidden: 16, pretrainingEpochs: 15, fineTuningEpochs: 8)
}

/// The digits split for the section: pixels scaled to [0, 1], a seeded draw of training and test rows.
struct DigitsSplit: Sendable {
    let trainingInputs: Tensor, trainingLabels: Tensor
    let testInputs: Tensor, testLabels: Tensor

    /// `size.trainingRows` and `size.testRows` distinct rows of the digits drawn by `seed`; with
    /// `mirrored`, each 8 × 8 image flipped left to right (pixel (r, c) ← (r, 7 − c)).
    init(size: NetworkTourSize, seed: UInt64, mirrored: Bool = false) {
        let digits = Dataset.digits
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(digits.rows)
        let training = Array(order[..<size.trainingRows])
        let test = Array(order[size.trainingRows..<(size.trainingRows + size.testRows)])
        var x = digits.features / 16
        if mirrored {
            let width = digits.columns, source = x
            x = Tensor(shape: source.shape) { index in
                let (row, pixel) = (index / width, index % width)
                return source.scalars[row * width + (pixel / 8) * 8 + (7 - pixel % 8)]
            }
        }
        trainingInputs = x.gatherRows(training)
        trainingLabels = digits.target.gatherRows(training)
        testInputs = x.gatherRows(test)
        testLabels = digits.target.gatherRows(test)
    }
}

/// The mean cross-entropy and the accuracy of `network` at θ on some rows.
func crossEntropyAndAccuracy(_ network: Sequential, _ theta: Tensor, inputs: Tensor, labels: Tensor) -> (loss: Double, accuracy: Double) {
    let outputs = network.outputs(theta, inputs)
    return (NetworkLoss.softmaxCrossEntropy(Variable(outputs), labels).scalar, classificationAccuracy(outputs, labels: labels))
}

/// Full-batch gradient descent θ ← θ − η∇L(θ) on the training rows, with the two largest Hessian
/// eigenvalues measured at chosen steps by thick-restart Lanczos on exact Hessian–vector products.
struct SharpnessRun: Sendable {
    /// η.
    let learningRate: Double
    /// The steps at which the eigenvalues were measured (0 = θ₀, ascending, the last one the run's end).
    let measuredSteps: [Int]
    /// The two largest Hessian eigenvalues at each measured step, largest first.
    let topEigenvalues: [[Double]]
    /// The full-batch loss before each step, and after the last one.
    let losses: [Double]
    /// θ after the last step.
    let parameters: Tensor

    /// λ₁ at each measured step.
    var sharpness: [Double] { topEigenvalues.map { $0[0] } }

    /// Runs `measuredSteps.last` steps of gradient descent with step size `eta` from θ₀.
    /// Precondition: `measuredSteps` ascending, starting at 0.
    init(network: Sequential, from theta0: Tensor, data: DigitsSplit, learningRate eta: Double, measuredSteps: [Int], seed: UInt64) throws {
        precondition(measuredSteps.first == 0 && zip(measuredSteps, measuredSteps.dropFirst()).allSatisfy { $0 < $1 },
                     "SharpnessRun: measured steps \(measuredSteps) must ascend from 0")
        let risk = try NetworkRisk(network: network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels)
        func top(_ theta: Tensor) throws -> [Double] {
            let op = try NetworkCurvature(.hessian, of: risk, at: theta)
            let pairs = try lanczos(op, count: 2, which: .largest, options: IterativeOptions(tolerance: 1e-6, seed: seed))
            return pairs.eigenvalues.scalars.reversed()
        }
        var theta = theta0
        var eigenvalues = [try top(theta0)], losses: [Double] = []
        // Plain gradient descent has no state, so running it in chunks between measurements
        // changes nothing: each chunk is `train` with one full batch per epoch.
        for (from, to) in zip(measuredSteps, measuredSteps.dropFirst()) {
            let result = try train(network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels,
                                   from: theta, optimizer: sgd(learningRate: eta),
                                   options: TrainingOptions(epochs: to - from, batchSize: data.trainingInputs.shape[0], shuffle: false,
                                                            showsProgress: false))
            guard result.termination == .epochLimit else { throw TourComputationError.trainingFailed("gradient descent", result.termination) }
            losses += result.stepLosses
            theta = result.parameters
            eigenvalues.append(try top(theta))
        }
        losses.append(risk.value(at: theta))
        learningRate = eta
        self.measuredSteps = measuredSteps
        topEigenvalues = eigenvalues
        self.losses = losses
        parameters = theta
    }
}

/// One optimizer's run in the race: its per-epoch losses and where it ended.
struct RaceRun: Sendable {
    let name: String
    /// The mean batch loss of each epoch (each measured before its update), after the loss at θ₀.
    let epochLosses: [Double]
    /// The first step's batch loss (the same batch and θ₀ for every method).
    let firstStepLoss: Double
    /// Loss and accuracy on all training rows and on the test rows at the end.
    let trainingLoss: Double, testAccuracy: Double
    /// Wall-clock seconds of the run.
    let seconds: Double
}

/// Low-rank adaptation against full fine-tuning: a perceptron pretrained on the digits, then
/// adapted to the mirrored digits.
struct AdaptationRun: Sendable {
    struct Row: Sendable {
        /// nil for full fine-tuning.
        let rank: Int?
        let trainable: Int
        let testAccuracy: Double
    }
    /// Test accuracy of the pretrained network on the original and on the mirrored test images.
    let pretrainedAccuracy: Double, beforeAdaptingAccuracy: Double
    /// Ranks 1, 2, 4, 8, then full fine-tuning.
    let rows: [Row]
    /// Σ(input + output) over the dense layers: LoRA of rank r trains r times this many parameters.
    let adapterWidth: Int

    init(size: NetworkTourSize, seed: UInt64) throws {
        let original = DigitsSplit(size: size, seed: seed), mirrored = DigitsSplit(size: size, seed: seed, mirrored: true)
        let network = try Sequential.perceptron(inputFeatures: 64, hidden: [size.adaptationHidden], outputs: 10, activation: .tanh)
        func fit(_ net: Sequential, from theta: Tensor, _ data: DigitsSplit, learningRate: Double, epochs: Int) throws -> Tensor {
            let result = try train(net, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels, from: theta,
                                   optimizer: adam(learningRate: learningRate),
                                   options: TrainingOptions(epochs: epochs, batchSize: 50, seed: seed, showsProgress: false))
            guard result.termination == .epochLimit else { throw TourComputationError.trainingFailed("fine-tuning", result.termination) }
            return result.parameters
        }
        func accuracy(_ theta: Tensor, _ data: DigitsSplit) -> Double {
            crossEntropyAndAccuracy(network, theta, inputs: data.testInputs, labels: data.testLabels).accuracy
        }
        let pretrained = try fit(network, from: network.initialParameters(seed: seed), original, learningRate: 1e-2, epochs: size.pretrainingEpochs)
        pretrainedAccuracy = accuracy(pretrained, original)
        beforeAdaptingAccuracy = accuracy(pretrained, mirrored)
        var rows: [Row] = []
        for rank in [1, 2, 4, 8] {
            let lora = try LowRankAdaptation(base: network, parameters: pretrained, rank: rank, alpha: 2 * Double(rank))
            let adapters = try fit(lora.network, from: lora.initialParameters(seed: seed &+ 1), mirrored, learningRate: 1e-2,
                                   epochs: size.fineTuningEpochs)
            rows.append(Row(rank: rank, trainable: lora.trainableParameterCount, testAccuracy: accuracy(lora.mergedParameters(adapters), mirrored)))
        }
        let full = try fit(network, from: pretrained, mirrored, learningRate: 1e-2, epochs: size.fineTuningEpochs)
        rows.append(Row(rank: nil, trainable: network.parameterCount, testAccuracy: accuracy(full, mirrored)))
        self.rows = rows
        adapterWidth = (64 + size.adaptationHidden) + (size.adaptationHidden + 10)
    }
}

/// A training run inside the tour that did not finish its epochs.
enum TourComputationError: Error, CustomStringConvertible {
    case trainingFailed(String, Termination)

    var description: String {
        switch self {
        case let .trainingFailed(what, termination): return "\(what) stopped early: \(termination)"
        }
    }
}

extension RaceRun {
    /// Adam, K-FAC and Hessian-free from the same θ₀ on the same batches (same seed, so the same
    /// shuffled order): `train` with each method's `TrainingStep`.
    static func race(network: Sequential, from theta0: Tensor, data: DigitsSplit, size: NetworkTourSize, seed: UInt64) throws -> [RaceRun] {
        let options = TrainingOptions(epochs: size.raceEpochs, batchSize: size.raceBatch, seed: seed, showsProgress: false)
        let start = crossEntropyAndAccuracy(network, theta0, inputs: data.trainingInputs, labels: data.trainingLabels).loss
        func run(_ name: String, _ fit: () throws -> TrainingResult) throws -> RaceRun {
            let clock = ContinuousClock(), began = clock.now
            let result = try fit()
            let elapsed = clock.now - began
            guard result.termination == .epochLimit else { throw TourComputationError.trainingFailed(name, result.termination) }
            let training = crossEntropyAndAccuracy(network, result.parameters, inputs: data.trainingInputs, labels: data.trainingLabels)
            let test = crossEntropyAndAccuracy(network, result.parameters, inputs: data.testInputs, labels: data.testLabels)
            return RaceRun(name: name, epochLosses: [start] + result.history.map(\.loss), firstStepLoss: result.stepLosses[0],
                           trainingLoss: training.loss, testAccuracy: test.accuracy,
                           seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        func fit<Step: TrainingStep>(_ step: Step) throws -> TrainingResult {
            try train(network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels, from: theta0,
                      using: step, options: options)
        }
        return [
            try run("Adam") { try fit(GradientStep(adam(learningRate: 1e-2))) },
            try run("K-FAC") { try fit(kfac(learningRate: 0.1, configuration: KFACConfiguration(damping: 1e-2, seed: seed))) },
            try run("Hessian-free") {
                // Larger batches: the inner CG fits a quadratic model to the batch, and on 50 rows that
                // model overfits the batch (the loss goes up and down from epoch to epoch); Martens (2010)
                // uses large batches for the same reason. Same rows, same order, fewer steps per epoch.
                var larger = options
                larger.batchSize = size.hessianFreeBatch
                return try train(network, loss: .softmaxCrossEntropy, inputs: data.trainingInputs, targets: data.trainingLabels, from: theta0,
                                 using: HessianFreeStep(options: HessianFreeOptions(maxConjugateGradientIterations: size.hessianFreeIterations)),
                                 options: larger)
            },
        ]
    }
}
