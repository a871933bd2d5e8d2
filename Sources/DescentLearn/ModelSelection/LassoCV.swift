import DescentCore

/// The lasso with α chosen by cross-validation (scikit-learn's `LassoCV`); see `ElasticNetCV`.
public struct LassoCV: Sendable {
    /// The model whose α is chosen (its `alpha` is ignored).
    public var model: Lasso
    /// The α grid.
    public var alphas: AlphaGrid
    /// The folds.
    public var folds: Folds

    /// Cross-validation of a lasso's α.
    public init(model: Lasso = Lasso(), alphas: AlphaGrid = .standard, folds: Folds = .kFold(5)) {
        self.model = model
        self.alphas = alphas
        self.folds = folds
    }

    /// Runs the cross-validation and the final fit (see `ElasticNetCV.fit`).
    public func fit(_ x: Tensor, _ y: Tensor, columnNames: [String]? = nil) throws -> CrossValidatedLinearModel {
        try ElasticNetCV(model: model.elasticNet, alphas: alphas, folds: folds).fit(x, y, columnNames: columnNames)
    }
}
