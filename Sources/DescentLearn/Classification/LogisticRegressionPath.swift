import DescentCore
import Foundation

/// A regularization path: one fitted model per C, in increasing C, each started from the previous
/// answer (warm start), so the whole path costs little more than its last fit.
public struct LogisticRegressionPath: Sendable {
    /// The C values, increasing.
    public let cValues: [Double]
    /// The fitted model at each C.
    public let models: [FittedLogisticRegression]

    /// The coefficients as a matrix, one row per C (|C| × d).
    public var coefficientMatrix: Tensor {
        Tensor.verticallyStacked(models.map { $0.coefficients.reshaped([1, $0.coefficients.count]) })
    }

    /// The number of non-zero coefficients at each C.
    public var nonZeroCounts: [Int] { models.map { m in m.coefficients.scalars.filter { $0 != 0 }.count } }
}

extension LogisticRegression {
    /// The smallest C at which an L1-penalized model has a non-zero coefficient: for C ≤ C_min the
    /// solution is w = 0. With the unpenalized intercept, w = 0 is optimal exactly when
    /// C ‖Xᵀ(s ∘ (y − ȳ))‖∞ ≤ 1 (ȳ the weighted mean label, where the intercept settles), so
    ///
    ///     C_min = 1 / maxⱼ |Σᵢ sᵢ (yᵢ − ȳ) x_ij|,
    ///
    /// and without an intercept (b = 0, σ(0) = ½) C_min = 1 / maxⱼ |Σᵢ sᵢ (yᵢ − ½) x_ij|, which is
    /// scikit-learn's `l1_min_c(X, y, loss="log", fit_intercept=False)`. (scikit-learn's version
    /// with an intercept follows liblinear, which penalizes the intercept as an extra column; this
    /// one is exact for the model `LogisticRegression` fits.)
    /// - Throws: `ClassificationError` for bad data; `.invalidParameter` when every column is
    ///   orthogonal to the centred labels (no C makes a coefficient non-zero).
    public static func l1MinC(_ x: Tensor, _ y: Tensor, fitIntercept: Bool = true, sampleWeights: Tensor? = nil) throws -> Double {
        guard x.rank == 2 else {
            throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "y", secondShape: y.shape)
        }
        return try l1MinC(.dense(x), y, fitIntercept: fitIntercept, sampleWeights: sampleWeights)
    }

    /// `l1MinC` for sparse data.
    public static func l1MinC(_ x: SparseMatrix, _ y: Tensor, fitIntercept: Bool = true, sampleWeights: Tensor? = nil) throws -> Double {
        try l1MinC(.sparse(x), y, fitIntercept: fitIntercept, sampleWeights: sampleWeights)
    }

    static func l1MinC(_ x: DesignMatrix, _ y: Tensor, fitIntercept: Bool, sampleWeights: Tensor?) throws -> Double {
        let data = try ClassificationData(x: x, labels: y, sampleWeights: sampleWeights, columnNames: nil)
        let labels = try data.binaryLabels()
        var center = 0.5
        if fitIntercept {
            center = 0
            for i in labels.indices { center += data.weights[i] * labels[i] }
        }
        // Σ sᵢ(yᵢ − ȳ)xᵢ = S Σ ωᵢ(yᵢ − ȳ)xᵢ.
        let r = Tensor(shape: [labels.count]) { i in data.totalWeight * data.weights[i] * (labels[i] - center) }
        let largest = x.transposeTimes(r).norm(.infinity)
        guard largest > 0 else {
            throw ClassificationError.invalidParameter(name: "max |Xᵀ(y − ȳ)|", value: largest, requirement: "positive (some column must correlate with the labels)")
        }
        return 1 / largest
    }

    /// `count` C values spaced evenly in log scale from C_min (`l1MinC`) to `span` × C_min, the
    /// usual grid of an L1 path (scikit-learn's example uses `l1_min_c(...) * np.logspace(0, k, n)`).
    public static func l1CGrid(_ x: Tensor, _ y: Tensor, count: Int = 20, span: Double = 1e3,
                               fitIntercept: Bool = true, sampleWeights: Tensor? = nil) throws -> [Double] {
        let cMin = try l1MinC(x, y, fitIntercept: fitIntercept, sampleWeights: sampleWeights)
        return geometricGrid(from: cMin, span: span, count: count)
    }

    static func geometricGrid(from start: Double, span: Double, count: Int) -> [Double] {
        precondition(count >= 1 && span >= 1, "l1CGrid: count must be ≥ 1 and span ≥ 1, got \(count) and \(span)")
        guard count > 1 else { return [start] }
        return (0..<count).map { k in start * Foundation.pow(span, Double(k) / Double(count - 1)) }
    }

    /// Fits this configuration at every C of `cValues` (sorted increasing, `c` ignored), each fit
    /// warm-started from the previous answer: the regularization path.
    /// - Throws: as `fit`, plus `.invalidParameter` for an empty or non-positive C.
    public func fitPath(_ x: Tensor, _ y: Tensor, cValues: [Double], sampleWeights: Tensor? = nil,
                        columnNames: [String]? = nil) throws -> LogisticRegressionPath {
        guard x.rank == 2 else {
            throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "y", secondShape: y.shape)
        }
        return try fitPath(.dense(x), y, cValues: cValues, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    /// The regularization path for sparse data.
    public func fitPath(_ x: SparseMatrix, _ y: Tensor, cValues: [Double], sampleWeights: Tensor? = nil,
                        columnNames: [String]? = nil) throws -> LogisticRegressionPath {
        try fitPath(.sparse(x), y, cValues: cValues, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    func fitPath(_ x: DesignMatrix, _ y: Tensor, cValues: [Double], sampleWeights: Tensor?,
                 columnNames: [String]?) throws -> LogisticRegressionPath {
        guard !cValues.isEmpty else { throw ClassificationError.invalidParameter(name: "number of C values", value: 0, requirement: "at least 1") }
        let sorted = cValues.sorted()
        let data = try ClassificationData(x: x, labels: y, sampleWeights: sampleWeights, columnNames: columnNames)
        let labels = try data.binaryLabels()
        // The column layout for coordinate descent is made once for the whole path.
        let columns = resolvedSolver == .proximalNewton ? x.columnMajor() : nil
        var models: [FittedLogisticRegression] = []
        var start: (w: Tensor, b: Double)? = nil
        for value in sorted {
            var configuration = self
            configuration.c = value
            try configuration.validateSettings()
            let model = try configuration.fit(data, labels: labels, columnNames: columnNames, start: start, columns: columns)
            start = (model.coefficients, model.intercept)
            models.append(model)
        }
        return LogisticRegressionPath(cValues: sorted, models: models)
    }
}
