import DescentCore

/// Which graph Laplacian `Graph.laplacian(_:)` builds.
public enum LaplacianKind: String, Sendable, CaseIterable {
    /// L = D − A.
    case unnormalized
    /// L_sym = D^{−1/2} (D − A) D^{−1/2} = I − D^{−1/2} A D^{−1/2} (on nodes of non-zero degree).
    case symmetricNormalized = "symmetric-normalized"
    /// L_rw = D^{−1} (D − A) = I − D^{−1} A (on nodes of non-zero degree).
    case randomWalk = "random-walk"
}

extension Graph {
    /// The graph Laplacian of the weighted adjacency A with D = diag(d), dᵤ = Σᵥ Aᵤᵥ (out-degrees
    /// for a directed graph, a self-loop counted once), as a CSR matrix:
    /// - `.unnormalized`: L = D − A (networkx `laplacian_matrix`);
    /// - `.symmetricNormalized`: D^{−1/2}(D − A)D^{−1/2} (networkx `normalized_laplacian_matrix`);
    /// - `.randomWalk`: D^{−1}(D − A).
    ///
    /// Isolated nodes (d = 0) follow networkx: D^{−1/2} and D^{−1} are taken as 0 there, so the
    /// node's row and column of a normalized Laplacian are zero (not the 1 of I − D^{−1/2}AD^{−1/2}),
    /// and the zero eigenvalues still count the connected components. A self-loop w adds w to dᵤ
    /// and −w to Lᵤᵤ, so the unnormalized diagonal is the degree without loops (networkx; SciPy's
    /// `csgraph.laplacian` instead drops loops before computing degrees).
    ///
    /// Every row of L carries its diagonal entry (stored even when zero).
    /// - Complexity: O(n + m).
    /// - Reference: U. von Luxburg, "A tutorial on spectral clustering", Statistics and Computing 17 (2007), §3.
    public func laplacian(_ kind: LaplacianKind = .unnormalized) -> SparseMatrix {
        let n = nodeCount
        let d = degrees()
        // Row and column scalings: s = D^{-1/2} (both sides) or D^{-1} (rows only); 0 where d = 0.
        let rowScale: [Double], columnScale: [Double]
        switch kind {
        case .unnormalized:
            rowScale = [Double](repeating: 1, count: n)
            columnScale = rowScale
        case .symmetricNormalized:
            rowScale = d.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
            columnScale = rowScale
        case .randomWalk:
            rowScale = d.map { $0 > 0 ? 1 / $0 : 0 }
            columnScale = [Double](repeating: 1, count: n)
        }
        let a = adjacency
        var offsets = [Int](repeating: 0, count: n + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        columns.reserveCapacity(a.nonZeroCount + n)
        values.reserveCapacity(a.nonZeroCount + n)
        for u in 0..<n {
            var diagonalWritten = false
            func writeDiagonal(_ selfLoop: Double) {
                columns.append(Int32(u))
                values.append(rowScale[u] * (d[u] - selfLoop) * columnScale[u])
                diagonalWritten = true
            }
            for p in a.rowOffsets[u]..<a.rowOffsets[u + 1] {
                let v = Int(a.columnIndices[p])
                if v == u {
                    writeDiagonal(a.values[p])
                    continue
                }
                if v > u && !diagonalWritten { writeDiagonal(0) }
                columns.append(Int32(v))
                values.append(-rowScale[u] * a.values[p] * columnScale[v])
            }
            if !diagonalWritten { writeDiagonal(0) }
            offsets[u + 1] = values.count
        }
        return SparseMatrix(rows: n, columns: n, rowOffsets: offsets, columnIndices: columns, values: values)
    }
}
