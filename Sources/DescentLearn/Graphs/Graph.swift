import DescentCore

/// A weighted graph, directed or undirected, stored as its adjacency matrix in CSR form.
///
/// Nodes are 0 … n−1, each with a name (`nodeNames[v]`; the decimal index unless names were
/// given). The adjacency matrix A holds Aᵤᵥ = the weight of the edge u → v; an undirected graph
/// stores both directions, so A is symmetric. These are networkx's conventions
/// (`to_scipy_sparse_array`):
/// - a self-loop u–u is one entry Aᵤᵤ = w (counted once in the row sum, so once in the degrees
///   the Laplacians use);
/// - a repeated edge has its weights summed, as a networkx `MultiGraph` converts; the number of
///   edges folded this way is `duplicateEdgeCount`, so a caller can say so;
/// - weights must be finite and ≥ 0 (a zero weight is kept as a stored zero).
///
/// Memory: the CSR (12 bytes per stored entry plus 8 per node) and the names.
public struct Graph: Sendable, Equatable {
    /// Whether edges have a direction (u → v ≠ v → u).
    public let isDirected: Bool
    /// The weighted adjacency matrix, n × n: Aᵤᵥ is the weight of u → v (symmetric when undirected).
    public let adjacency: SparseMatrix
    /// The name of each node, `nodeNames[v]` for node v.
    public let nodeNames: [String]
    /// How many given edges repeated an earlier one (same endpoints; for an undirected graph
    /// either orientation) and were summed into it.
    public let duplicateEdgeCount: Int
    /// The number of self-loops u–u.
    public let selfLoopCount: Int

    /// The number of nodes n.
    public var nodeCount: Int { adjacency.rows }

    /// The number of distinct edges, as networkx's `number_of_edges()`: an undirected edge and a
    /// self-loop count once.
    public var edgeCount: Int {
        isDirected ? adjacency.nonZeroCount : (adjacency.nonZeroCount - selfLoopCount) / 2 + selfLoopCount
    }

    /// A graph on nodes 0 … `nodeCount`−1 from its edges `sources[e] → targets[e]` with
    /// `weights[e]` (all 1 when `weights` is nil).
    ///
    /// - Parameters:
    ///   - nodeCount: the number of nodes n.
    ///   - sources: the first endpoint of each edge, in 0..<n.
    ///   - targets: the second endpoint of each edge, in 0..<n.
    ///   - weights: one weight ≥ 0 per edge; nil for all 1.
    ///   - directed: whether an edge u v means u → v only, or u–v both ways.
    ///   - nodeNames: one name per node; nil names each node by its index.
    /// - Throws: `GraphError.nodeOutOfRange` for an endpoint outside 0..<nodeCount,
    ///   `.invalidWeight` for a negative, NaN or infinite weight (naming the edge),
    ///   `.tooManyNodes` beyond `Int32.max` nodes.
    /// - Precondition: `sources`, `targets` (and `weights`) have equal lengths; `nodeNames` has
    ///   `nodeCount` entries.
    /// - Complexity: O(n + m) time (a counting sort into rows), O(m) extra memory.
    public init(nodeCount: Int, sources: [Int], targets: [Int], weights: [Double]? = nil,
                directed: Bool, nodeNames: [String]? = nil) throws {
        precondition(sources.count == targets.count && (weights?.count ?? sources.count) == sources.count,
                     "Graph: \(sources.count) sources, \(targets.count) targets and \(weights?.count ?? sources.count) weights differ in length")
        precondition(nodeNames == nil || nodeNames!.count == nodeCount,
                     "Graph: \(nodeNames?.count ?? 0) names for \(nodeCount) nodes")
        guard nodeCount <= Int(Int32.max) else { throw GraphError.tooManyNodes(nodeCount) }
        for e in sources.indices {
            let (u, v) = (sources[e], targets[e])
            guard u >= 0 && u < nodeCount && v >= 0 && v < nodeCount else {
                throw GraphError.nodeOutOfRange(edge: e, source: u, target: v, nodeCount: nodeCount)
            }
            if let w = weights?[e], !(w >= 0 && w.isFinite) {
                throw GraphError.invalidWeight(edge: e, source: String(u), target: String(v), weight: w)
            }
        }
        let givenLoops = zip(sources, targets).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        let rows: [Int], columns: [Int], values: [Double]
        let unit = weights ?? [Double](repeating: 1, count: sources.count)
        if directed {
            (rows, columns, values) = (sources, targets, unit)
        } else {
            // Both directions of every edge, a self-loop once (networkx's undirected adjacency).
            var r = sources, c = targets, w = unit
            let extra = sources.count - givenLoops
            r.reserveCapacity(sources.count + extra)
            c.reserveCapacity(sources.count + extra)
            w.reserveCapacity(sources.count + extra)
            for e in sources.indices where sources[e] != targets[e] {
                r.append(targets[e])
                c.append(sources[e])
                w.append(unit[e])
            }
            (rows, columns, values) = (r, c, w)
        }
        let matrix = try SparseMatrix(rows: nodeCount, columns: nodeCount, rowIndices: rows, columnIndices: columns, values: values)
        let keptLoops = Graph.diagonalCount(matrix)
        // Entries merged by the sparse constructor: loops merge one for one, other edges two
        // entries (both directions) per repeat when undirected.
        let mergedLoops = givenLoops - keptLoops
        let mergedOthers = (rows.count - givenLoops) - (matrix.nonZeroCount - keptLoops)
        self.isDirected = directed
        self.adjacency = matrix
        self.nodeNames = nodeNames ?? (0..<nodeCount).map(String.init)
        self.duplicateEdgeCount = mergedLoops + (directed ? mergedOthers : mergedOthers / 2)
        self.selfLoopCount = keptLoops
    }

    /// A graph whose weighted adjacency matrix is `adjacency` (Aᵤᵥ = the weight of u → v; every
    /// stored entry is an edge, a stored zero too), e.g. an affinity matrix for spectral clustering.
    /// - Parameters:
    ///   - adjacency: the n × n weighted adjacency A.
    ///   - directed: false requires A to be symmetric (Aᵤᵥ = Aᵥᵤ exactly, the same entries stored).
    ///   - nodeNames: one name per node; nil names each node by its index.
    /// - Throws: `GraphError.notSquare`, `.invalidWeight` for a negative, NaN or infinite entry,
    ///   `.asymmetricAdjacency` naming an entry that differs from its mirror.
    /// - Precondition: `nodeNames` has one name per row.
    public init(adjacency: SparseMatrix, directed: Bool, nodeNames: [String]? = nil) throws {
        guard adjacency.rows == adjacency.columns else { throw GraphError.notSquare(rows: adjacency.rows, columns: adjacency.columns) }
        precondition(nodeNames == nil || nodeNames!.count == adjacency.rows,
                     "Graph: \(nodeNames?.count ?? 0) names for \(adjacency.rows) nodes")
        for u in 0..<adjacency.rows {
            for p in adjacency.rowOffsets[u]..<adjacency.rowOffsets[u + 1] where !(adjacency.values[p] >= 0 && adjacency.values[p].isFinite) {
                throw GraphError.invalidWeight(edge: p, source: String(u), target: String(adjacency.columnIndices[p]), weight: adjacency.values[p])
            }
        }
        if !directed && adjacency != adjacency.transposed {
            let t = adjacency.transposed
            // The first row whose stored entries differ from its mirror's.
            let u = (0..<adjacency.rows).first { u in
                let (a, b) = (adjacency.rowOffsets[u]..<adjacency.rowOffsets[u + 1], t.rowOffsets[u]..<t.rowOffsets[u + 1])
                return adjacency.columnIndices[a] != t.columnIndices[b] || adjacency.values[a] != t.values[b]
            } ?? 0
            throw GraphError.asymmetricAdjacency(row: u)
        }
        self.isDirected = directed
        self.adjacency = adjacency
        self.nodeNames = nodeNames ?? (0..<adjacency.rows).map(String.init)
        self.duplicateEdgeCount = 0
        self.selfLoopCount = Graph.diagonalCount(adjacency)
    }

    /// The karate club (or any `LabeledGraph`) as an undirected weighted `Graph`; nodes keep
    /// their indices as names. With `weighted: false` every edge weighs 1.
    public init(_ graph: LabeledGraph, weighted: Bool = true) {
        // A LabeledGraph has no self-loops, repeats or bad weights (its initializer checks), so this cannot throw.
        self = try! Graph(nodeCount: graph.nodeCount, sources: graph.edges.map(\.source), targets: graph.edges.map(\.target),
                          weights: weighted ? graph.edges.map(\.weight) : nil, directed: false)
    }

    /// The number of stored diagonal entries (self-loops) of a square CSR matrix.
    private static func diagonalCount(_ a: SparseMatrix) -> Int {
        var count = 0
        for i in 0..<a.rows {
            for p in a.rowOffsets[i]..<a.rowOffsets[i + 1] where Int(a.columnIndices[p]) == i { count += 1 }
        }
        return count
    }

    /// The out-degree of each node: dᵤ = Σᵥ Aᵤᵥ (weighted), or the number of stored entries in row u.
    ///
    /// For an undirected graph this is the degree, with a self-loop counted once — the degree
    /// networkx's Laplacians use (`A.sum(axis=1)`); networkx's `G.degree` counts a loop twice.
    public func degrees(weighted: Bool = true) -> [Double] {
        (0..<nodeCount).map { u in
            let range = adjacency.rowOffsets[u]..<adjacency.rowOffsets[u + 1]
            return weighted ? adjacency.values[range].reduce(0.0) { $0 + $1 } : Double(range.count)
        }
    }

    /// The in-degree of each node: Σᵤ Aᵤᵥ (weighted), or the number of stored entries in column v.
    /// Equal to `degrees` for an undirected graph.
    public func inDegrees(weighted: Bool = true) -> [Double] {
        var d = [Double](repeating: 0, count: nodeCount)
        for (p, v) in adjacency.columnIndices.enumerated() { d[Int(v)] += weighted ? adjacency.values[p] : 1 }
        return d
    }

    /// The node called `name`, if any (a linear search; build a dictionary for many look-ups).
    public func node(named name: String) -> Int? { nodeNames.firstIndex(of: name) }

    /// A vector over the nodes from values by node name (e.g. a personalization); nodes not named get 0.
    /// - Throws: `GraphError.unknownNodes` listing (up to five of) the names that are not nodes.
    public func nodeVector(_ values: [String: Double]) throws -> [Double] {
        var index: [String: Int] = [:]
        index.reserveCapacity(nodeCount)
        for (v, name) in nodeNames.enumerated() { index[name] = v }
        let unknown = values.keys.filter { index[$0] == nil }.sorted()
        guard unknown.isEmpty else { throw GraphError.unknownNodes(unknown) }
        var vector = [Double](repeating: 0, count: nodeCount)
        for (name, value) in values { vector[index[name]!] = value }
        return vector
    }
}
