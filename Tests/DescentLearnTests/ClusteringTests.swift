import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentLearn

/// Spectral clustering, k-means and the adjusted Rand index against scikit-learn (SpectralClustering,
/// KMeans, adjusted_rand_score) on generated blobs, moons and circles; generator:
/// Tools/references/clustering.py.
@Suite("Clustering")
struct ClusteringTests {
    static let reference = try! ReferenceData.load("clustering")

    static func labels(_ r: ReferenceData, _ key: String) -> [Int] { r.doubles(key).map { Int($0) } }

    @Test("adjusted Rand index equals scikit-learn's adjusted_rand_score")
    func adjustedRand() throws {
        for c in Self.reference.cases("ari") {
            // Integer pair counts, then one division: within a few ulps of sklearn's formula.
            expectClose(try adjustedRandIndex(Self.labels(c, "a"), Self.labels(c, "b")), c.double("ari"), rtol: 1e-12, atol: 1e-15)
        }
        #expect(try adjustedRandIndex([], []) == 1)
        #expect(thrownError(ClusteringError.self) { try adjustedRandIndex([0, 1], [0]) } == .labelCountMismatch(2, 1))
    }

    @Test("k-means from given centres: scikit-learn's labels, centres, inertia and iterations")
    func kmeansFromCentres() throws {
        for c in Self.reference.cases("kmeans") {
            let x = c.tensor("x")
            let result = try KMeans(clusters: c.int("k"), initialCenters: c.tensor("init")).fit(x)
            #expect(result.labels == Self.labels(c, "labels"), "\(c.string("data"))")
            // The same Lloyd steps in a different summation order: rounding only.
            expectClose(result.centers, c.tensor("centers"), rtol: 1e-10, atol: 1e-12)
            expectClose(result.inertia, c.double("inertia"), rtol: 1e-10)
            #expect(result.iterations == c.int("iterations"))
            #expect(result.isConverged)
            // Restarting from the converged centres: one assignment, nothing moves.
            let again = try KMeans(clusters: c.int("k"), initialCenters: result.centers).fit(x)
            #expect(again.labels == result.labels && again.iterations == 1)
        }
    }

    @Test("k-means++ with ten restarts reaches scikit-learn's best inertia")
    func kmeansPlusPlus() throws {
        for c in Self.reference.cases("kmeans") {
            let x = c.tensor("x"), k = c.int("k")
            let result = try KMeans(clusters: k, restarts: 10, seed: 3).fit(x)
            // Same local minimum (these data have a clear one): equal up to summation order.
            expectClose(result.inertia, c.double("best_inertia"), rtol: 1e-10)
            // The inertia is what it says: Σ‖xᵢ − c_ℓ(i)‖².
            let d = x.shape[1]
            let recomputed = (0..<x.shape[0]).reduce(0.0) { s, i in
                s + (0..<d).reduce(0.0) { t, f in let v = x[i, f] - result.centers[result.labels[i], f]; return t + v * v }
            }
            expectClose(result.inertia, recomputed, rtol: 1e-12)
            #expect(Set(result.labels) == Set(0..<k))
        }
    }

    static func configuration(_ c: ReferenceData, denseLimit: Int) -> SpectralClustering {
        let affinity: SpectralAffinity = c.string("affinity") == "rbf" ? .rbf(gamma: c.double("gamma")) : .nearestNeighbors(count: c.int("neighbors"))
        return SpectralClustering(clusters: c.int("k"), affinity: affinity, seed: 1, denseLimit: denseLimit)
    }

    @Test("spectral clustering (LAPACK) gives scikit-learn's labels and the Laplacian's eigenvalues", arguments: [1000, 0])
    func spectral(denseLimit: Int) throws {
        for c in Self.reference.cases("spectral") {
            let data = Self.reference["data"][c.string("data")]
            let name = "\(c.string("data")) \(c.string("affinity")) (dense limit \(denseLimit))"
            let result = try Self.configuration(c, denseLimit: denseLimit).fit(data.tensor("x"))
            let expected = Self.labels(c, "labels")
            #expect(try adjustedRandIndex(result.labels, expected) == 1, "\(name)")
            expectClose(try adjustedRandIndex(result.labels, Self.labels(data, "y")), c.double("ari"), rtol: 1e-12, "\(name)")
            // Eigenvalues in [0, 2]: LAPACK to rounding (1e-12); Lanczos to its residual tolerance 1e-8,
            // which bounds the eigenvalue error by about that much (Bauer–Fike for a symmetric operator).
            let eigenvalues = c.doubles("laplacian_eigenvalues")
            expectClose(result.eigenvalues, eigenvalues, rtol: 0, atol: denseLimit > 0 ? 1e-12 : 1e-7, "\(name)")
            let k = c.int("k")
            expectClose(result.eigengap ?? .nan, eigenvalues[k] - eigenvalues[k - 1], rtol: 0, atol: denseLimit > 0 ? 1e-12 : 2e-7, "\(name)")
            #expect(result.isolatedPoints.isEmpty)
            #expect(result.embedding.shape == [data.tensor("x").shape[0], k])
        }
    }

    @Test("a disconnected kNN graph reports its components; blobs give two zero eigenvalues")
    func components() throws {
        let c = Self.reference.cases("spectral").first { $0.string("data") == "blobs" && $0.string("affinity") == "knn" }!
        let result = try Self.configuration(c, denseLimit: 0).fit(Self.reference["data"]["blobs"].tensor("x"))
        #expect(result.componentCount == 2)
        // Both null vectors D^{1/2}1_C are deflated exactly, so λ₁ = λ₂ = 0 exactly on the sparse path.
        #expect(result.eigenvalues.prefix(2) == [0, 0])
    }

    @Test("a precomputed affinity: scikit-learn's labels; an isolated point is reported")
    func precomputed() throws {
        let p = Self.reference["precomputed"]
        let w = p.tensor("affinity")
        let result = try SpectralClustering(clusters: 2).fit(affinity: w)
        #expect(try adjustedRandIndex(result.labels, Self.labels(p, "labels")) == 1)
        expectClose(result.eigenvalues, p.doubles("laplacian_eigenvalues"), rtol: 0, atol: 1e-12)
        let sparse = try SpectralClustering(clusters: 2, denseLimit: 0).fit(affinity: SparseMatrix(dense: w))
        #expect(try adjustedRandIndex(sparse.labels, Self.labels(p, "labels")) == 1)

        // Node 10 with no edges: reported, a component of its own, Lᵢᵢ = 1 (sklearn's convention).
        var padded = Tensor.zeros([11, 11])
        for i in 0..<10 { for j in 0..<10 { padded[i, j] = w[i, j] } }
        let isolated = try SpectralClustering(clusters: 2).fit(affinity: padded)
        #expect(isolated.isolatedPoints == [10])
        #expect(isolated.componentCount == 2)
        #expect(Array(isolated.labels.prefix(10)) == result.labels || Array(isolated.labels.prefix(10)) == result.labels.map { 1 - $0 })
    }

    @Test("bad input: one-line typed errors")
    func badInput() throws {
        let x = Tensor([[0, 0], [1, 1], [2, 2]])
        #expect(thrownError(ClusteringError.self) { try SpectralClustering(clusters: 4).fit(x) } == .invalidClusterCount(requested: 4, points: 3))
        #expect(thrownError(ClusteringError.self) { try KMeans(clusters: 4).fit(x) } == .invalidClusterCount(requested: 4, points: 3))
        var bad = x
        bad[1, 0] = .nan
        let error = thrownError(ClusteringError.self) { try SpectralClustering(clusters: 2).fit(bad) }
        #expect(error == .nonFinite(row: 1, column: 0, value: .nan) || error?.description == "non-finite value nan at row 1, column 0 of the data")
        #expect(thrownError(ClusteringError.self) { try SpectralClustering(clusters: 2, affinity: .nearestNeighbors(count: 10)).fit(x) }
                == .tooManyNeighbors(requested: 10, points: 3))
        #expect(thrownError(ClusteringError.self) { try SpectralClustering(clusters: 2).fit(affinity: Tensor([[0, 1], [2, 0]])) }
                == .asymmetricAffinity(row: 0, column: 1))
        #expect(thrownError(ClusteringError.self) { try SpectralClustering(clusters: 2).fit(affinity: Tensor([[0, -1], [-1, 0]])) }
                == .invalidAffinity(row: 0, column: 1, value: -1))
        #expect(thrownError(ClusteringError.self) { try SpectralClustering(clusters: 1).fit(affinity: Tensor.zeros([2, 3])) }
                == .affinityShape(shape: [2, 3]))
        #expect(thrownError(ClusteringError.self) { try KMeans(clusters: 2).fit(Tensor.zeros([0, 2])) } == .emptyData(shape: [0, 2]))
        // An RBF affinity larger than the budget is refused before it is allocated.
        let budget = MemoryBudget(bytes: 1000)
        #expect(thrownError(MemoryBudgetError.self) { try SpectralClustering(clusters: 2, memoryBudget: budget).fit(Tensor.zeros([20, 2])) } != nil)
        for error in [ClusteringError.invalidClusterCount(requested: 4, points: 3), .tooManyNeighbors(requested: 10, points: 3)] {
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("k = n: every point its own cluster, no eigengap; identical points: k-means still labels all")
    func edgeCases() throws {
        let x = Tensor([[0, 0], [5, 5], [10, 0]])
        let all = try SpectralClustering(clusters: 3).fit(x)
        #expect(Set(all.labels).count == 3 && all.eigengap == nil)
        let same = try KMeans(clusters: 2).fit(Tensor([[1, 1], [1, 1], [1, 1]]))
        #expect(same.inertia == 0 && same.labels.count == 3)
    }
}
