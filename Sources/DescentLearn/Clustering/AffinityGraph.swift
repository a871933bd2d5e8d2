import DescentCore

/// A symmetric non-negative affinity matrix with its diagonal removed, dense or sparse, and what
/// spectral clustering needs of it: degrees, connected components, and the normalized adjacency
/// M = D^{−1/2} A D^{−1/2} as an operator.
struct AffinityGraph {
    enum Storage { case dense(Tensor), sparse(SparseMatrix) }
    let storage: Storage
    let n: Int
    /// dᵢ = Σ_{j≠i} aᵢⱼ.
    let degrees: [Double]

    init(_ storage: Storage) {
        self.storage = storage
        switch storage {
        case .dense(let a):
            n = a.shape[0]
            degrees = a.rowSums()
        case .sparse(let a):
            n = a.rows
            degrees = a.rowSums.scalars
        }
    }

    /// A user's dense affinity: checked (square, finite, ≥ 0, symmetric), diagonal dropped.
    static func precomputed(_ a: Tensor) throws -> AffinityGraph {
        guard a.rank == 2, a.shape[0] == a.shape[1], a.shape[0] > 0 else { throw ClusteringError.affinityShape(shape: a.shape) }
        let n = a.shape[0]
        var values = a.scalars
        let scale = values.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        for i in 0..<n {
            for j in 0..<n {
                let v = values[i * n + j]
                guard v.isFinite, v >= 0 else { throw ClusteringError.invalidAffinity(row: i, column: j, value: v) }
                if j > i && Swift.abs(v - values[j * n + i]) > 1e-12 * scale { throw ClusteringError.asymmetricAffinity(row: i, column: j) }
            }
            values[i * n + i] = 0
        }
        return AffinityGraph(.dense(Tensor(shape: [n, n], scalars: values)))
    }

    /// A user's sparse affinity: checked as the dense one, diagonal dropped.
    static func precomputed(_ a: SparseMatrix) throws -> AffinityGraph {
        guard a.rows == a.columns, a.rows > 0 else { throw ClusteringError.affinityShape(shape: a.shape) }
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        let scale = a.values.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
        for i in 0..<a.rows {
            for t in a.rowOffsets[i]..<a.rowOffsets[i + 1] {
                let j = Int(a.columnIndices[t]), v = a.values[t]
                guard v.isFinite, v >= 0 else { throw ClusteringError.invalidAffinity(row: i, column: j, value: v) }
                if j > i && Swift.abs(v - a[j, i]) > 1e-12 * scale { throw ClusteringError.asymmetricAffinity(row: i, column: j) }
                if j < i && a[j, i] == 0 && v > 1e-12 * scale { throw ClusteringError.asymmetricAffinity(row: j, column: i) }
                if j != i { rows.append(i); columns.append(j); values.append(v) }
            }
        }
        return AffinityGraph(.sparse(try SparseMatrix(rows: a.rows, columns: a.rows, rowIndices: rows, columnIndices: columns, values: values)))
    }

    /// The points with no affinity to any other (dᵢ = 0).
    var isolatedPoints: [Int] { degrees.indices.filter { degrees[$0] == 0 } }

    /// √dᵢ, or 1 for an isolated point (SciPy's `laplacian(normed=True)` convention).
    var degreeScale: [Double] { degrees.map { $0 > 0 ? $0.squareRoot() : 1 } }

    /// The connected component of each point (numbered in order of first point), by union–find
    /// over the edges aᵢⱼ > 0; an isolated point is a component of its own.
    func components() -> [Int] {
        var parent = Array(0..<n)
        parent.withUnsafeMutableBufferPointer { parent in
            // Path halving: every visited node is pointed at its grandparent.
            func root(_ i: Int) -> Int {
                var r = i
                while parent[r] != r { parent[r] = parent[parent[r]]; r = parent[r] }
                return r
            }
            func join(_ i: Int, _ j: Int) { let (a, b) = (root(i), root(j)); if a != b { parent[Swift.max(a, b)] = Swift.min(a, b) } }
            switch storage {
            case .dense(let a):
                a.scalars.withUnsafeBufferPointer { p in
                    for i in 0..<n { for j in (i + 1)..<Swift.max(n, i + 1) where p[i * n + j] > 0 { join(i, j) } }
                }
            case .sparse(let a):
                for i in 0..<n { for t in a.rowOffsets[i]..<a.rowOffsets[i + 1] where a.values[t] > 0 { join(i, Int(a.columnIndices[t])) } }
            }
            for i in 0..<n { parent[i] = root(i) }
        }
        // Number the roots in order of their first point (a root is its component's smallest point).
        var number = [Int](repeating: -1, count: n)
        var count = 0
        return (0..<n).map { i in
            let r = parent[i]
            if number[r] < 0 { number[r] = count; count += 1 }
            return number[r]
        }
    }

    /// M = D^{−1/2} A D^{−1/2} (rows and columns of isolated points are zero), dense or sparse.
    func normalizedAdjacency() -> Storage {
        let inverse = degreeScale.map { 1 / $0 }
        switch storage {
        case .dense(let a):
            return .dense(Tensor(rows: n, columns: n) { i, j in a[i, j] * inverse[i] * inverse[j] })
        case .sparse(let a):
            let s = Tensor(inverse)
            return .sparse(a.scalingRows(by: s).scalingColumns(by: s))
        }
    }
}

extension Tensor {
    /// Σⱼ aᵢⱼ of each row of a matrix.
    fileprivate func rowSums() -> [Double] {
        let (n, m) = (shape[0], shape[1])
        return scalars.withUnsafeBufferPointer { p in (0..<n).map { i in (0..<m).reduce(0.0) { $0 + p[i * m + $1] } } }
    }
}
