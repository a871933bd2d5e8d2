import DescentCore

// Regression metrics with scikit-learn's definitions (sklearn.metrics), optionally weighted.

/// Validates two equally long finite vectors (and optional weights) and returns the weights (all 1 if none).
private func checkedPair(_ truth: Tensor, _ predicted: Tensor, _ weights: Tensor?) throws -> [Double] {
    guard truth.rank == 1 && predicted.shape == truth.shape else { throw RegressionMetricsError.shapeMismatch(shapes: [truth.shape, predicted.shape]) }
    guard truth.count > 0 else { throw RegressionMetricsError.empty }
    for (name, t) in [("y_true", truth), ("y_pred", predicted)] + (weights.map { [("sample_weight", $0)] } ?? []) {
        if let i = t.scalars.firstIndex(where: { !$0.isFinite }) { throw RegressionMetricsError.nonFinite(which: name, index: i, value: t.scalars[i]) }
    }
    guard let weights else { return [Double](repeating: 1, count: truth.count) }
    guard weights.shape == truth.shape else { throw RegressionMetricsError.shapeMismatch(shapes: [truth.shape, weights.shape]) }
    return weights.scalars
}

/// Mean squared error Σᵢ sᵢ(yᵢ − ŷᵢ)² / Σᵢ sᵢ (sᵢ = 1 without weights), as `mean_squared_error`.
public func meanSquaredError(_ truth: Tensor, _ predicted: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedPair(truth, predicted, sampleWeights)
    var total = 0.0, weight = 0.0
    for i in 0..<s.count {
        let e = truth.scalars[i] - predicted.scalars[i]
        total += s[i] * e * e
        weight += s[i]
    }
    return total / weight
}

/// Mean absolute error Σᵢ sᵢ|yᵢ − ŷᵢ| / Σᵢ sᵢ, as `mean_absolute_error`.
public func meanAbsoluteError(_ truth: Tensor, _ predicted: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedPair(truth, predicted, sampleWeights)
    var total = 0.0, weight = 0.0
    for i in 0..<s.count {
        total += s[i] * Swift.abs(truth.scalars[i] - predicted.scalars[i])
        weight += s[i]
    }
    return total / weight
}

/// The coefficient of determination R² = 1 − Σᵢ sᵢ(yᵢ − ŷᵢ)² / Σᵢ sᵢ(yᵢ − ȳ)², ȳ the weighted mean,
/// as `r2_score`: 1 for a perfect fit, 0 for predicting ȳ, negative for worse. When y is constant
/// the ratio is 0/0; scikit-learn then returns 1 for a perfect prediction and 0 otherwise, and so does this.
public func r2Score(_ truth: Tensor, _ predicted: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedPair(truth, predicted, sampleWeights)
    var weight = 0.0, mean = 0.0
    for i in 0..<s.count { weight += s[i]; mean += s[i] * truth.scalars[i] }
    mean /= weight
    var residual = 0.0, total = 0.0
    for i in 0..<s.count {
        let e = truth.scalars[i] - predicted.scalars[i], t = truth.scalars[i] - mean
        residual += s[i] * e * e
        total += s[i] * t * t
    }
    if total == 0 { return residual == 0 ? 1 : 0 }
    return 1 - residual / total
}
