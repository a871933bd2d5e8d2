/// Which connectivity `Graph.components(_:)` uses on a directed graph.
public enum Connectivity: String, Sendable, CaseIterable {
    /// u and v are connected when a path joins them ignoring directions (networkx
    /// `weakly_connected_components`; for an undirected graph, `connected_components`).
    case weak
    /// u and v are connected when each reaches the other along directed edges (networkx
    /// `strongly_connected_components`). For an undirected graph the same as `.weak`.
    case strong
}

extension Graph {
    /// The connected components: each a sorted list of nodes, listed by their smallest node.
    ///
    /// Weak components by union–find with path halving and union by size (O(m α(n))); strong
    /// components by Tarjan's algorithm with an explicit stack, so a long path cannot overflow
    /// the call stack (O(n + m)). Edge weights (even zero) do not matter: a stored entry is an edge.
    /// - Reference: R. Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1 (1972).
    public func components(_ connectivity: Connectivity = .weak) -> [[Int]] {
        let label = connectivity == .strong && isDirected ? strongLabels() : weakLabels()
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for v in 0..<nodeCount {
            if groups[label[v]] == nil { order.append(label[v]) }
            groups[label[v], default: []].append(v)
        }
        return order.map { groups[$0]! }
    }

    /// The number of connected components (see `components(_:)`).
    public func componentCount(_ connectivity: Connectivity = .weak) -> Int {
        Set(connectivity == .strong && isDirected ? strongLabels() : weakLabels()).count
    }

    /// A representative node for each node, equal exactly within a weak component.
    private func weakLabels() -> [Int] {
        var parent = Array(0..<nodeCount)
        var size = [Int](repeating: 1, count: nodeCount)
        func root(_ v: Int) -> Int {
            var v = v
            while parent[v] != v {
                parent[v] = parent[parent[v]]
                v = parent[v]
            }
            return v
        }
        for u in 0..<nodeCount {
            for p in adjacency.rowOffsets[u]..<adjacency.rowOffsets[u + 1] {
                var (a, b) = (root(u), root(Int(adjacency.columnIndices[p])))
                if a == b { continue }
                if size[a] < size[b] { swap(&a, &b) }
                parent[b] = a
                size[a] += size[b]
            }
        }
        return (0..<nodeCount).map(root)
    }

    /// Tarjan's strongly connected components: the component number of each node.
    private func strongLabels() -> [Int] {
        let n = nodeCount
        var index = [Int](repeating: -1, count: n)
        var low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var label = [Int](repeating: -1, count: n)
        var stack: [Int] = []
        var nextIndex = 0, nextLabel = 0
        // The depth-first path: (node, position of the next edge to visit in its row).
        var path: [(node: Int, edge: Int)] = []
        for start in 0..<n where index[start] < 0 {
            path.append((start, adjacency.rowOffsets[start]))
            index[start] = nextIndex; low[start] = nextIndex; nextIndex += 1
            stack.append(start); onStack[start] = true
            while let (u, p) = path.last {
                if p < adjacency.rowOffsets[u + 1] {
                    path[path.count - 1].edge = p + 1
                    let v = Int(adjacency.columnIndices[p])
                    if index[v] < 0 {
                        index[v] = nextIndex; low[v] = nextIndex; nextIndex += 1
                        stack.append(v); onStack[v] = true
                        path.append((v, adjacency.rowOffsets[v]))
                    } else if onStack[v] {
                        low[u] = min(low[u], index[v])
                    }
                    continue
                }
                path.removeLast()
                if let parent = path.last?.node { low[parent] = min(low[parent], low[u]) }
                if low[u] == index[u] {
                    while let w = stack.popLast() {
                        onStack[w] = false
                        label[w] = nextLabel
                        if w == u { break }
                    }
                    nextLabel += 1
                }
            }
        }
        return label
    }
}
