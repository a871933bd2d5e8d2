import DescentCore

/// An undirected weighted graph whose nodes carry a label: the karate club and its two factions.
///
/// Nodes are 0 … n−1; each edge {u, v} appears once in `edges` with u < v and a positive weight.
/// The adjacency matrix is symmetric: Aᵤᵥ = Aᵥᵤ = weight, zero elsewhere.
public struct LabeledGraph: Sendable, Equatable {
    /// One undirected edge.
    public struct Edge: Sendable, Equatable, Hashable {
        /// The smaller endpoint.
        public let source: Int
        /// The larger endpoint.
        public let target: Int
        /// The edge's weight (for the karate club: the number of contexts in which the two met).
        public let weight: Double

        /// An edge {source, target}; the endpoints are stored in increasing order.
        public init(source: Int, target: Int, weight: Double) {
            self.source = Swift.min(source, target)
            self.target = Swift.max(source, target)
            self.weight = weight
        }
    }

    /// The number of nodes n.
    public let nodeCount: Int
    /// The edges, each once.
    public let edges: [Edge]
    /// The label of each node (`nodeLabels[v]` for node v).
    public let nodeLabels: [String]
    /// What the labels are (for the karate club: "club").
    public let labelName: String

    /// A graph from its parts.
    /// - Precondition: every endpoint is below `nodeCount`, no edge is a self-loop or repeated, and
    ///   there is one label per node.
    public init(nodeCount: Int, edges: [Edge], nodeLabels: [String], labelName: String) {
        precondition(nodeLabels.count == nodeCount, "LabeledGraph: \(nodeLabels.count) labels for \(nodeCount) nodes")
        precondition(edges.allSatisfy { $0.source >= 0 && $0.target < nodeCount && $0.source != $0.target },
                     "LabeledGraph: an edge leaves the nodes 0..<\(nodeCount) or is a self-loop")
        precondition(Set(edges.map { [$0.source, $0.target] }).count == edges.count, "LabeledGraph: an edge appears twice")
        self.nodeCount = nodeCount
        self.edges = edges
        self.nodeLabels = nodeLabels
        self.labelName = labelName
    }

    /// The distinct labels in sorted order.
    public var labels: [String] { Array(Set(nodeLabels)).sorted() }

    /// The dense symmetric n × n weighted adjacency matrix.
    public func adjacency() -> Tensor {
        var a = Tensor.zeros([nodeCount, nodeCount])
        for edge in edges {
            a[edge.source, edge.target] = edge.weight
            a[edge.target, edge.source] = edge.weight
        }
        return a
    }

    /// The weighted adjacency matrix in CSR form (both directions of every edge stored).
    public func sparseAdjacency() -> SparseMatrix {
        let sources = edges.flatMap { [$0.source, $0.target] }
        let targets = edges.flatMap { [$0.target, $0.source] }
        let weights = edges.flatMap { [$0.weight, $0.weight] }
        // Endpoints were checked by the initializer, so the matrix always builds.
        return try! SparseMatrix(rows: nodeCount, columns: nodeCount, rowIndices: sources, columnIndices: targets, values: weights)
    }

    /// The degree of each node (edges touching it) and, weighted, the row sums of the adjacency.
    public func degrees(weighted: Bool = false) -> [Double] {
        var d = [Double](repeating: 0, count: nodeCount)
        for edge in edges {
            let w = weighted ? edge.weight : 1
            d[edge.source] += w
            d[edge.target] += w
        }
        return d
    }
}
