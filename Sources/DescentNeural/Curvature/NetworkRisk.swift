import DescentAutodiff
import DescentCore
import DescentOptimize

/// The loss of a network over a data set as a function of its flat parameters θ: the empirical
/// risk L(θ) = Σ_b (N_b/N)·ℓ(f(θ, X_b), Y_b) over batches b of N_b examples (N in all), with ℓ a
/// batch mean (`NetworkLoss`, PyTorch's `reduction="mean"`). So L is the mean loss over the whole
/// data set whatever the batching, as in curvlinops, and the curvature operators built on it
/// (`NetworkCurvature`) are those of the whole data set: sums of per-batch operators with the
/// same weights N_b/N.
///
/// The network is any function f(θ, X) of the flat parameters and a batch of inputs (rows are
/// examples), such as `Sequential.outputs`; evaluation is in inference mode (no dropout).
public struct NetworkRisk: Sendable {
    /// One batch of examples: inputs [N_b, features] and targets (class indices [N_b] for
    /// cross-entropy; [N_b, outputs] or [N_b] for squared error).
    public struct Batch: Sendable {
        /// The inputs, one example per row.
        public let inputs: Tensor
        /// The targets of the rows.
        public let targets: Tensor

        /// A batch from its inputs and targets.
        public init(inputs: Tensor, targets: Tensor) {
            self.inputs = inputs
            self.targets = targets
        }

        /// N_b, the number of examples.
        public var count: Int { inputs.shape[0] }
    }

    /// f(θ, X): the network's outputs [N_b, k] for a batch, differentiable in θ.
    public let outputs: @Sendable (Variable, Variable) -> Variable
    /// The number of parameters, the length of θ.
    public let parameterCount: Int
    /// The per-batch loss ℓ (a mean over the batch).
    public let loss: NetworkLoss
    /// The batches, in order.
    public let batches: [Batch]
    /// N, the number of examples over all batches.
    public let exampleCount: Int

    /// The risk of a network given as a function of θ.
    /// - Parameters:
    ///   - outputs: f(θ, X), giving [N_b, k] outputs for [N_b, features] inputs.
    ///   - parameterCount: the length of θ.
    ///   - loss: the per-batch loss.
    ///   - batches: at least one batch, each with at least one example, whose targets fit the
    ///     outputs (`NetworkLoss.validateTargets`; the `Sequential` initializer checks them, this
    ///     one cannot without θ, and a mismatch traps in the loss as programmer misuse).
    /// - Throws: `NeuralNetworkError.shapeMismatch` for no batches, an empty batch, or inputs that
    ///   are not a matrix; `.invalidOption` for parameterCount < 1.
    public init(outputs: @escaping @Sendable (Variable, Variable) -> Variable, parameterCount: Int,
                loss: NetworkLoss, batches: [Batch]) throws {
        guard parameterCount >= 1 else { throw NeuralNetworkError.invalidOption("a network risk needs at least 1 parameter, got \(parameterCount)") }
        guard !batches.isEmpty else { throw NeuralNetworkError.shapeMismatch("a network risk needs at least one batch of examples") }
        for (b, batch) in batches.enumerated() {
            guard batch.inputs.rank == 2, batch.inputs.shape[0] >= 1 else {
                throw NeuralNetworkError.shapeMismatch("batch \(b): inputs of shape \(batch.inputs.shape) are not a non-empty [examples, features] matrix")
            }
        }
        self.outputs = outputs
        self.parameterCount = parameterCount
        self.loss = loss
        self.batches = batches
        exampleCount = batches.reduce(0) { $0 + $1.count }
    }

    /// The risk of a `Sequential` network on a data set, cut into consecutive batches of
    /// `batchSize` rows (the last may be shorter; `nil` for one batch of all rows).
    /// - Throws: `NeuralNetworkError` when the inputs do not have the network's input features, the
    ///   targets do not fit the outputs (`NetworkLoss.validateTargets`), there are no rows, or
    ///   `batchSize` < 1.
    public init(network: Sequential, loss: NetworkLoss, inputs: Tensor, targets: Tensor, batchSize: Int? = nil) throws {
        guard inputs.rank == 2, inputs.shape[1] == network.inputFeatures else {
            throw NeuralNetworkError.shapeMismatch("inputs of shape \(inputs.shape) do not have the network's \(network.inputFeatures) features")
        }
        let n = inputs.shape[0]
        guard n >= 1 else { throw NeuralNetworkError.shapeMismatch("a network risk needs at least one example, got 0 rows") }
        try loss.validateTargets(targets, rows: n, outputFeatures: network.outputFeatures)
        let size = batchSize ?? n
        guard size >= 1 else { throw NeuralNetworkError.invalidOption("batch size must be at least 1, got \(size)") }
        var batches: [Batch] = []
        var start = 0
        while start < n {
            let end = Swift.min(n, start + size)
            batches.append(Batch(inputs: inputs.slice(rows: start..<end), targets: targets.slice(rows: start..<end)))
            start = end
        }
        try self.init(outputs: { theta, x in
            var context = ForwardContext.inference
            return network.outputs(theta, x, context: &context)
        }, parameterCount: network.parameterCount, loss: loss, batches: batches)
    }

    /// N_b/N, the weight of batch b in the risk.
    func weight(_ b: Int) -> Double { Double(batches[b].count) / Double(exampleCount) }

    /// (N_b/N)·ℓ(f(θ, X_b), Y_b) as a differentiable function of θ.
    func weightedBatchLoss(_ b: Int, _ theta: Variable) -> Variable {
        loss(outputs(theta, Variable(batches[b].inputs)), batches[b].targets) * weight(b)
    }

    /// L(θ) = Σ_b (N_b/N)·ℓ_b(θ).
    public func value(at theta: Tensor) -> Double {
        precondition(theta.count == parameterCount, "NetworkRisk.value: θ has \(theta.count) elements for \(parameterCount) parameters")
        let point = Variable(theta.flattened)
        return batches.indices.reduce(0) { $0 + weightedBatchLoss($1, point).value.scalars[0] }
    }

    /// L(θ) and ∇L(θ) (one forward and one reverse sweep per batch).
    public func valueAndGradient(at theta: Tensor) -> (value: Double, gradient: Tensor) {
        precondition(theta.count == parameterCount, "NetworkRisk.valueAndGradient: θ has \(theta.count) elements for \(parameterCount) parameters")
        var total = 0.0
        var gradient = Tensor.zeros([parameterCount])
        for b in batches.indices {
            let point = Variable(tracking: theta.flattened)
            let value = weightedBatchLoss(b, point)
            total += value.value.scalars[0]
            gradient.addScaled(value.gradients(withRespectTo: [point])[0].value, by: 1)
        }
        return (total, gradient)
    }

    /// L as an `Objective` for `minimize` (value and gradient as above).
    public var objective: Objective {
        Objective(valueAndGradient: { theta in self.valueAndGradient(at: theta) }, value: { theta in self.value(at: theta) })
    }
}
