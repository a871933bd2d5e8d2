import DescentCore
import Testing
import _TestSupport
@testable import DescentLearn

/// The k-nearest-neighbour search behind the kNN affinity (k-d tree, GEMM screening and exhaustive search against
/// the definition: the `count` other points of smallest (squared distance, index)) and the sparse
/// shift-invert path of spectral clustering against LAPACK on the same graphs.
@Suite("Nearest neighbours and the sparse spectral path")
struct NearestNeighborTests {
    /// For each row, the `count` other rows in (squared distance, index) order, by sorting all of them.
    static func definition(_ x: Tensor, count: Int) -> [Int] {
        let (n, d) = (x.shape[0], x.shape[1])
        var result: [Int] = []
        for i in 0..<n {
            let others = (0..<n).filter { $0 != i }.map { j -> (Double, Int) in
                var s = 0.0
                for f in 0..<d { let t = x.scalars[i * d + f] - x.scalars[j * d + f]; s += t * t }
                return (s, j)
            }
            result += others.sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }.prefix(count).map(\.1)
        }
        return result
    }

    @Test("k-d tree and exhaustive search return the definition's neighbours on Gaussian points",
          arguments: [(1, 9), (2, 1), (2, 9), (3, 30), (7, 9), (2, 149)])
    func gaussian(dimension: Int, count: Int) {
        var generator = SeededGenerator(seed: UInt64(10 * dimension + count))
        let x = Tensor.randomNormal([150, dimension], using: &generator)
        let expected = Self.definition(x, count: count)
        #expect(exhaustiveNearestNeighbors(x, count: count) == expected)
        #expect(treeNearestNeighbors(x, count: count) == expected)
        #expect(gramNearestNeighbors(x, count: count) == expected)
    }

    @Test("the GEMM-screened search equals the definition on 40-feature data far from the origin, and on ties")
    func gram() {
        // An offset of 10⁴ makes ‖x‖² ≈ 4·10⁹ against distances ≈ 80: without centring the screened
        // values would carry errors far above the gaps between neighbours.
        var generator = SeededGenerator(seed: 12)
        let x = Tensor.randomNormal([150, 40], using: &generator) + 1e4
        #expect(gramNearestNeighbors(x, count: 9) == Self.definition(x, count: 9))
        // Duplicated rows and a coarse lattice in 20 dimensions: many exact ties.
        let lattice = Tensor(shape: [80, 20]) { _ in Double(Int(generator.nextUniform() * 2)) }
        let tied = Tensor(rows: 160, columns: 20) { i, j in lattice[i % 80, j] }
        #expect(gramNearestNeighbors(tied, count: 12) == Self.definition(tied, count: 12))
        #expect(gramNearestNeighbors(tied, count: 12) == exhaustiveNearestNeighbors(tied, count: 12))
    }

    @Test("ties: on a small integer lattice with repeated points both searches give the lower indices", arguments: [1, 4, 12, 40])
    func ties(count: Int) {
        // 150 points on a 5 × 5 lattice: every point has ~5 exact duplicates and many equidistant
        // neighbours, so the (distance, index) order decides almost every choice.
        var generator = SeededGenerator(seed: 5)
        let x = Tensor(shape: [150, 2]) { _ in Double(Int(generator.nextUniform() * 5)) }
        let expected = Self.definition(x, count: count)
        #expect(exhaustiveNearestNeighbors(x, count: count) == expected)
        #expect(treeNearestNeighbors(x, count: count) == expected)
        #expect(gramNearestNeighbors(x, count: count) == expected)
    }

    @Test("quickselect puts the k-th smallest key at k, smaller-or-equal before, greater-or-equal after")
    func select() {
        var generator = SeededGenerator(seed: 8)
        let keys = (0..<200).map { _ in Double(Int(generator.nextUniform() * 20)) }
        let sorted = keys.sorted()
        for k in [0, 1, 57, 100, 199] {
            var order = Array(0..<200)
            KDTree.select(k, in: &order, 0, 200) { keys[$0] }
            #expect(keys[order[k]] == sorted[k])
            #expect(order[..<k].allSatisfy { keys[$0] <= sorted[k] } && order[k...].allSatisfy { keys[$0] >= sorted[k] })
            #expect(order.sorted() == Array(0..<200))
        }
    }

    @Test("the kNN affinity of moons: the tree's graph is the exhaustive search's")
    func affinity() throws {
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.randomNormal([400, 2], using: &generator)
        let tree = try nearestNeighborAffinity(x, neighbors: 10)
        let others = exhaustiveNearestNeighbors(x, count: 9)
        var rows: [Int] = [], columns: [Int] = []
        for i in 0..<400 { for t in 0..<9 { rows += [i, others[i * 9 + t]]; columns += [others[i * 9 + t], i] } }
        let exhaustive = try SparseMatrix(rows: 400, columns: 400, rowIndices: rows, columnIndices: columns,
                                          values: [Double](repeating: 0.5, count: rows.count))
        #expect(tree.toDense() == exhaustive.toDense())
    }

    @Test("the sparse path (shift-invert Lanczos) gives LAPACK's eigenvalues and labels, isolated point included")
    func shiftInvert() throws {
        // Two noisy clusters of 120 points as a kNN graph, plus, as a precomputed sparse affinity, the
        // same graph with an isolated point appended (its Lᵢᵢ = 1 is an eigenvalue far above).
        var generator = SeededGenerator(seed: 4)
        let x = Tensor.randomNormal([240, 2], using: &generator) + Tensor(shape: [240, 2]) { $0 < 240 ? 0 : 6 }
        let dense = try SpectralClustering(clusters: 3, affinity: .nearestNeighbors(count: 8)).fit(x)
        let sparse = try SpectralClustering(clusters: 3, affinity: .nearestNeighbors(count: 8), denseLimit: 0).fit(x)
        // λ to the Rayleigh quotient's accuracy: the residual tolerance 1e-8 squared, far below 1e-10.
        expectClose(sparse.eigenvalues, dense.eigenvalues, rtol: 0, atol: 1e-10)
        #expect(try adjustedRandIndex(sparse.labels, dense.labels) == 1)
        #expect(sparse.termination == .convergedResidual && sparse.iterations > 0)

        let graph = try nearestNeighborAffinity(x, neighbors: 8)
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for i in 0..<240 {
            for p in graph.rowOffsets[i]..<graph.rowOffsets[i + 1] { rows.append(i); columns.append(Int(graph.columnIndices[p])); values.append(graph.values[p]) }
        }
        let padded = try SparseMatrix(rows: 241, columns: 241, rowIndices: rows, columnIndices: columns, values: values)
        let isolatedSparse = try SpectralClustering(clusters: 3, denseLimit: 0).fit(affinity: padded)
        let isolatedDense = try SpectralClustering(clusters: 3).fit(affinity: padded.toDense())
        #expect(isolatedSparse.isolatedPoints == [240])
        expectClose(isolatedSparse.eigenvalues, isolatedDense.eigenvalues, rtol: 0, atol: 1e-10)
    }

    @Test("the Laplacian I − M of a sparse M with no diagonal, the diagonal inserted in column order")
    func laplacian() throws {
        let m = try SparseMatrix(rows: 4, columns: 4, rowIndices: [0, 1, 1, 2, 3, 2], columnIndices: [1, 0, 2, 1, 2, 3],
                                 values: [0.5, 0.5, 0.25, 0.25, 0.75, 0.75])
        let expected = Tensor([[1, -0.5, 0, 0], [-0.5, 1, -0.25, 0], [0, -0.25, 1, -0.75], [0, 0, -0.75, 1]])
        #expect(SpectralClustering.laplacian(m).toDense() == expected)
    }
}
