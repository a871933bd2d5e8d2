import Foundation
import Testing

/// `mpirun -np 2 descent pca|fit|pagerank … --distributed`: each rank reads its rows (a `{rank}`
/// file each, or row blocks of one file), rank 0 alone prints, and the numbers equal one
/// process's verb on all the rows.
@Suite("DistributedCommand", .enabled(if: MPIRun.available && DistributedCommand.descent != nil, MPIRun.unavailableNote), .serialized)
struct DistributedCommandTests {
    /// A 30 × 3 table, rows split 12/18 into part-0.csv and part-1.csv, and whole in all.csv.
    static func writeTables(in directory: URL) throws {
        var rows: [String] = []
        for i in 0..<30 {
            let t = Double(i)
            rows.append("\(sin(t) * 3 + t / 10),\(cos(t * 0.7) + t / 20),\(Double((i * 7) % 11) - 5)")
        }
        let header = "a,b,c\n"
        try (header + rows.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("all.csv"), atomically: true, encoding: .utf8)
        try (header + rows[..<12].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("part-0.csv"), atomically: true, encoding: .utf8)
        try (header + rows[12...].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("part-1.csv"), atomically: true, encoding: .utf8)
    }

    @Test(arguments: ["full", "covariance"])
    func pcaEqualsOneProcess(method: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTables(in: directory)
        let arguments = ["--components", "2", "--method", method, "--json"]
        let single = try DistributedCommand.run(ranks: 1, ["pca", "all.csv"] + arguments, in: directory, distributed: false)
        let perRank = try DistributedCommand.run(ranks: 2, ["pca", "part-{rank}.csv"] + arguments + ["--distributed"], in: directory)
        let blocks = try DistributedCommand.run(ranks: 2, ["pca", "all.csv"] + arguments + ["--distributed"], in: directory)
        #expect(single.status == 0, "\(single.stderr)")
        let expected = try Self.numbers(single.stdout)
        for job in [perRank, blocks] {
            #expect(job.status == 0, "\(job.stdout)\n\(job.stderr)")
            // Rank 0 alone printed: one JSON object.
            #expect(job.stdout.components(separatedBy: "explained_variance_ratio").count == 2, "\(job.stdout)")
            let got = try Self.numbers(job.stdout)
            #expect(got.count == expected.count)
            // The TSQR/Gram sums in another order than one process's SVD: round-off of
            // numbers of order 1–10 (1e-12 leaves 3 orders of margin).
            for (a, b) in zip(got, expected) { #expect(abs(a - b) <= 1e-12, "\(a) vs \(b)") }
        }
    }

    /// `descent fit --distributed` (ridge and lasso from the allreduced Gram) equals `descent fit`
    /// (DescentLearn's Ridge by Cholesky on X, Lasso by coordinate descent on X): 1e-9 for ridge
    /// (round-off of two factorizations of a system with coefficients of order 1); lasso 1e-6, both
    /// stopping at a duality gap of 1e-12·‖y‖² reached along different sweeps (their coefficients
    /// can differ by √(2·gap/curvature) ≈ 1e-6 at most here).
    @Test(arguments: [("ridge", 1e-9), ("lasso", 1e-6)])
    func fitEqualsOneProcess(model: String, tolerance: Double) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTables(in: directory)
        let arguments = ["--target", "c", "--model", model, "--alpha", "0.1", "--tol", "1e-12", "--max-iter", "100000", "--json"]
        let single = try DistributedCommand.run(ranks: 1, ["fit", "all.csv"] + arguments, in: directory, distributed: false)
        let job = try DistributedCommand.run(ranks: 2, ["fit", "part-{rank}.csv"] + arguments + ["--distributed"], in: directory)
        #expect(single.status == 0 && job.status == 0, "\(single.stderr)\n\(job.stdout)\n\(job.stderr)")
        let expected = try Self.object(single.stdout), got = try Self.object(job.stdout)
        let a = try #require(expected["coefficients"] as? [String: Double]), b = try #require(got["coefficients"] as? [String: Double])
        #expect(Set(a.keys) == Set(b.keys))
        for (name, value) in a { #expect(abs(value - (b[name] ?? .nan)) <= tolerance, "\(name): \(value) vs \(b[name] ?? .nan)") }
        let i = try #require(expected["intercept"] as? Double), j = try #require(got["intercept"] as? Double)
        #expect(abs(i - j) <= tolerance)
    }

    /// `descent pagerank --distributed` on integer nodes equals `descent pagerank` (12 nodes, a
    /// dangling node, a comment line; edges split 7/9 into two files, or dealt from one file):
    /// 1e-14, both run power iteration to n·1e-14 and differ only in the order of additions.
    @Test func pageRankEqualsOneProcess() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = ["0 1", "0 2", "1 2", "2 0", "3 2", "3 4", "4 5", "# a comment", "5 3", "5 6", "6 0", "7 6", "8 7", "9 8", "10 9", "1 11", "4 11"]
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("all.txt"), atomically: true, encoding: .utf8)
        try (lines[..<7].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("edges-0.txt"), atomically: true, encoding: .utf8)
        try (lines[7...].joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("edges-1.txt"), atomically: true, encoding: .utf8)
        let arguments = ["--tol", "1e-14", "--max-iter", "1000", "--json"]
        let single = try DistributedCommand.run(ranks: 1, ["pagerank", "all.txt"] + arguments, in: directory, distributed: false)
        let expected = try #require(try Self.object(single.stdout)["ranks"] as? [String: Double])
        #expect(expected.count == 12)
        for edges in ["edges-{rank}.txt", "all.txt"] {
            let job = try DistributedCommand.run(ranks: 2, ["pagerank", edges] + arguments + ["--distributed"], in: directory)
            #expect(job.status == 0, "\(job.stdout)\n\(job.stderr)")
            let got = try #require(try Self.object(job.stdout)["ranks"] as? [String: Double])
            #expect(Set(got.keys) == Set(expected.keys))
            for (node, value) in expected { #expect(abs(value - (got[node] ?? .nan)) <= 1e-14, "node \(node): \(value) vs \(got[node] ?? .nan)") }
        }
        // A malformed line is reported with its file and line, and the job ends.
        try "0 1\n1 x\n".write(to: directory.appendingPathComponent("bad.txt"), atomically: true, encoding: .utf8)
        let bad = try DistributedCommand.run(ranks: 2, ["pagerank", "bad.txt", "--distributed"], in: directory)
        #expect(bad.status != 0 && bad.stderr.contains("bad.txt:2: expected two node numbers"), "\(bad.stderr)")
    }

    /// `descent fit --model logistic --distributed` (L-BFGS to ‖∇f‖∞ ≤ 1e-7 on the mean loss) equals
    /// `descent fit --model logistic` (to 1e-10): the loss's curvature is at least 1/(N·C) = 1/20, so
    /// the distributed point is within 20·2·1e-7 = 4e-6 of the optimum; 1e-5.
    @Test func logisticEqualsOneProcess() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var rows = ["a,b,c,y"]
        for i in 0..<40 {
            let t = Double(i)
            let (a, b, c) = (sin(t * 1.3), cos(t * 0.7), sin(t * 0.31 + 1))
            let label = a - 2 * b + 0.5 * c + 0.8 * sin(t * 2.9) > 0 ? 1 : 0
            rows.append("\(a),\(b),\(c),\(label)")
        }
        try (rows.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("labels.csv"), atomically: true, encoding: .utf8)
        let single = try DistributedCommand.run(ranks: 1, ["fit", "labels.csv", "--target", "y", "--model", "logistic", "--c", "0.5", "--tol", "1e-10", "--json"],
                                                in: directory, distributed: false)
        let job = try DistributedCommand.run(ranks: 2, ["fit", "labels.csv", "--target", "y", "--model", "logistic", "--c", "0.5", "--tol", "1e-7",
                                                        "--json", "--distributed"], in: directory)
        #expect(single.status == 0 && job.status == 0, "\(single.stderr)\n\(job.stdout)\n\(job.stderr)")
        let expected = try Self.object(single.stdout), got = try Self.object(job.stdout)
        #expect(got["termination"] as? String == "converged_gradient", "\(job.stdout)")
        let a = try #require(expected["coefficients"] as? [String: Double]), b = try #require(got["coefficients"] as? [String: Double])
        for (name, value) in a { #expect(abs(value - (b[name] ?? .nan)) <= 1e-5, "\(name): \(value) vs \(b[name] ?? .nan)") }
        let i = try #require(expected["intercept"] as? Double), j = try #require(got["intercept"] as? Double)
        #expect(abs(i - j) <= 1e-5)
    }

    /// What --distributed does not do is refused before MPI starts, with one line naming the option.
    @Test(arguments: [
        (["fit", "all.csv", "--target", "c", "--model", "softmax", "--distributed"], "--distributed fits ols, ridge, lasso and logistic, not softmax"),
        (["fit", "all.csv", "--target", "c", "--model", "lasso", "--path", "--distributed"], "--distributed does not support --path"),
        (["pca", "all.csv", "--components", "2", "--method", "randomized", "--distributed"], "--distributed supports --method full (TSQR) and covariance, not randomized"),
        (["pca", "all.csv", "--components", "2", "--standardize", "--distributed"], "--distributed does not support --standardize"),
        (["pagerank", "all.csv", "--method", "krylov", "--distributed"], "--distributed does not support --method krylov"),
    ])
    func unsupportedOptionsAreRefused(arguments: [String], message: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTables(in: directory)
        let job = try DistributedCommand.run(ranks: 1, arguments, in: directory, distributed: false)
        #expect(job.status != 0 && job.stderr.contains(message), "\(job.stderr)")
    }

    /// A rank whose shard file is missing ends the job with its message (no hang).
    @Test func missingShardFailsTheJob() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.writeTables(in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("part-1.csv"))
        let job = try DistributedCommand.run(ranks: 2, ["pca", "part-{rank}.csv", "--components", "2", "--distributed"], in: directory)
        #expect(job.status != 0 && !job.timedOut)
        #expect((job.stdout + job.stderr).contains("rank 1"), "\(job.stdout)\n\(job.stderr)")
    }

    /// The JSON object a run printed.
    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// Every number in a JSON text, in order.
    static func numbers(_ json: String) throws -> [Double] {
        let regex = try NSRegularExpression(pattern: "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")
        let text = json as NSString
        return regex.matches(in: json, range: NSRange(location: 0, length: text.length)).compactMap { Double(text.substring(with: $0.range)) }
    }
}

/// Runs the `descent` executable under `mpirun` (the same settings as `MPIRun.run`, which runs
/// the checks executable).
enum DistributedCommand {
    /// `.build/<config>/descent`, next to the check executable.
    static let descent: URL? = MPIRun.checks.map { $0.deletingLastPathComponent().appendingPathComponent("descent") }
        .flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }

    static func run(ranks: Int, _ arguments: [String], in directory: URL, distributed: Bool = true) throws -> MPIJob {
        try MPIRun.launch(try #require(descent), arguments, ranks: distributed ? ranks : nil, in: directory)
    }
}
