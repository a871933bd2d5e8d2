import DescentCore

/// The outcome of a cross-validation over α: the scores and the model refitted with the best α.
public struct CrossValidatedLinearModel: Sendable {
    /// The α grid, decreasing (scikit-learn's `alphas_`).
    public let alphas: [Double]
    /// The test MSE of each α (row) on each fold (column): scikit-learn's `mse_path_`.
    public let foldMeanSquaredErrors: Tensor
    /// The index of the chosen α in `alphas`.
    public let bestIndex: Int
    /// The model refitted on all rows with the chosen α.
    public let model: FittedLinearModel

    /// The chosen α (scikit-learn's `alpha_`).
    public var bestAlpha: Double { alphas[bestIndex] }

    /// The MSE averaged over the folds, one per α.
    public var meanSquaredErrors: [Double] { foldMeanSquaredErrors.mean(alongAxis: 1).scalars }
}
