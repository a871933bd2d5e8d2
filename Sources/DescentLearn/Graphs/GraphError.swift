/// Why a graph, or a computation on one, cannot be built from the data given.
///
/// Data errors (the second kind of failure in ARCHITECTURE.md): each message is one line naming
/// the edge, node or vector at fault.
public enum GraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Edge `edge` (0-based) has an endpoint outside 0..<nodeCount.
    case nodeOutOfRange(edge: Int, source: Int, target: Int, nodeCount: Int)
    /// An edge's weight is negative, NaN or infinite.
    case invalidWeight(edge: Int, source: String, target: String, weight: Double)
    /// More nodes than the CSR's `Int32` indices can number.
    case tooManyNodes(Int)
    /// The graph has no nodes (PageRank of nothing is undefined).
    case emptyGraph
    /// Names that are not nodes of the graph (at most five are listed).
    case unknownNodes([String])
    /// A vector over the nodes (personalization, dangling weights, start) that does not fit:
    /// wrong length, a negative or non-finite entry, or a zero sum.
    case invalidNodeVector(name: String, reason: String)
    /// An adjacency matrix that is not square.
    case notSquare(rows: Int, columns: Int)
    /// An undirected graph's adjacency matrix differs from its transpose in row `row` (0-based).
    case asymmetricAdjacency(row: Int)
    /// A node's weighted out-degree overflowed to infinity.
    case degreeOverflow(node: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case let .nodeOutOfRange(edge, source, target, nodeCount):
            return "edge \(edge) (\(source) → \(target)) leaves the nodes 0..<\(nodeCount)"
        case let .invalidWeight(edge, source, target, weight):
            return "edge \(edge) (\(source) → \(target)) has weight \(weight); weights must be finite and ≥ 0"
        case let .tooManyNodes(count):
            return "\(count) nodes exceed the limit of \(Int32.max)"
        case .emptyGraph:
            return "the graph has no nodes"
        case let .unknownNodes(names):
            let shown = names.prefix(5).map { "'\($0.count > 40 ? String($0.prefix(40)) + "…" : $0)'" }.joined(separator: ", ")
            return "\(names.count == 1 ? "a name that is not a node" : "\(names.count) names that are not nodes"): \(shown)\(names.count > 5 ? ", …" : "")"
        case let .invalidNodeVector(name, reason):
            return "the \(name) vector \(reason)"
        case let .notSquare(rows, columns):
            return "an adjacency matrix must be square, got \(rows) × \(columns)"
        case let .asymmetricAdjacency(row):
            return "the adjacency matrix of an undirected graph must be symmetric; row \(row) differs from column \(row)"
        case let .degreeOverflow(node):
            return "the weighted out-degree of node '\(node)' overflows (weights too large)"
        }
    }
}
