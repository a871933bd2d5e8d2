import DescentCore
import Foundation

// Classification metrics with scikit-learn's definitions (sklearn.metrics): accuracy_score,
// log_loss, roc_auc_score (binary) and confusion_matrix. Labels are class values stored as
// Doubles, as the classifiers return them.

/// Checks that y and the predictions are vectors of one length, both finite, and the optional
/// weights are a finite, non-negative vector of that length; returns the weights (1 by default).
private func checkedWeights(_ y: Tensor, _ other: Tensor, _ otherName: String, _ sampleWeights: Tensor?) throws -> [Double] {
    guard y.rank == 1 && other.shape.first == y.count && (other.rank == 1 || other.rank == 2) else {
        throw ClassificationError.shapeMismatch(first: "y", firstShape: y.shape, second: otherName, secondShape: other.shape)
    }
    guard y.count > 0 else { throw ClassificationError.noSamples }
    if let i = y.scalars.firstIndex(where: { !$0.isFinite }) {
        throw ClassificationError.nonFinite(input: "y", row: i, column: nil, value: y.scalars[i])
    }
    if let flat = other.scalars.firstIndex(where: { !$0.isFinite }) {
        let width = other.rank == 2 ? other.columns : 1
        throw ClassificationError.nonFinite(input: otherName, row: flat / width, column: other.rank == 2 ? flat % width : nil,
                                            value: other.scalars[flat])
    }
    guard let s = sampleWeights else { return [Double](repeating: 1, count: y.count) }
    guard s.rank == 1 && s.count == y.count else {
        throw ClassificationError.shapeMismatch(first: "y", firstShape: y.shape, second: "sample weights", secondShape: s.shape)
    }
    for (i, v) in s.scalars.enumerated() {
        guard v.isFinite else { throw ClassificationError.nonFinite(input: "sample weights", row: i, column: nil, value: v) }
        guard v >= 0 else { throw ClassificationError.invalidSampleWeight(value: v, row: i) }
    }
    return s.scalars
}

/// Accuracy Σ sᵢ [ŷᵢ = yᵢ] / Σ sᵢ (the fraction of correct predictions without weights).
/// - Throws: `ClassificationError` for mismatched shapes (both named), non-finite values or bad weights.
/// - Reference: scikit-learn `accuracy_score`.
public func accuracy(_ y: Tensor, _ predicted: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedWeights(y, predicted, "predictions", sampleWeights)
    guard predicted.rank == 1 else {
        throw ClassificationError.shapeMismatch(first: "y", firstShape: y.shape, second: "predictions", secondShape: predicted.shape)
    }
    var right = 0.0, total = 0.0
    for i in 0..<y.count {
        total += s[i]
        if y.scalars[i] == predicted.scalars[i] { right += s[i] }
    }
    guard total > 0 else { throw ClassificationError.invalidSampleWeight(value: total, row: -1) }
    return right / total
}

/// Log-loss (cross-entropy) −Σᵢ sᵢ Σ_k [yᵢ = c_k] log pᵢₖ / Σ sᵢ with scikit-learn's clipping:
/// every probability is clipped to [ε, 1 − ε], ε = 2⁻⁵² (machine epsilon), so a confident
/// mistake costs −log ε ≈ 36.04 instead of ∞.
///
/// `probabilities` is either a vector of P(class 1) for binary labels (then the columns are
/// [1 − p, p]) or an n × k matrix whose columns follow the sorted distinct labels of `y`
/// (`classes` overrides them, as scikit-learn's `labels`).
/// - Throws: `ClassificationError` for mismatched shapes, a probability outside [0, 1] (value and
///   row), a label outside `classes`, non-finite values or bad weights.
/// - Reference: scikit-learn `log_loss`.
public func logLoss(_ y: Tensor, _ probabilities: Tensor, classes: [Double]? = nil, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedWeights(y, probabilities, "probabilities", sampleWeights)
    if let flat = probabilities.scalars.firstIndex(where: { $0 < 0 || $0 > 1 }) {
        throw ClassificationError.probabilityOutOfRange(value: probabilities.scalars[flat],
                                                        row: flat / (probabilities.rank == 2 ? probabilities.columns : 1))
    }
    let labels = classes ?? Array(Set(y.scalars)).sorted()
    let k = probabilities.rank == 1 ? 2 : probabilities.columns
    // A single observed class with a probability vector still means two columns (scikit-learn
    // then needs `labels`); with the classes given, their count must match the columns.
    guard labels.count == k || (probabilities.rank == 1 && labels.count == 1 && classes == nil) else {
        throw ClassificationError.shapeMismatch(first: "classes", firstShape: [labels.count], second: "probabilities", secondShape: probabilities.shape)
    }
    var index: [Double: Int] = [:]
    for (c, label) in labels.enumerated() { index[label] = c }
    let eps = Double.ulpOfOne
    var total = 0.0, weight = 0.0
    for i in 0..<y.count {
        guard let c = index[y.scalars[i]] else {
            throw ClassificationError.labelNotInClasses(value: y.scalars[i], row: i, classes: labels)
        }
        let p: Double
        if probabilities.rank == 1 {
            let positive = probabilities.scalars[i]
            // With one observed class and no `classes`, that class is column 1 when it is 1, else column 0.
            let column = labels.count == 1 ? (labels[0] == 1 ? 1 : 0) : c
            p = column == 1 ? positive : 1 - positive
        } else {
            p = probabilities.scalars[i * k + c]
        }
        total -= s[i] * Foundation.log(Swift.min(Swift.max(p, eps), 1 - eps))
        weight += s[i]
    }
    guard weight > 0 else { throw ClassificationError.invalidSampleWeight(value: weight, row: -1) }
    return total / weight
}

/// The area under the ROC curve for binary labels (the larger label is positive) and scores
/// (any monotone score: probabilities or decision values). Rows are sorted by score, the
/// (false-positive, true-positive) rates are taken at each distinct score — so tied scores move
/// both rates at once, a diagonal segment worth half — and the curve is integrated by the
/// trapezoidal rule, as scikit-learn's `roc_curve` + `auc` do.
/// - Throws: `ClassificationError` for mismatched shapes, non-finite values, bad weights, more
///   than two label values, or a single class (the area is undefined).
/// - Reference: T. Fawcett, "An introduction to ROC analysis", Pattern Recognit. Lett. 27, 2006;
///   scikit-learn `roc_auc_score`.
public func rocAUC(_ y: Tensor, _ scores: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
    let s = try checkedWeights(y, scores, "scores", sampleWeights)
    guard scores.rank == 1 else {
        throw ClassificationError.shapeMismatch(first: "y", firstShape: y.shape, second: "scores", secondShape: scores.shape)
    }
    let labels = Array(Set(y.scalars)).sorted()
    guard labels.count == 2 else {
        if labels.count < 2 { throw ClassificationError.singleClass(label: labels[0]) }
        let i = y.scalars.firstIndex { $0 != labels[0] && $0 != labels[labels.count - 1] } ?? 0
        throw ClassificationError.labelNotBinary(value: y.scalars[i], row: i)
    }
    let positive = labels[1]
    let order = (0..<y.count).sorted { scores.scalars[$0] > scores.scalars[$1] }
    var tps = 0.0, fps = 0.0
    var points: [(fp: Double, tp: Double)] = [(0, 0)]
    for (position, i) in order.enumerated() {
        if y.scalars[i] == positive { tps += s[i] } else { fps += s[i] }
        let last = position == order.count - 1
        if last || scores.scalars[order[position + 1]] != scores.scalars[i] { points.append((fps, tps)) }
    }
    guard tps > 0 && fps > 0 else { throw ClassificationError.singleClass(label: tps > 0 ? positive : labels[0]) }
    var area = 0.0
    for k in 1..<points.count {
        let (x0, y0) = (points[k - 1].fp / fps, points[k - 1].tp / tps)
        let (x1, y1) = (points[k].fp / fps, points[k].tp / tps)
        area += (x1 - x0) * (y0 + y1) / 2
    }
    return area
}

/// The confusion matrix C (k × k) with C[i][j] = Σ sₘ over rows whose true label is the i-th
/// class and whose predicted label is the j-th, classes being `classes` or the sorted union of
/// the labels in y and the predictions (scikit-learn's `confusion_matrix`).
/// - Throws: `ClassificationError` for mismatched shapes, non-finite values or bad weights.
public func confusionMatrix(_ y: Tensor, _ predicted: Tensor, classes: [Double]? = nil,
                            sampleWeights: Tensor? = nil) throws -> Tensor {
    let s = try checkedWeights(y, predicted, "predictions", sampleWeights)
    guard predicted.rank == 1 else {
        throw ClassificationError.shapeMismatch(first: "y", firstShape: y.shape, second: "predictions", secondShape: predicted.shape)
    }
    let labels = classes ?? Array(Set(y.scalars).union(predicted.scalars)).sorted()
    var index: [Double: Int] = [:]
    for (c, label) in labels.enumerated() { index[label] = c }
    let k = labels.count
    var counts = [Double](repeating: 0, count: k * k)
    for i in 0..<y.count {
        // Rows whose labels are not among `classes` are left out, as scikit-learn does.
        guard let a = index[y.scalars[i]], let b = index[predicted.scalars[i]] else { continue }
        counts[a * k + b] += s[i]
    }
    return Tensor(shape: [k, k], scalars: counts)
}
