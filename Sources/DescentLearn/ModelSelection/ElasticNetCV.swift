import DescentCore

/// The elastic net with α chosen by K-fold cross-validation, as scikit-learn's `ElasticNetCV`
/// (and `LassoCV` for ρ = 1): the α grid is computed once on all the data; for each fold the path
/// is fitted on the training rows (centred on their own means) and scored on the test rows by the
/// mean squared error; the chosen α minimizes the MSE averaged over the folds (the first on ties),
/// and the model is refitted on all rows with it.
public struct ElasticNetCV: Sendable {
    /// The model whose α is chosen (its `alpha` is ignored).
    public var model: ElasticNet
    /// The α grid (default 100 values down to 10⁻³·α_max).
    public var alphas: AlphaGrid
    /// The folds (default 5 consecutive folds, scikit-learn's `cv=None`).
    public var folds: Folds

    /// Cross-validation of an elastic net's α.
    public init(model: ElasticNet = ElasticNet(), alphas: AlphaGrid = .standard, folds: Folds = .kFold(5)) {
        self.model = model
        self.alphas = alphas
        self.folds = folds
    }

    /// Runs the cross-validation and the final fit.
    /// - Throws: `LinearModelError` for bad data or parameters, `ModelSelectionError` for bad folds
    ///   (e.g. fewer rows than folds).
    /// - Complexity: (k + 1) paths of the grid.
    public func fit(_ x: Tensor, _ y: Tensor, columnNames: [String]? = nil) throws -> CrossValidatedLinearModel {
        try model.validateParameters(checkAlpha: false)
        let full = try model.prepare(x, y, sampleWeights: nil, columnNames: columnNames)
        let grid = try full.alphas(alphas, l1Ratio: model.l1Ratio)
        let testFolds = try folds.testRows(forRowCount: x.shape[0])
        var errors = Tensor.zeros([grid.count, testFolds.count])
        for (f, test) in testFolds.enumerated() {
            var isTest = [Bool](repeating: false, count: x.shape[0])
            for i in test { isTest[i] = true }
            let train = (0..<x.shape[0]).filter { !isTest[$0] }
            guard !train.isEmpty else { throw ModelSelectionError.invalidFolds(reason: "fold \(f) leaves no training rows") }
            let (xTrain, yTrain) = (x.gatherRows(train), Tensor(train.map { y.scalars[$0] }))
            let (xTest, yTest) = (x.gatherRows(test), Tensor(test.map { y.scalars[$0] }))
            let path = try model.path(xTrain, yTrain, alphas: .values(grid))
            for (k, fitted) in path.models.enumerated() {
                errors.scalars[k * testFolds.count + f] = try meanSquaredError(yTest, fitted.predict(xTest))
            }
        }
        let means = errors.mean(alongAxis: 1).scalars
        var best = 0
        for k in 1..<means.count where means[k] < means[best] { best = k }
        var final = model
        final.alpha = grid[best]
        // The data prepared for the grid (centred on all rows) serve the final fit too.
        let fitted = try final.fit(full, columnNames: columnNames, initialCoefficients: nil)
        return CrossValidatedLinearModel(alphas: grid, foldMeanSquaredErrors: errors, bestIndex: best, model: fitted)
    }
}
