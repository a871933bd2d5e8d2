import DescentAutodiff
import DescentCore

/// The loss of a batch ℓ(outputs, targets), averaged over the batch as PyTorch's `reduction="mean"`.
public enum NetworkLoss: Sendable, Hashable {
    /// (1/N) Σᵢⱼ (fᵢⱼ − yᵢⱼ)² over all N = n·k elements of the [n, k] outputs (PyTorch's `MSELoss`,
    /// no factor ½). Targets are [n, k], or [n] when k = 1.
    case meanSquaredError
    /// −(1/n) Σᵢ log softmax(fᵢ)_{yᵢ} over the n rows of [n, k] logits (PyTorch's `CrossEntropyLoss`);
    /// targets are class indices 0..<k as a [n] tensor of Doubles.
    case softmaxCrossEntropy

    /// The snake-case name ("mean_squared_error", "softmax_cross_entropy"), as in saved weights and JSON.
    public var name: String {
        switch self {
        case .meanSquaredError: "mean_squared_error"
        case .softmaxCrossEntropy: "softmax_cross_entropy"
        }
    }

    /// ℓ(outputs, targets) as a differentiable scalar.
    /// - Precondition: the targets fit the outputs (use `validateTargets` on user data first).
    public func callAsFunction(_ outputs: Variable, _ targets: Tensor) -> Variable {
        switch self {
        case .meanSquaredError:
            let t = targets.rank == 1 && outputs.rank == 2 ? targets.reshaped([targets.count, 1]) : targets
            return DescentAutodiff.meanSquaredError(predictions: outputs, targets: t)
        case .softmaxCrossEntropy:
            precondition(outputs.rank == 2 && targets.count == outputs.shape[0],
                         "NetworkLoss.softmaxCrossEntropy: \(targets.count) labels for outputs \(outputs.shape)")
            return DescentAutodiff.softmaxCrossEntropy(logits: outputs, labels: Self.oneHot(targets, classes: outputs.shape[1]))
        }
    }

    /// Checks that `targets` fit outputs of `outputFeatures` columns: n rows (or [n] for one
    /// output) for regression; integer labels in 0..<outputFeatures for classification.
    /// - Throws: `NeuralNetworkError.invalidLabel` or `.shapeMismatch` naming the row or shapes.
    public func validateTargets(_ targets: Tensor, rows: Int, outputFeatures: Int) throws {
        switch self {
        case .meanSquaredError:
            let ok = targets.shape == [rows, outputFeatures] || (outputFeatures == 1 && targets.shape == [rows])
            guard ok else {
                throw NeuralNetworkError.shapeMismatch("targets of shape \(targets.shape) do not fit \(rows) rows of \(outputFeatures) outputs")
            }
            if let bad = targets.scalars.firstIndex(where: { !$0.isFinite }) {
                throw NeuralNetworkError.shapeMismatch("target \(targets.scalars[bad]) at element \(bad) is not finite")
            }
        case .softmaxCrossEntropy:
            guard targets.shape == [rows] else {
                throw NeuralNetworkError.shapeMismatch("class labels of shape \(targets.shape) do not fit \(rows) rows")
            }
            for (i, y) in targets.scalars.enumerated() where !(y >= 0 && y < Double(outputFeatures) && y == y.rounded()) {
                throw NeuralNetworkError.invalidLabel(index: i, value: y, classes: outputFeatures)
            }
        }
    }

    /// Rows of the identity picked by the labels: an [n, k] one-hot matrix.
    static func oneHot(_ labels: Tensor, classes k: Int) -> Tensor {
        Tensor(shape: [labels.count, k], unsafeUninitialized: { out in
            out.initialize(repeating: 0)
            for (i, y) in labels.scalars.enumerated() { out[i * k + Int(y)] = 1 }
        })
    }
}
