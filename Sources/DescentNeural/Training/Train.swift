import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation

/// Trains `network` by mini-batch steps from `initialParameters`, with any `TrainingStep` (a
/// `GradientStep` around an optimizer, or a second-order method), recording a per-epoch history.
///
/// Each epoch visits the training rows (all but the validation rows) in a seeded random order (or
/// in order) in batches of `options.batchSize`; each step reports its batch loss before updating
/// θ. After the epoch the validation rows are scored with the new θ. Everything random — the
/// order and the dropout masks — comes from generators seeded by `options.seed`, so a run is
/// reproducible.
///
/// A non-finite batch loss or gradient stops training with `.nonFiniteValue`, the epoch in
/// `nonFiniteEpoch`, and the last finite θ. Early stopping (`options.patience`) monitors the
/// validation loss (or the training loss) and returns the best epoch's θ.
///
/// - Parameters:
///   - network: the architecture.
///   - loss: the batch loss ℓ(f(θ, X), Y).
///   - inputs: [n, features] rows.
///   - targets: class indices [n] for `.softmaxCrossEntropy`; [n] or [n, outputs] for `.meanSquaredError`.
///   - initialParameters: θ₀, of `network.parameterCount` elements.
///   - step: how θ is updated from a batch.
///   - options: epochs, batches, seed, validation and early stopping.
/// - Throws: `NeuralNetworkError` for inputs or targets that do not fit the network, labels outside
///   0..<outputs, fewer than two classes, or options out of range (each message one line).
public func train<Step: TrainingStep>(
    _ network: Sequential, loss: NetworkLoss, inputs: Tensor, targets: Tensor, from initialParameters: Tensor,
    using step: Step, options: TrainingOptions = TrainingOptions()
) throws -> TrainingResult {
    try options.validate()
    guard inputs.rank == 2, inputs.shape[1] == network.inputFeatures else {
        throw NeuralNetworkError.shapeMismatch("inputs of shape \(inputs.shape) do not fit a network of \(network.inputFeatures) input features")
    }
    let n = inputs.shape[0]
    guard n >= 1 else { throw NeuralNetworkError.shapeMismatch("no training rows") }
    guard initialParameters.shape == [network.parameterCount] else {
        throw NeuralNetworkError.shapeMismatch("initial parameters of shape \(initialParameters.shape) for \(network.parameterCount) parameters")
    }
    if let bad = inputs.scalars.firstIndex(where: { !$0.isFinite }) {
        throw NeuralNetworkError.shapeMismatch("input \(inputs.scalars[bad]) at row \(bad / inputs.shape[1]), column \(bad % inputs.shape[1]) is not finite")
    }
    try loss.validateTargets(targets, rows: n, outputFeatures: network.outputFeatures)
    let isClassification = loss == .softmaxCrossEntropy
    if isClassification {
        let classes = Set(targets.scalars).count
        guard classes >= 2 else { throw NeuralNetworkError.tooFewClasses(classes) }
    }
    let validationCount = Int((options.validationFraction * Double(n)).rounded(.up))
    let trainingCount = n - validationCount
    guard trainingCount >= 1 else {
        throw NeuralNetworkError.invalidOption("a validation fraction of \(options.validationFraction) leaves no training rows of \(n)")
    }
    let validation = validationCount > 0
        ? TrainingBatch(inputs: inputs.slice(rows: trainingCount..<n), targets: targets.slice(rows: trainingCount..<n)) : nil

    var order = SeededGenerator(seed: options.seed)
    var context = ForwardContext(isTraining: true, generator: SeededGenerator(seed: options.seed ^ 0x5DEE_CE66_D1CE_4E5B))
    var theta = initialParameters
    var state = step.initialize(theta, network: network, loss: loss)
    var history: [EpochRecord] = [], stepLosses: [Double] = []
    var best = (loss: Double.infinity, epoch: 0, parameters: theta)
    let progress = options.showsProgress ? TrainingProgress(epochs: options.epochs) : nil
    let batchesPerEpoch = (trainingCount + options.batchSize - 1) / options.batchSize

    for epoch in 1...options.epochs {
        let rows = options.shuffle ? order.permutation(trainingCount) : Array(0..<trainingCount)
        var (lossSum, correct) = (0.0, 0)
        for b in 0..<batchesPerEpoch {
            let picked = Array(rows[(b * options.batchSize)..<Swift.min((b + 1) * options.batchSize, trainingCount)])
            let batch = TrainingBatch(inputs: inputs.gatherRows(picked), targets: targets.gatherRows(picked))
            let previous = theta
            let measured = step.step(&theta, batch: batch, network: network, loss: loss, state: &state, context: &context)
            stepLosses.append(measured.loss)
            guard measured.loss.isFinite, theta.isFinite else {
                progress?.finish()
                return TrainingResult(parameters: previous, history: history, stepLosses: stepLosses, termination: .nonFiniteValue,
                                      iterations: epoch - 1, bestEpoch: epoch > 1 ? epoch - 1 : nil, nonFiniteEpoch: epoch)
            }
            lossSum += measured.loss * Double(picked.count)
            if isClassification { correct += correctPredictions(measured.outputs, batch.targets) }
            progress?.update(epoch: epoch, batch: b + 1, of: batchesPerEpoch, loss: measured.loss)
        }
        var record = EpochRecord(epoch: epoch, loss: lossSum / Double(trainingCount),
                                 accuracy: isClassification ? Double(correct) / Double(trainingCount) : nil,
                                 validationLoss: nil, validationAccuracy: nil)
        if let validation {
            let outputs = network.outputs(theta, validation.inputs)
            let validationLoss = loss(Variable(outputs), validation.targets).scalar
            record = EpochRecord(epoch: epoch, loss: record.loss, accuracy: record.accuracy, validationLoss: validationLoss,
                                 validationAccuracy: isClassification
                                     ? Double(correctPredictions(outputs, validation.targets)) / Double(validationCount) : nil)
        }
        history.append(record)
        let monitored = record.validationLoss ?? record.loss
        if monitored < best.loss { best = (monitored, epoch, theta) }
        if let patience = options.patience, epoch - best.epoch >= patience {
            progress?.finish()
            return TrainingResult(parameters: best.parameters, history: history, stepLosses: stepLosses, termination: .earlyStopped,
                                  iterations: epoch, bestEpoch: best.epoch, nonFiniteEpoch: nil)
        }
    }
    progress?.finish()
    return TrainingResult(parameters: theta, history: history, stepLosses: stepLosses, termination: .epochLimit,
                          iterations: options.epochs, bestEpoch: options.epochs, nonFiniteEpoch: nil)
}

/// `train` with a first-order optimizer: `GradientStep(optimizer)`.
public func train<Optimizer: GradientTransformation>(
    _ network: Sequential, loss: NetworkLoss, inputs: Tensor, targets: Tensor, from initialParameters: Tensor,
    optimizer: Optimizer, options: TrainingOptions = TrainingOptions()
) throws -> TrainingResult {
    try train(network, loss: loss, inputs: inputs, targets: targets, from: initialParameters,
              using: GradientStep(optimizer), options: options)
}
