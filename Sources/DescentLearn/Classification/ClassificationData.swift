import DescentCore

/// Checked training data of a classifier: X, the labels as given, and the sample weights
/// normalized to ωᵢ = sᵢ/S (S = Σ sᵢ), so that the solvers see a weighted mean loss.
struct ClassificationData: Sendable {
    let x: DesignMatrix
    let labels: [Double]
    /// ωᵢ = sᵢ / S, summing to 1.
    let weights: [Double]
    /// S = Σ sᵢ (n when no weights were given).
    let totalWeight: Double

    /// - Throws: `ClassificationError` for no rows, mismatched shapes, non-finite values, negative
    ///   weights or weights summing to 0, or a name count that differs from the column count.
    init(x: DesignMatrix, labels y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws {
        let n = x.rows
        guard y.rank == 1 && y.count == n else {
            throw ClassificationError.shapeMismatch(first: "x", firstShape: x.shape, second: "y", secondShape: y.shape)
        }
        guard n > 0 else { throw ClassificationError.noSamples }
        if let bad = x.firstNonFinite() {
            throw ClassificationError.nonFinite(input: "x", row: bad.row, column: bad.column, value: bad.value)
        }
        if let i = y.scalars.firstIndex(where: { !$0.isFinite }) {
            throw ClassificationError.nonFinite(input: "y", row: i, column: nil, value: y.scalars[i])
        }
        if let names = columnNames, names.count != x.columns {
            throw ClassificationError.shapeMismatch(first: "x", firstShape: x.shape, second: "columnNames", secondShape: [names.count])
        }
        var weights = [Double](repeating: 1, count: n)
        if let s = sampleWeights {
            guard s.rank == 1 && s.count == n else {
                throw ClassificationError.shapeMismatch(first: "x", firstShape: x.shape, second: "sample weights", secondShape: s.shape)
            }
            for (i, v) in s.scalars.enumerated() {
                guard v.isFinite else { throw ClassificationError.nonFinite(input: "sample weights", row: i, column: nil, value: v) }
                guard v >= 0 else { throw ClassificationError.invalidSampleWeight(value: v, row: i) }
            }
            weights = s.scalars
        }
        var total = 0.0
        for v in weights { total += v }
        guard total > 0 && total.isFinite else { throw ClassificationError.invalidSampleWeight(value: total, row: -1) }
        self.x = x
        self.labels = y.scalars
        self.weights = weights.map { $0 / total }
        self.totalWeight = total
    }

    /// The labels as 0/1 values, after checking that each is 0 or 1 and both occur with positive weight.
    func binaryLabels() throws -> [Double] {
        if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw ClassificationError.labelNotBinary(value: labels[i], row: i)
        }
        let present = Set(zip(labels, weights).filter { $0.1 > 0 }.map(\.0))
        if present.count < 2 { throw ClassificationError.singleClass(label: present.first ?? labels[0]) }
        return labels
    }

    /// The sorted distinct class labels (whole numbers) and each row's class index.
    func classIndices() throws -> (classes: [Double], index: [Int]) {
        if let i = labels.firstIndex(where: { $0 != $0.rounded() }) {
            throw ClassificationError.labelNotWhole(value: labels[i], row: i)
        }
        let classes = Array(Set(zip(labels, weights).filter { $0.1 > 0 }.map(\.0))).sorted()
        if classes.count < 2 { throw ClassificationError.singleClass(label: classes.first ?? labels[0]) }
        var position: [Double: Int] = [:]
        for (k, c) in classes.enumerated() { position[c] = k }
        // Rows of weight 0 whose label is no class contribute nothing; they map to class 0.
        return (classes, labels.map { position[$0] ?? 0 })
    }
}
