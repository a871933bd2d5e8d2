import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentLearn

/// Graphs from edge lists, their Laplacians and components, against networkx
/// (generator: Tools/references/pagerank.py).
@Suite("Graphs")
struct GraphTests {
    static let reference = try! ReferenceData.load("pagerank")

    @Test("Laplacians equal networkx's, with a self-loop and zero-degree nodes")
    func laplacians() throws {
        let l = Self.reference["laplacian"]
        let g = try EdgeList(parsing: l.string("edges")).graph(directed: false)
        #expect(g.nodeNames == (l.object["nodes"] as! [String]))
        // Entries are a few products and one square root: agreement to rounding.
        expectClose(g.laplacian(.unnormalized).toDense(), l.tensor("unnormalized"), rtol: 0, atol: 1e-15)
        expectClose(g.laplacian(.symmetricNormalized).toDense(), l.tensor("symmetric_normalized"), rtol: 0, atol: 1e-15)
        expectClose(g.laplacian(.randomWalk).toDense(), l.tensor("random_walk"), rtol: 0, atol: 1e-15)
        // The unnormalized Laplacian annihilates 1 (rows sum to 0), self-loop or not.
        expectClose(g.laplacian().rowSums.scalars, [Double](repeating: 0, count: 9), rtol: 0, atol: 1e-15)
    }

    @Test("components: weak and strong on the directed graph, connected on the undirected one")
    func components() throws {
        let c = Self.reference["components"]
        let directed = try EdgeList(parsing: Self.reference.string("directed_edges")).graph(directed: true)
        func lists(_ key: String) -> [[Int]] { (c.object[key] as! [[Any]]).map { $0.map { Int(ReferenceData.number($0, key)) } } }
        #expect(directed.components(.weak) == lists("weak"))
        #expect(directed.components(.strong) == lists("strong"))
        #expect(directed.componentCount(.strong) == 4)
        let small = try EdgeList(parsing: Self.reference["laplacian"].string("edges")).graph(directed: false)
        #expect(small.components(.strong) == lists("small") && small.components() == lists("small"))
    }

    @Test("Tarjan's components survive a 100000-node path (no recursion)")
    func longPath() throws {
        let n = 100_000
        let g = try Graph(nodeCount: n, sources: Array(0..<(n - 1)) + [n - 1], targets: Array(1..<n) + [0], directed: true)
        #expect(g.componentCount(.strong) == 1)
        let open = try Graph(nodeCount: n, sources: Array(0..<(n - 1)), targets: Array(1..<n), directed: true)
        #expect(open.componentCount(.strong) == n && open.componentCount(.weak) == 1)
    }

    @Test("duplicates are summed and counted, self-loops kept once, degrees as networkx's Laplacian uses them")
    func duplicatesAndLoops() throws {
        let list = try EdgeList(parsing: "a b 1\nb a 2\na a 3\na a 1\nb c\n")
        let undirected = try list.graph(directed: false)
        #expect(undirected.duplicateEdgeCount == 2 && undirected.selfLoopCount == 1 && undirected.edgeCount == 3)
        #expect(undirected.adjacency[0, 1] == 3 && undirected.adjacency[1, 0] == 3 && undirected.adjacency[0, 0] == 4)
        #expect(undirected.degrees() == [7, 4, 1] && undirected.degrees(weighted: false) == [2, 2, 1])
        let directed = try list.graph(directed: true)
        #expect(directed.duplicateEdgeCount == 1 && directed.edgeCount == 4)
        #expect(directed.degrees() == [5, 3, 0] && directed.inDegrees() == [6, 1, 1])
        let unweighted = try list.graph(directed: true, weighted: false)
        #expect(unweighted.adjacency[0, 0] == 2)
    }

    @Test("edge-list syntax: comments, tabs, CRLF, a byte-order mark, any non-space names")
    func syntax() throws {
        let list = try EdgeList(parsing: "\u{FEFF}# header\n  x\ty  # trailing\r\n\n01 1 2.5e0\r\nπ x\n")
        #expect(list.nodeNames == ["x", "y", "01", "1", "π"])
        #expect(list.sources == [0, 2, 4] && list.targets == [1, 3, 0] && list.weights == [1, 2.5, 1] && list.hasWeights)
    }

    @Test("malformed edge lists name the line and field", arguments: [
        ("a b\nc\n", "line 2, column 2: no target: expected `source target [weight]`"),
        ("a b 1 2\n", "line 1, column 4: more than 3 fields ('2'); expected `source target [weight]`"),
        ("a b x\n", "line 1, column 3: the weight 'x' is not a finite number"),
        ("# c\na b -2\n", "line 2, column 3: the weight '-2' is negative; weights must be ≥ 0"),
        ("a b nan\n", "line 1, column 3: the weight 'nan' is not a finite number"),
        ("a b inf\n", "line 1, column 3: the weight 'inf' is not a finite number"),
    ])
    func malformed(text: String, message: String) {
        let error = #expect(throws: EdgeListError.self) { try EdgeList(parsing: text) }
        #expect(error?.description == message)
    }

    @Test("files: read in chunks with the path in errors; a missing file or a directory is one line")
    func files() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("edges-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Longer than one 1 MiB chunk, so fields and lines cross chunk boundaries.
        let lines = (0..<120_000).map { "node\($0) node\(($0 * 7 + 1) % 120_000) \($0 % 5)" }
        try (lines.joined(separator: "\n") + "\nbad").write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: EdgeListError.self) { try EdgeList(contentsOf: path) }
        #expect(error?.description == "\(path): line 120001, column 2: no target: expected `source target [weight]`")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let list = try EdgeList(contentsOf: path)
        #expect(list.sources.count == 120_000 && list.nodeNames.count == 120_000 && list.weights[7] == 2)
        #expect(throws: EdgeListError(line: 0, column: 0, reason: "no such file", file: path + ".missing")) {
            try EdgeList(contentsOf: path + ".missing")
        }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: EdgeListError(line: 0, column: 0, reason: "is a directory, not a file", file: directory)) {
            try EdgeList(contentsOf: directory)
        }
    }

    @Test("node values: `node value` lines with comments; malformed lines name the line and field")
    func nodeValues() throws {
        #expect(try NodeValues.parse("# p\na 1\n\tb 2.5 # note\n") == ["a": 1, "b": 2.5])
        #expect(throws: EdgeListError(line: 2, column: 3, reason: "3 fields; expected `node value`")) { try NodeValues.parse("a 1\nb 2 3\n") }
        #expect(throws: EdgeListError(line: 1, column: 2, reason: "1 field; expected `node value`")) { try NodeValues.parse("a\n") }
        #expect(throws: EdgeListError(line: 2, column: 1, reason: "node 'a' is listed twice")) { try NodeValues.parse("a 1\na 2\n") }
        #expect(throws: EdgeListError(line: 1, column: 2, reason: "the value '-1' is not a finite number ≥ 0")) { try NodeValues.parse("a -1\n") }
    }

    @Test("bad graphs from the API: negative or NaN weights and endpoints out of range throw")
    func badGraphs() {
        #expect(throws: GraphError.invalidWeight(edge: 1, source: "1", target: "2", weight: -1)) {
            try Graph(nodeCount: 3, sources: [0, 1], targets: [1, 2], weights: [1, -1], directed: true)
        }
        #expect(throws: GraphError.self) { try Graph(nodeCount: 3, sources: [0], targets: [1], weights: [.nan], directed: false) }
        #expect(throws: GraphError.nodeOutOfRange(edge: 0, source: 0, target: 3, nodeCount: 3)) {
            try Graph(nodeCount: 3, sources: [0], targets: [3], directed: false)
        }
    }

    @Test("a Graph from an adjacency matrix: the karate club's round-trips; asymmetric, non-square and negative ones throw")
    func fromAdjacency() throws {
        let karate = Graph(Dataset.karateClub)
        let again = try Graph(adjacency: karate.adjacency, directed: false)
        #expect(again == karate)
        #expect(again.laplacian(.symmetricNormalized) == karate.laplacian(.symmetricNormalized))
        let arrow = try SparseMatrix(rows: 2, columns: 2, rowIndices: [0], columnIndices: [1], values: [1])
        #expect(throws: GraphError.asymmetricAdjacency(row: 0)) { try Graph(adjacency: arrow, directed: false) }
        #expect(try Graph(adjacency: arrow, directed: true).edgeCount == 1)
        #expect(throws: GraphError.notSquare(rows: 1, columns: 2)) {
            try Graph(adjacency: SparseMatrix(rows: 1, columns: 2, rowIndices: [0], columnIndices: [1], values: [1]), directed: true)
        }
        let negative = try SparseMatrix(rows: 2, columns: 2, rowIndices: [0, 1], columnIndices: [1, 0], values: [-1, -1])
        #expect(throws: GraphError.invalidWeight(edge: 0, source: "0", target: "1", weight: -1)) { try Graph(adjacency: negative, directed: false) }
    }

    @Test("the karate club as a Graph: 34 nodes, 78 edges, networkx's weighted degrees")
    func karate() {
        let g = Graph(Dataset.karateClub)
        #expect(g.nodeCount == 34 && g.edgeCount == 78 && !g.isDirected && g.duplicateEdgeCount == 0)
        #expect(g.degrees() == Dataset.karateClub.degrees(weighted: true))
        #expect(g.componentCount() == 1)
    }
}
