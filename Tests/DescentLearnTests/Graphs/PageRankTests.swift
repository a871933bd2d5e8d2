import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentLearn

/// PageRank against networkx (generator: Tools/references/pagerank.py): the karate club and a
/// directed graph with dangling nodes, a self-loop and a repeated edge, weighted and unweighted,
/// personalized and with a separate dangling vector.
@Suite("PageRank")
struct PageRankTests {
    static let reference = try! ReferenceData.load("pagerank")

    /// The case's graph, built the way a user would: the karate dataset, or the edge-list text networkx parsed.
    static func graph(_ c: ReferenceData) throws -> Graph {
        let weighted = c.object["weighted"] as! Bool
        if let text = c.object["edges"] as? String {
            return try EdgeList(parsing: text).graph(directed: c.object["directed"] as! Bool, weighted: weighted)
        }
        return Graph(Dataset.karateClub, weighted: weighted)
    }

    /// A vector over the nodes from the case's name → value object, or nil.
    static func vector(_ c: ReferenceData, _ key: String, _ graph: Graph) throws -> [Double]? {
        guard let values = c.object[key] as? [String: Any] else { return nil }
        return try graph.nodeVector(values.mapValues { ReferenceData.number($0, key) })
    }

    static func expected(_ c: ReferenceData, _ key: String, _ graph: Graph) -> [Double] {
        let values = c.object[key] as! [String: Any]
        return graph.nodeNames.map { ReferenceData.number(values[$0], $0) }
    }

    static func run(_ c: ReferenceData, _ options: PageRankOptions) throws -> (Graph, PageRankResult) {
        let g = try graph(c)
        let result = try pageRank(of: g, personalization: vector(c, "personalization", g), dangling: vector(c, "dangling", g), options: options)
        return (g, result)
    }

    @Test("power iteration at networkx's defaults returns networkx's iterate")
    func networkxDefaults() throws {
        for c in Self.reference.cases("cases") {
            let (g, result) = try Self.run(c, PageRankOptions(damping: c.double("alpha")))
            #expect(result.termination == .convergedResidual, "\(c.string("name"))")
            // Same stopping rule, same arithmetic up to summation order: the same iterate to rounding.
            // A different iteration count would differ by about n·tol = 1e-6·n, far above 1e-13.
            expectClose(result.scores, Self.expected(c, "networkx", g), rtol: 0, atol: 1e-13, c.string("name"))
            #expect(result.residual < Double(g.nodeCount) * 1e-6)
        }
    }

    @Test("every method reaches the exact linear-system solution to 1e-10", arguments: PageRankOptions.Method.allCases)
    func exactSolution(method: PageRankOptions.Method) throws {
        for c in Self.reference.cases("cases") {
            // L1 threshold n·tol = 1e-13 bounds the error ‖x − x*‖₁ ≤ threshold/(1 − α) ≈ 1e-12, well inside 1e-10.
            let n = Double(try Self.graph(c).nodeCount)
            let (g, result) = try Self.run(c, PageRankOptions(damping: c.double("alpha"), tolerance: 1e-13 / n, maxIterations: 2000, method: method))
            #expect(result.isConverged, "\(c.string("name")) \(method): \(result.termination)")
            expectClose(result.scores, Self.expected(c, "exact", g), rtol: 0, atol: 1e-10, "\(c.string("name")) \(method)")
            #expect(abs(result.scores.reduce(0.0) { $0 + $1 } - 1) < 1e-12)
        }
    }

    /// k textbook Gauss–Seidel sweeps on the dense M = I − α(Pᵀ + w dᵀ), M x = (1 − α)p, each
    /// followed by the rescale to sum 1 (the library's sweep, written from the matrix entries).
    static func denseGaussSeidel(_ g: Graph, alpha: Double, p: [Double], w: [Double], sweeps: Int) -> [Double] {
        let n = g.nodeCount
        let a = g.adjacency.toDense().scalars
        let degree = (0..<n).map { u in (0..<n).reduce(0.0) { $0 + a[u * n + $1] } }
        // m[i][j] = δᵢⱼ − α(Aⱼᵢ/dⱼ + wᵢ[j dangling]).
        let m = (0..<n).map { i in
            (0..<n).map { j in (i == j ? 1 : 0) - alpha * (degree[j] == 0 ? w[i] : a[j * n + i] / degree[j]) }
        }
        var x = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<sweeps {
            for i in 0..<n {
                var sum = (1 - alpha) * p[i]
                for j in 0..<n where j != i { sum -= m[i][j] * x[j] }
                x[i] = sum / m[i][i]
            }
            let total = x.reduce(0.0) { $0 + $1 }
            x = x.map { $0 / total }
        }
        return x
    }

    @Test("Gauss–Seidel (scatter form, no transposed copy) equals dense textbook sweeps, sweep for sweep")
    func gaussSeidelSweeps() throws {
        for c in Self.reference.cases("cases") {
            let g = try Self.graph(c)
            let n = g.nodeCount
            func unitSum(_ v: [Double]) -> [Double] {
                let total = v.reduce(0.0) { $0 + $1 }
                return v.map { $0 / total }
            }
            let p = try Self.vector(c, "personalization", g).map(unitSum) ?? [Double](repeating: 1 / Double(n), count: n)
            let w = try Self.vector(c, "dangling", g).map(unitSum) ?? p
            for sweeps in [1, 2, 5] {
                // Tolerance 0 never stops early, so exactly `sweeps` sweeps run.
                let (_, result) = try Self.run(c, PageRankOptions(damping: c.double("alpha"), tolerance: 0, maxIterations: sweeps, method: .gaussSeidel))
                #expect(result.iterations == sweeps && result.termination == .iterationLimit)
                // The same operations up to summation order (the in-link sums are accumulated as the
                // sources change rather than gathered), on scores ≤ 1: a few ulps, far below 1e-15.
                expectClose(result.scores, Self.denseGaussSeidel(g, alpha: c.double("alpha"), p: p, w: w, sweeps: sweeps),
                            rtol: 0, atol: 1e-15, "\(c.string("name")) after \(sweeps) sweeps")
            }
        }
    }

    @Test("the faster solvers need fewer iterations than power iteration")
    func fasterSolvers() throws {
        let g = Graph(Dataset.karateClub)
        let tight = { (method: PageRankOptions.Method) in try pageRank(of: g, options: PageRankOptions(tolerance: 1e-14, maxIterations: 1000, method: method)) }
        let power = try tight(.power), seidel = try tight(.gaussSeidel), krylov = try tight(.krylov)
        #expect(seidel.iterations < power.iterations)
        #expect(krylov.iterations < power.iterations)
    }

    @Test("a start at the solution converges in one step; zero iterations reports the start's residual")
    func restartAtSolution() throws {
        let g = Graph(Dataset.karateClub)
        let solution = try pageRank(of: g, options: PageRankOptions(tolerance: 1e-15, maxIterations: 1000)).scores
        for method in PageRankOptions.Method.allCases {
            let again = try pageRank(of: g, start: solution, options: PageRankOptions(tolerance: 1e-12, method: method))
            #expect(again.isConverged && again.iterations <= 1, "\(method): \(again.iterations)")
        }
        let none = try pageRank(of: g, options: PageRankOptions(maxIterations: 0))
        #expect(none.termination == .iterationLimit && none.iterations == 0 && none.residual > 0)
        #expect(none.scores == [Double](repeating: 1.0 / 34, count: 34))
    }

    @Test("too few iterations stop at the limit with the last iterate")
    func iterationLimit() throws {
        let g = Graph(Dataset.karateClub)
        let result = try pageRank(of: g, options: PageRankOptions(tolerance: 1e-15, maxIterations: 3))
        #expect(result.termination == .iterationLimit && result.iterations == 3 && !result.isConverged)
        #expect(abs(result.scores.reduce(0.0) { $0 + $1 } - 1) < 1e-12)
    }

    @Test("bad input: empty graph, vectors of the wrong length, negative or zero-sum, unknown names")
    func badInput() throws {
        let empty = try Graph(nodeCount: 0, sources: [], targets: [], directed: true)
        #expect(throws: GraphError.emptyGraph) { try pageRank(of: empty) }
        let g = Graph(Dataset.karateClub)
        #expect(throws: GraphError.self) { try pageRank(of: g, personalization: [1, 2]) }
        var negative = [Double](repeating: 1, count: 34)
        negative[5] = -1
        let error = #expect(throws: GraphError.self) { try pageRank(of: g, personalization: negative) }
        #expect("\(error!)" == "the personalization vector has -1.0 at node '5'; entries must be finite and ≥ 0")
        #expect(throws: GraphError.self) { try pageRank(of: g, dangling: [Double](repeating: 0, count: 34)) }
        let unknown = #expect(throws: GraphError.self) { try g.nodeVector(["0": 1, "zz": 2, "40": 1]) }
        #expect("\(unknown!)" == "2 names that are not nodes: '40', 'zz'")
    }

    @Test("top lists nodes by decreasing score")
    func top() throws {
        let result = try pageRank(of: Graph(Dataset.karateClub))
        let order = result.top(3)
        #expect(order.count == 3 && order[0] == 33 && order[1] == 0)
        #expect(result.scores[order[1]] >= result.scores[order[2]])
    }
}
