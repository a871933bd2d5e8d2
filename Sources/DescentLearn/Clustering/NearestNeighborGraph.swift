import DescentCore
import Foundation

/// The symmetrized k-nearest-neighbour connectivity of the rows of `x`, scikit-learn's
/// `0.5 * (C + Cᵀ)` with `C = kneighbors_graph(x, n_neighbors=k, include_self=True)`:
/// cᵢⱼ = 1 when j is among the k points nearest to xᵢ (xᵢ itself counting as the first), and
/// aᵢⱼ = ½(cᵢⱼ + cⱼᵢ) ∈ {0, ½, 1}. The diagonal (each point's own ½ + ½) is left out, since the
/// normalized Laplacian ignores it. Ties in distance go to the lower index.
///
/// - Complexity: O(n·log n) for well-spread points with d ≤ 15 (`KDTree`); above, 2n²d flops of
///   BLAS GEMM screening candidates for the exact sums (`gramNearestNeighbors`), or the O(n²·d)
///   exhaustive search for fewer than 128 points; rows in parallel; O(n·k) memory.
/// - Throws: `ClusteringError.tooManyNeighbors` when k > n.
func nearestNeighborAffinity(_ x: Tensor, neighbors k: Int) throws -> SparseMatrix {
    let n = x.shape[0]
    guard k <= n else { throw ClusteringError.tooManyNeighbors(requested: k, points: n) }
    let others = k - 1   // the point itself is the first of its k neighbours
    let nearest: [Int]
    if x.shape[1] <= KDTree.dimensionLimit {
        nearest = treeNearestNeighbors(x, count: others)
    } else if n < exhaustiveSearchLimit {
        nearest = exhaustiveNearestNeighbors(x, count: others)
    } else {
        nearest = gramNearestNeighbors(x, count: others)
    }
    var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
    rows.reserveCapacity(2 * n * others); columns.reserveCapacity(2 * n * others); values.reserveCapacity(2 * n * others)
    for i in 0..<n {
        for t in 0..<others {
            let j = nearest[i * others + t]
            rows.append(i); columns.append(j); values.append(0.5)
            rows.append(j); columns.append(i); values.append(0.5)
        }
    }
    // Duplicate (i, j) entries are summed: a mutual pair gets ½ + ½ = 1.
    return try SparseMatrix(rows: n, columns: n, rowIndices: rows, columnIndices: columns, values: values)
}

/// Below this many points (of more than 15 features) the direct loops of the exhaustive search cost
/// less than setting up the GEMMs of `gramNearestNeighbors`.
let exhaustiveSearchLimit = 128

/// Rows of the chunks the neighbour searches hand to each thread.
private let neighborChunk = 64

/// For each row i of `x` (n × d), the `count` other rows nearest to it, ordered by (squared
/// Euclidean distance, index): n·count indices, row-major. Exhaustive: every pair, O(n²·d).
/// - Precondition: count < n.
func exhaustiveNearestNeighbors(_ x: Tensor, count others: Int) -> [Int] {
    let (n, d) = (x.shape[0], x.shape[1])
    var nearest = [Int](repeating: 0, count: n * others)
    guard others > 0 else { return nearest }
    x.scalars.withUnsafeBufferPointer { p in
        nearest.withUnsafeMutableBufferPointer { out in
            let output = out.baseAddress!
            ParallelLoop.concurrentPerform(iterations: (n + neighborChunk - 1) / neighborChunk) { block in
                var bestDistance = [Double](repeating: .infinity, count: others)
                var bestIndex = [Int](repeating: -1, count: others)
                for i in (block * neighborChunk)..<min(n, (block + 1) * neighborChunk) {
                    for t in 0..<others { bestDistance[t] = .infinity; bestIndex[t] = -1 }
                    for j in 0..<n where j != i {
                        var s = 0.0
                        for f in 0..<d { let t = p[i * d + f] - p[j * d + f]; s += t * t }
                        // Insertion into the sorted list of the `others` nearest so far; j ascends,
                        // so an equal distance never displaces the lower index.
                        if s < bestDistance[others - 1] {
                            var t = others - 1
                            while t > 0 && bestDistance[t - 1] > s {
                                bestDistance[t] = bestDistance[t - 1]; bestIndex[t] = bestIndex[t - 1]; t -= 1
                            }
                            bestDistance[t] = s; bestIndex[t] = j
                        }
                    }
                    for t in 0..<others { output[i * others + t] = bestIndex[t] }
                }
            }
        }
    }
    return nearest
}

/// The same neighbours as `exhaustiveNearestNeighbors`, index for index, by a `KDTree` query per row.
/// - Precondition: count < n.
func treeNearestNeighbors(_ x: Tensor, count others: Int) -> [Int] {
    let (n, d) = (x.shape[0], x.shape[1])
    var nearest = [Int](repeating: 0, count: n * others)
    guard others > 0 else { return nearest }
    let tree = KDTree(x.scalars, n: n, d: d)
    x.scalars.withUnsafeBufferPointer { p in
        nearest.withUnsafeMutableBufferPointer { out in
            let output = out.baseAddress!, points = p.baseAddress!
            ParallelLoop.concurrentPerform(iterations: (n + neighborChunk - 1) / neighborChunk) { block in
                var best = [Double](repeating: .infinity, count: others)
                var bestIndex = [Int](repeating: -1, count: others)
                var stack: [(node: Int, bound: Double)] = []
                for i in (block * neighborChunk)..<min(n, (block + 1) * neighborChunk) {
                    tree.nearest(to: points + i * d, excluding: i, count: others, best: &best, bestIndex: &bestIndex,
                                 stack: &stack, output: output + i * others)
                }
            }
        }
    }
    return nearest
}

/// The RBF (Gaussian) affinity aᵢⱼ = exp(−γ‖xᵢ − xⱼ‖²) of the rows of `x` (scikit-learn's
/// `rbf_kernel`), as a dense n × n matrix with a zero diagonal (ignored by the normalized Laplacian).
/// - Complexity: O(n²·d) time, n² doubles.
func rbfAffinity(_ x: Tensor, gamma: Double) -> Tensor {
    let (n, d) = (x.shape[0], x.shape[1])
    let points = x.scalars
    return Tensor(shape: [n, n]) { (out: UnsafeMutableBufferPointer<Double>) in
        let output = out.baseAddress!
        points.withUnsafeBufferPointer { p in
            ParallelLoop.concurrentPerform(iterations: n) { i in
                output[i * n + i] = 0
                for j in (i + 1)..<max(n, i + 1) {
                    var s = 0.0
                    for f in 0..<d { let t = p[i * d + f] - p[j * d + f]; s += t * t }
                    let a = exp(-gamma * s)
                    output[i * n + j] = a
                    output[j * n + i] = a
                }
            }
        }
    }
}
