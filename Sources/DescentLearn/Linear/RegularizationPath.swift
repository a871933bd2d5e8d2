import DescentCore

/// A regularization path: one fitted model per α, in decreasing α (warm-started one from the next).
public struct RegularizationPath: Sendable {
    /// The fits, in the order of `alphas`.
    public let models: [FittedLinearModel]

    /// Creates a path from its fits.
    public init(models: [FittedLinearModel]) { self.models = models }

    /// The penalties, decreasing.
    public var alphas: [Double] { models.map(\.alpha) }

    /// The coefficients as an `[α count, d]` matrix, row k for `alphas[k]` (the transpose of
    /// scikit-learn's `coefs` of shape (d, α count)).
    public var coefficients: Tensor {
        Tensor.stack(models.map(\.coefficients))
    }

    /// The intercepts, one per α.
    public var intercepts: [Double] { models.map(\.intercept) }

    /// The duality gaps reached (scikit-learn's `dual_gaps`, divided by n).
    public var dualityGaps: [Double] { models.map { $0.dualityGap ?? .nan } }

    /// Epochs per α (scikit-learn's `n_iters` with `return_n_iter=True`).
    public var iterations: [Int] { models.map(\.iterations) }

    /// Whether every fit met its tolerance.
    public var isConverged: Bool { models.allSatisfy(\.isConverged) }
}
