import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `descent pagerank`: the same scores as the library (which is checked against networkx in
/// DescentLearnTests' PageRank suite), the exact text and JSON of small runs, and every refused
/// input with its one-line message.
@Suite("descent pagerank")
struct PageRankCommandTests {
    static func json(_ run: CommandRun) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    @Test("dataset:karate_club --weighted --json: the library's scores by node name, with the shared keys")
    func karate() throws {
        let run = try DescentCLI.run(["pagerank", "dataset:karate_club", "--weighted", "--json"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let out = try Self.json(run)
        #expect(Array(out.keys).sorted() == ["iterations", "ranks", "residual", "termination"])
        let expected = try pageRank(of: Graph(Dataset.karateClub))
        let ranks = out["ranks"] as! [String: Double]
        // The same doubles, printed as shortest round-trip decimals; Foundation's JSON reader on Linux
        // misreads some 17-digit decimals by a few ulps, hence 1e-14 rather than equality.
        expectClose((0..<34).map { ranks[String($0)]! }, expected.scores, rtol: 1e-14)
        #expect(out["iterations"] as? Int == expected.iterations && out["termination"] as? String == "converged_residual")
        expectClose(out["residual"] as! Double, expected.residual, rtol: 1e-14)
    }

    @Test("golden text: a 3-cycle is uniform after one step; --top, --undirected, methods")
    func golden() throws {
        let files = ["cycle.txt": "# a cycle\na b\nb c\nc a\n"]
        let run = try DescentCLI.run(["pagerank", "cycle.txt"], files: files)
        #expect(run.stdout == """
            3 nodes, 3 edges
            a  0.333333
            b  0.333333
            c  0.333333
            residual: 0
            termination: converged (residual below tolerance)
            iterations: 1

            """, "\(run.stdout)\(run.stderr)")
        let star = ["star.txt": "hub x\nhub y\nhub z\n"]
        for method in ["power", "gauss-seidel", "krylov"] {
            let top = try DescentCLI.run(["pagerank", "star.txt", "--undirected", "--top", "1", "--method", method, "--tol", "1e-12"], files: star)
            #expect(top.status == 0 && top.stdout.hasPrefix("4 nodes, 3 edges (undirected); top 1 by PageRank\nhub  0.4"), "\(method): \(top.stdout)")
        }
    }

    @Test("--personalize: teleports by a node-weight file; repeated edges are summed with a note on stderr")
    func personalized() throws {
        let files = ["web.txt": "home about 2\nabout home 1\nhome faq 1\nhome about 1\n", "p.txt": "home 3\n# comment\nabout 1\n"]
        let run = try DescentCLI.run(["pagerank", "web.txt", "--weighted", "--personalize", "p.txt", "--damping", "0.7", "--tol", "1e-14", "--max-iter", "1000", "--json"],
                                     files: files)
        #expect(run.status == 0 && run.stderr == "note: summed 1 repeated edge into one each\n", "\(run.stderr)")
        let list = try EdgeList(parsing: files["web.txt"]!)
        let graph = try list.graph(directed: true)
        let expected = try pageRank(of: graph, personalization: graph.nodeVector(["home": 3, "about": 1]),
                                    options: PageRankOptions(damping: 0.7, tolerance: 1e-14, maxIterations: 1000))
        let ranks = try Self.json(run)["ranks"] as! [String: Double]
        // Same doubles up to the JSON reader's few-ulp misreadings (see `karate`).
        expectClose(graph.nodeNames.map { ranks[$0]! }, expected.scores, rtol: 1e-14)
    }

    static let failures: [([String], [String: String], String)] = [
        (["pagerank", "empty.txt"], ["empty.txt": "# nothing\n"], "error: the graph has no nodes"),
        (["pagerank", "e.txt", "--weighted"], ["e.txt": "a b 1\nb c -2\n"], "error: e.txt: line 2, column 3: the weight '-2' is negative; weights must be ≥ 0"),
        (["pagerank", "e.txt"], ["e.txt": "a b\nlonely\n"], "error: e.txt: line 2, column 2: no target: expected `source target [weight]`"),
        (["pagerank", "e.txt", "--personalize", "p.txt"], ["e.txt": "a b\n", "p.txt": "a 1\nzz 2\n"], "error: a name that is not a node: 'zz'"),
        (["pagerank", "e.txt", "--personalize", "p.txt"], ["e.txt": "a b\n", "p.txt": "a 0\n"], "error: the personalization vector sums to 0.0; it needs a positive finite sum"),
        (["pagerank", "e.txt", "--personalize", "p.txt"], ["e.txt": "a b\n", "p.txt": "a x\n"], "error: p.txt: line 1, column 2: the value 'x' is not a finite number ≥ 0"),
        (["pagerank", "missing.txt"], [:], "error: missing.txt: no such file"),
        (["pagerank", "dataset:diabetes"], [:], "error: dataset 'diabetes' is a table, not a graph"),
    ]

    @Test("refused with one line naming the file, line and field, or the nodes", arguments: 0..<failures.count)
    func refused(_ index: Int) throws {
        let (arguments, files, message) = Self.failures[index]
        let run = try DescentCLI.run(arguments, files: files)
        #expect(run.status == 1 && run.stdout.isEmpty, "\(arguments): exit \(run.status)")
        #expect(run.stderr == message + "\n", "\(arguments): \(run.stderr)")
    }

    @Test("option checks: damping outside [0, 1], damping 1 without power, --top below 1")
    func options() throws {
        for (arguments, message) in [(["--damping", "1.5"], "--damping must be in [0, 1], got 1.5"),
                                     (["--damping", "1", "--method", "krylov"], "--damping 1 needs --method power"),
                                     (["--top", "0"], "--top must be ≥ 1, got 0")] {
            let run = try DescentCLI.run(["pagerank", "e.txt"] + arguments, files: ["e.txt": "a b\n"])
            #expect(run.status == 64 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }
}
