/// The adjusted Rand index of two labelings of the same points (scikit-learn's `adjusted_rand_score`).
///
/// Over the n(n − 1) ordered pairs of distinct points, let TP count pairs together in both
/// labelings, TN pairs apart in both, FP together only in `b` and FN together only in `a` (from the
/// contingency table nᵢⱼ: TP = Σnᵢⱼ² − n, …). Then
/// ARI = 2(TP·TN − FN·FP) / ((TP + FN)(FN + TN) + (TP + FP)(FP + TN)),
/// which is 1 for identical partitions (up to renaming the labels), about 0 for independent ones,
/// and can be negative; it is 1 when FN = FP = 0 (e.g. both labelings put every point alone).
/// Labels are arbitrary integers; only which points share one matters. Symmetric in a and b.
///
/// - Throws: `ClusteringError.labelCountMismatch` for labelings of different lengths.
/// - Complexity: O(n + (number of label pairs)).
/// - Reference: L. Hubert and P. Arabie, "Comparing partitions", J. Classification 2, 1985;
///   D. Steinley, "Properties of the Hubert–Arabie adjusted Rand index", Psychol. Methods 9, 2004.
public func adjustedRandIndex(_ a: [Int], _ b: [Int]) throws -> Double {
    guard a.count == b.count else { throw ClusteringError.labelCountMismatch(a.count, b.count) }
    let n = a.count
    var table: [Int: [Int: Int]] = [:]
    var rowSums: [Int: Int] = [:], columnSums: [Int: Int] = [:]
    for (x, y) in zip(a, b) {
        table[x, default: [:]][y, default: 0] += 1
        rowSums[x, default: 0] += 1
        columnSums[y, default: 0] += 1
    }
    // Exact integer pair counts (n² fits in Int for any array that fits in memory).
    let sumSquares = table.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1 * $1 } }
    let together = sumSquares - n
    let onlyA = rowSums.values.reduce(0) { $0 + $1 * $1 } - sumSquares
    let onlyB = columnSums.values.reduce(0) { $0 + $1 * $1 } - sumSquares
    let apart = n * n - onlyA - onlyB - sumSquares
    if onlyA == 0 && onlyB == 0 { return 1 }
    let (tp, tn, fn, fp) = (Double(together), Double(apart), Double(onlyA), Double(onlyB))
    return 2 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn))
}
