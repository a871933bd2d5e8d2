import DescentCore

/// The classification accuracy of network outputs: the fraction of rows whose arg-max output (the
/// first maximum on ties, as NumPy's `argmax`) equals the row's label, (1/n) Σᵢ [argmaxₖ fᵢₖ = yᵢ].
/// - Precondition: `outputs` is [n, k] and `labels` has n elements, n ≥ 1.
public func classificationAccuracy(_ outputs: Tensor, labels: Tensor) -> Double {
    precondition(outputs.rank == 2 && outputs.shape[0] == labels.count && labels.count > 0,
                 "classificationAccuracy: outputs \(outputs.shape) for \(labels.count) labels")
    return Double(correctPredictions(outputs, labels)) / Double(labels.count)
}

/// The number of rows whose arg-max output (first maximum on ties, as NumPy) equals the label.
func correctPredictions(_ outputs: Tensor, _ labels: Tensor) -> Int {
    let k = outputs.shape[1]
    return outputs.scalars.withUnsafeBufferPointer { o in
        labels.scalars.enumerated().reduce(0) { count, item in
            let row = o[(item.offset * k)..<((item.offset + 1) * k)]
            let argmax = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }! - item.offset * k
            return count + (Double(argmax) == item.element ? 1 : 0)
        }
    }
}
