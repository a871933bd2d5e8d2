import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `descent cluster` against scikit-learn's SpectralClustering (Tools/references/clustering.py →
/// References/cluster_cli.json): the moons as a CSV table (knn affinity) and the karate club as a
/// precomputed affinity give sklearn's labels up to a permutation; the JSON keys, the readable
/// summary, the plot, and bad input with its one-line message.
@Suite("descent cluster")
struct ClusterCommandTests {
    static let reference = try! ReferenceData.load("cluster_cli")

    static func labels(_ json: String) throws -> [Int] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return (object["labels"] as! [Any]).map { ($0 as! NSNumber).intValue }
    }

    @Test("moons (CSV, knn) and the karate club (precomputed) get scikit-learn's labels; JSON keys labels and eigengap")
    func matchesScikitLearn() throws {
        let moons = try DescentCLI.run(["cluster", "moons.csv", "--drop", "label", "--k", "2", "--affinity", "knn", "--json"],
                                       files: ["moons.csv": Self.reference.string("moons_csv")])
        #expect(moons.status == 0, "stderr: \(moons.stderr)")
        let expected = Self.reference.doubles("moons_labels").map { Int($0) }
        #expect(try adjustedRandIndex(Self.labels(moons.stdout), expected) == 1)
        // The kNN graph of the moons has two components: said on stderr, JSON untouched.
        #expect(moons.stderr.hasPrefix("note: the affinity graph is not connected: 2 components"))
        let object = try JSONSerialization.jsonObject(with: Data(moons.stdout.utf8)) as! [String: Any]
        #expect(Set(object.keys) == ["labels", "eigengap"])

        let karate = try DescentCLI.run(["cluster", "dataset:karate_club", "--k", "2", "--affinity", "precomputed", "--json"])
        #expect(karate.status == 0, "stderr: \(karate.stderr)")
        #expect(try adjustedRandIndex(Self.labels(karate.stdout), Self.reference.doubles("karate_labels").map { Int($0) }) == 1)
        let gap = (try JSONSerialization.jsonObject(with: Data(karate.stdout.utf8)) as! [String: Any])["eigengap"] as! Double
        let eigenvalues = Self.reference.doubles("karate_eigenvalues")
        // LAPACK on a 34 × 34 matrix: rounding only.
        expectClose(gap, eigenvalues[2] - eigenvalues[1], rtol: 1e-12)
    }

    @Test("the readable summary (golden) and the plot")
    func summaryAndPlot() throws {
        let csv = "x,y,id\n0,0,1\n0.1,0,2\n0,0.1,3\n5,5,4\n5.1,5,5\n5,5.1,6\n"
        let run = try DescentCLI.run(["cluster", "points.csv", "--drop", "id", "--k", "2", "--plot", "c.svg"],
                                     files: ["points.csv": csv], reading: ["c.svg"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        // Two groups of three points 7 apart: exp(−49) ≈ 5e-22 between them, so λ₁ = λ₂ = 0 to rounding
        // and λ₃ = 1.4975 (SciPy: eigvalsh(laplacian(rbf_kernel(x, gamma=1), normed=True)) = 2.2e-16, 2.2e-16, 1.49750002, …).
        #expect(run.stdout == """
            spectral clustering: 6 points, k = 2, affinity rbf (gamma = 1)
            cluster sizes: 3, 3
            eigenvalues of the normalized Laplacian: [0, 0, 1.4975]
            eigengap: 1.4975 (λ3 − λ2)
            connected components: 1
            termination: solved directly (factorization)
            iterations: 0
            labels: [1, 1, 1, 0, 0, 0]

            """, "\(run.stdout)")
        let svg = run.files["c.svg"] ?? ""
        #expect(svg.hasPrefix("<svg") && svg.contains("cluster 0") && svg.contains("cluster 1") && svg.contains(">x<"))
    }

    @Test("refused: one line that says what to change", arguments: [
        (["cluster", "points.csv", "--k", "0"], "Error: --k must be at least 1, got 0"),
        (["cluster", "points.csv", "--k", "5"], "error: cannot form 5 clusters from 3 points (k must be between 1 and the number of points)"),
        (["cluster", "points.csv", "--k", "2", "--affinity", "knn"], "error: a nearest-neighbour graph of 10 neighbours needs at least 10 points, got 3"),
        (["cluster", "points.csv", "--k", "2", "--gamma", "-1"], "Error: --gamma must be a positive finite number, got -1"),
        (["cluster", "points.csv", "--k", "2", "--drop", "z"], "error: points.csv: the dropped column 'z' is not a column of the header; the names are x, y"),
        (["cluster", "bad.csv", "--k", "2"], "error: bad.csv: line 3, column 2: missing value (an empty field) in column 'y'; choose a missing-value policy (drop rows or mean imputation) to accept it"),
        (["cluster", "graph.csv", "--k", "2", "--affinity", "precomputed"], "error: the affinity matrix is not symmetric: entries (0, 1) and (1, 0) differ"),
    ])
    func refused(arguments: [String], message: String) throws {
        let run = try DescentCLI.run(arguments, files: ["points.csv": "x,y\n0,0\n1,1\n2,2\n", "bad.csv": "x,y\n1,2\n2,\n3,7\n",
                                                        "graph.csv": "0,1\n2,0\n"])
        #expect(run.status != 0)
        #expect(run.stderr.split(separator: "\n").first.map(String.init) == message, "stderr: \(run.stderr)")
    }

    @Test("an isolated point of a precomputed graph is reported")
    func isolatedPoint() throws {
        let run = try DescentCLI.run(["cluster", "graph.csv", "--k", "2", "--affinity", "precomputed"],
                                     files: ["graph.csv": "0,1,0,0\n1,0,0,0\n0,0,0,0\n0,0,0,0\n"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("note: 2 point(s) have no affinity to any other (rows 2, 3); their embedding is 0"))
        #expect(run.stdout.contains("connected components: 3"))
    }
}
