import DescentCore

/// Spectral clustering with scikit-learn's `SpectralClustering` semantics (`assign_labels="kmeans"`).
///
/// 1. An affinity graph A: RBF, symmetrized k-nearest-neighbour connectivity, or the user's matrix
///    (`fit(affinity:)`); its diagonal is ignored.
/// 2. The normalized Laplacian L = I − D^{−1/2} A D^{−1/2}, D = diag(Σⱼ aᵢⱼ), with Lᵢᵢ = 1 also for
///    isolated points (SciPy's `laplacian(normed=True)` followed by sklearn's `_set_diag`).
/// 3. The eigenvectors U of its k smallest eigenvalues: by LAPACK (`SymmetricEigen`) when
///    n ≤ `denseLimit`, otherwise with the known null vectors D^{1/2}1_C of each connected
///    component C taken exactly (so a repeated eigenvalue 0, a disconnected graph, is never half
///    found) and the rest by Lanczos orthogonal to them: for a sparse graph in shift-invert mode,
///    on (L − σI)⁻¹ with σ = −10⁻⁵ through a sparse LDLᵀ factor (scikit-learn's ARPACK call), which
///    spreads the crowded smallest eigenvalues far apart; for a dense (RBF) graph on the polynomial
///    filter ((M + I)/2)⁸ of M = I − L, which keeps the eigenvectors and their order but separates
///    the crowded top of M's spectrum (fewer Krylov steps).
/// 4. The embedding Y = D^{−1/2}U, as sklearn's `spectral_embedding(norm_laplacian=True,
///    drop_first=False)` returns it: the eigenvectors of the random-walk Laplacian I − D⁻¹A.
///    Rows are *not* normalized to unit length (Ng–Jordan–Weiss do that; scikit-learn does not,
///    and the labels here match scikit-learn's up to a permutation).
/// 5. k-means (greedy k-means++, `restarts` seeded starts, scikit-learn's `n_init = 10`) on the rows of Y.
///
/// The eigengap λ_{k+1} − λ_k is reported: a large gap says the graph has k clusters.
///
/// Reference: U. von Luxburg, "A tutorial on spectral clustering", Statistics and Computing 17,
/// 2007; J. Shi and J. Malik, "Normalized cuts and image segmentation", IEEE PAMI 22, 2000;
/// A. Ng, M. Jordan and Y. Weiss, "On spectral clustering", NIPS 2001.
public struct SpectralClustering: Sendable, Hashable {
    /// The number of clusters k.
    public var clusters: Int
    /// The affinity built from points (`fit(_:)`); scikit-learn's default is RBF with γ = 1.
    public var affinity: SpectralAffinity
    /// k-means starts in the embedding (scikit-learn's `n_init`, 10).
    public var restarts: Int
    /// The seed of the eigensolver's start and of k-means++.
    public var seed: UInt64
    /// Largest n solved by dense LAPACK; above it, Lanczos on a sparse (or dense RBF) operator.
    public var denseLimit: Int
    /// Lanczos residual tolerance, relative to the largest Ritz value of the transformed operator
    /// ((L − σI)⁻¹, or the polynomial filter for a dense graph; the Lanczos path only).
    public var eigenTolerance: Double
    /// The most memory the dense matrices (the RBF affinity, n² doubles; the Laplacian of the
    /// LAPACK path), the sparse Laplacian's LDLᵀ factor and the Lanczos basis may take; exceeding it
    /// throws before allocating.
    public var memoryBudget: MemoryBudget

    /// A configuration with scikit-learn's defaults (RBF γ = 1, n_init = 10).
    /// - Precondition: `clusters ≥ 1`, `restarts ≥ 1`, `denseLimit ≥ 0`, a positive finite γ, a
    ///   neighbour count ≥ 1.
    public init(clusters: Int, affinity: SpectralAffinity = .default, restarts: Int = 10, seed: UInt64 = 0,
                denseLimit: Int = 1000, eigenTolerance: Double = 1e-8, memoryBudget: MemoryBudget = .default) {
        precondition(clusters >= 1, "SpectralClustering: clusters must be at least 1, got \(clusters)")
        precondition(restarts >= 1, "SpectralClustering: restarts must be at least 1, got \(restarts)")
        switch affinity {
        case .rbf(let gamma): precondition(gamma > 0 && gamma.isFinite, "SpectralClustering: γ must be positive and finite, got \(gamma)")
        case .nearestNeighbors(let count): precondition(count >= 1, "SpectralClustering: neighbours must be at least 1, got \(count)")
        }
        self.clusters = clusters
        self.affinity = affinity
        self.restarts = restarts
        self.seed = seed
        self.denseLimit = denseLimit
        self.eigenTolerance = eigenTolerance
        self.memoryBudget = memoryBudget
    }

    /// Clusters the rows of the n × d matrix `x` with the configured affinity.
    /// - Throws: `ClusteringError.emptyData`, `.nonFinite` (row and column), `.invalidClusterCount`
    ///   (k > n), `.tooManyNeighbors`; `MemoryBudgetError` when the RBF affinity, the dense Laplacian,
    ///   the sparse Laplacian's factor or the Lanczos basis would exceed `memoryBudget`;
    ///   `LinearAlgebraError` from the eigensolver, `SparseCholeskyError` from the factorization.
    /// - Complexity: RBF affinity O(n²d); kNN affinity O(n·log n) by a k-d tree for d ≤ 15 (well-spread
    ///   points), O(n²d) above (BLAS GEMM screening); eigenvectors O(n³) dense, or one sparse
    ///   factorization and O(j·nnz(L_factor) + n·j²) for j Lanczos steps.
    public func fit(_ x: Tensor) throws -> SpectralClusteringResult {
        try ClusteringError.requireFiniteData(x)
        let n = x.shape[0]
        guard clusters <= n else { throw ClusteringError.invalidClusterCount(requested: clusters, points: n) }
        switch affinity {
        case .rbf(let gamma):
            try memoryBudget.requireRoom(forDoubles: Double(n) * Double(n), "the \(n) × \(n) RBF affinity (use the nearest-neighbour affinity for many points)",
                                         operation: "SpectralClustering")
            return try cluster(AffinityGraph(.dense(rbfAffinity(x, gamma: gamma))))
        case .nearestNeighbors(let count): return try cluster(AffinityGraph(.sparse(nearestNeighborAffinity(x, neighbors: count))))
        }
    }

    /// Clusters the n points of a precomputed dense affinity (`affinity='precomputed'`).
    /// - Throws: `ClusteringError.affinityShape`, `.invalidAffinity` (negative or non-finite, with
    ///   row and column), `.asymmetricAffinity`, `.invalidClusterCount`.
    public func fit(affinity a: Tensor) throws -> SpectralClusteringResult {
        try cluster(AffinityGraph.precomputed(a))
    }

    /// Clusters the n points of a precomputed sparse affinity; as `fit(affinity:)` for a dense one.
    public func fit(affinity a: SparseMatrix) throws -> SpectralClusteringResult {
        try cluster(AffinityGraph.precomputed(a))
    }

    /// The degree q of the polynomial filter ((B + I)/2)^q of the Lanczos path.
    static let filterDegree = 8

    func cluster(_ graph: AffinityGraph) throws -> SpectralClusteringResult {
        let n = graph.n
        guard clusters <= n else { throw ClusteringError.invalidClusterCount(requested: clusters, points: n) }
        let components = graph.components()
        let componentCount = (components.max() ?? -1) + 1
        let wanted = Swift.min(clusters + 1, n)
        let (values, vectors, iterations, termination) = n <= denseLimit
            ? try denseEigenpairs(graph, count: wanted)
            : try sparseEigenpairs(graph, count: wanted, components: components)
        let scale = graph.degreeScale
        var embedding = Tensor(rows: n, columns: clusters) { i, j in vectors[i, j] / scale[i] }
        // sklearn's _deterministic_vector_sign_flip: each column's largest-magnitude entry positive.
        for j in 0..<clusters {
            var (largest, sign) = (0.0, 1.0)
            for i in 0..<n where Swift.abs(embedding[i, j]) > largest { largest = Swift.abs(embedding[i, j]); sign = embedding[i, j] < 0 ? -1 : 1 }
            if sign < 0 { for i in 0..<n { embedding[i, j] = -embedding[i, j] } }
        }
        let kmeans = try KMeans(clusters: clusters, restarts: restarts, seed: seed).fit(embedding)
        return SpectralClusteringResult(
            labels: kmeans.labels, eigenvalues: values,
            eigengap: values.count > clusters ? values[clusters] - values[clusters - 1] : nil,
            embedding: embedding, inertia: kmeans.inertia, componentCount: componentCount,
            isolatedPoints: graph.isolatedPoints, iterations: iterations, termination: termination)
    }

    /// The `count` smallest eigenpairs of L by LAPACK on the dense n × n matrix.
    func denseEigenpairs(_ graph: AffinityGraph, count: Int) throws -> ([Double], Tensor, Int, Termination) {
        let n = graph.n
        try memoryBudget.requireRoom(forDoubles: 4 * Double(n) * Double(n), "the dense \(n) × \(n) Laplacian and its eigenvectors",
                                     operation: "SpectralClustering")
        let m: Tensor
        switch graph.normalizedAdjacency() {
        case .dense(let dense): m = dense
        case .sparse(let sparse): m = sparse.toDense()
        }
        let laplacian = Tensor(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - m[i, j] }
        let eigen = try SymmetricEigen(laplacian)
        let values = Array(eigen.eigenvalues.scalars.prefix(count))
        return (values, eigen.eigenvectors, 0, .solvedDirectly)
    }

    /// The `count` smallest eigenpairs of L without LAPACK. For each component C of two or more
    /// points, z_C = D^{1/2}1_C/‖D^{1/2}1_C‖ is an exact eigenvector of L for 0; those are taken as
    /// they are (so a repeated 0 is exact), and the rest are found orthogonal to them: for a sparse
    /// graph by Lanczos in shift-invert mode (`DeflatedShiftInvertOperator`), for a dense one by
    /// Lanczos on a polynomial filter of M = I − L (`filteredEigenpairs`). Each eigenvalue is the
    /// Rayleigh quotient λ = vᵀLv = 1 − vᵀMv, accurate to the square of the residual.
    func sparseEigenpairs(_ graph: AffinityGraph, count: Int, components: [Int]) throws -> ([Double], Tensor, Int, Termination) {
        let n = graph.n
        let sizes = components.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
        let scale = graph.degreeScale
        var nullVectors: [Tensor] = []
        for (component, size) in sizes.sorted(by: { $0.key < $1.key }) where size > 1 {
            var z = Tensor(shape: [n]) { components[$0] == component ? scale[$0] : 0 }
            z = z / z.norm(.two)
            nullVectors.append(z)
        }
        var values = [Double](repeating: 0, count: Swift.min(nullVectors.count, count))
        var columns = Array(nullVectors.prefix(count))
        var iterations = 0
        var termination = Termination.solvedDirectly
        let remaining = count - columns.count
        if remaining > 0 {
            let m: any LinearOperator
            let found: [Tensor]
            switch graph.normalizedAdjacency() {
            case .sparse(let sparse):
                m = sparse
                (found, iterations, termination) = try shiftInvertEigenvectors(laplacianOf: sparse, count: remaining, deflating: nullVectors)
            case .dense(let dense):
                m = dense
                (found, iterations, termination) = try filteredEigenvectors(dense, count: remaining, deflating: nullVectors)
            }
            for v in found {
                values.append(1 - dot(v, m.apply(v)))
                columns.append(v)
            }
        }
        let flat = columns.map(\.scalars)
        let vectors = Tensor(rows: n, columns: flat.count) { i, j in flat[j][i] }
        return (values, vectors, iterations, termination)
    }

    /// The shift σ of the sparse path: below the spectrum of L (which is ≥ 0), so L − σI is positive
    /// definite, and close to 0, so the smallest eigenvalues are far apart after inversion
    /// (scikit-learn's `spectral_embedding` uses the same σ with ARPACK).
    static let shift = -1e-5

    /// The eigenvectors of the `count` smallest eigenvalues of L = I − M orthogonal to `deflating`,
    /// ascending, by Lanczos on P(L − σI)⁻¹P (largest θ = 1/(λ − σ) first).
    func shiftInvertEigenvectors(laplacianOf m: SparseMatrix, count: Int, deflating null: [Tensor]) throws -> ([Tensor], Int, Termination) {
        let factorization = try SparseCholesky(SpectralClustering.laplacian(m), shift: SpectralClustering.shift, memoryBudget: memoryBudget)
        let inverse = DeflatedShiftInvertOperator(factorization: factorization, deflated: null)
        let options = IterativeOptions(tolerance: eigenTolerance, maxIterations: Swift.min(m.rows, 1000), seed: seed, memoryBudget: memoryBudget)
        let found = try lanczos(inverse, count: count, which: .largest, options: options)
        // Ascending θ are descending λ.
        let vectors = stride(from: found.eigenvalues.count - 1, through: 0, by: -1).map { found.eigenvectors.column($0) }
        return (vectors, found.iterations, found.termination)
    }

    /// L = I − M as a CSR matrix, from M (no stored diagonal, sorted rows): each row's entries
    /// negated, with 1 inserted at the diagonal in column order.
    static func laplacian(_ m: SparseMatrix) -> SparseMatrix {
        let n = m.rows
        var offsets = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = [], values: [Double] = []
        columns.reserveCapacity(m.nonZeroCount + n)
        values.reserveCapacity(m.nonZeroCount + n)
        for i in 0..<n {
            var diagonalDone = false
            for p in m.rowOffsets[i]..<m.rowOffsets[i + 1] {
                let j = m.columnIndices[p]
                if !diagonalDone && Int(j) > i { columns.append(Int32(i)); values.append(1); diagonalDone = true }
                columns.append(j)
                values.append(-m.values[p])
            }
            if !diagonalDone { columns.append(Int32(i)); values.append(1) }
            offsets[i + 1] = values.count
        }
        return SparseMatrix(rows: n, columns: n, rowOffsets: offsets, columnIndices: columns, values: values)
    }

    /// The eigenvectors of the `count` smallest eigenvalues of L orthogonal to `deflating`, ascending,
    /// by Lanczos on M = I − L, whose largest eigenvalues they are: x ↦ Mx − 2Σ z_C z_Cᵀx moves
    /// the known null vectors to −1, the bottom of the spectrum.
    func filteredEigenvectors(_ m: Tensor, count: Int, deflating nullVectors: [Tensor]) throws -> ([Tensor], Int, Termination) {
        let n = m.shape[0]
        // B = M − 2ZZᵀ (the null vectors moved to −1). Lanczos runs on the polynomial filter
        // f(B) = ((B + I)/2)^q, which keeps the order of the eigenvalues (f increases on [−1, 1])
        // but widens the relative gap at the top about q-fold: a kNN graph's smallest Laplacian
        // eigenvalues are crowded near 0, and the Krylov dimension (whose reorthogonalization,
        // O(n·j²), dominates) drops by about √q for q cheap products per step.
        let deflated: (Tensor) -> Tensor = { x in
            var y = m.apply(x)
            for z in nullVectors { y.addScaled(z, by: -2 * dot(z, x)) }
            return y
        }
        let power = SpectralClustering.filterDegree
        let filtered = FunctionOperator(symmetric: n) { x in
            var y = x
            for _ in 0..<power { y = (deflated(y) + y) * 0.5 }
            return y
        }
        let options = IterativeOptions(tolerance: eigenTolerance, maxIterations: Swift.min(n, 1000), seed: seed, memoryBudget: memoryBudget)
        let found = try lanczos(filtered, count: count, which: .largest, options: options)
        // Ascending values of f(B) are ascending μ; λ = 1 − μ ascending means μ descending.
        let vectors = stride(from: found.eigenvalues.count - 1, through: 0, by: -1).map { found.eigenvectors.column($0) }
        return (vectors, found.iterations, found.termination)
    }
}
