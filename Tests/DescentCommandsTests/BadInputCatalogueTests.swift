import Foundation
import Testing
import _TestSupport

/// The reliability catalogue, end to end through the built binary: each input that once produced a
/// silent wrong answer or a confusing message now gives a correct result or one clear line on
/// stderr with exit code 1.
@Suite("Bad-input catalogue")
struct BadInputCatalogueTests {
    /// A rank-3 positive semi-definite matrix and a right-hand side outside its range.
    static let psd = "8,-2,-10,8\n-2,17,-4,1\n-10,-4,17,-9\n8,1,-9,11\n"
    /// Eigenvalues 5 and 2, not symmetric.
    static let nonSymmetric = "4,1\n2,3\n"
    /// One stored entry of a 10⁶ × 10⁶ sparse matrix (with --shape): sizes as large as the options allow.
    static let million = ["--triplets", "--shape", "1000000,1000000"]
    /// 3000 variables `a0=0,…,a2999=0` and 12000 `a0=0,…`.
    static func point(_ count: Int) -> String { (0..<count).map { "a\($0)=0" }.joined(separator: ",") }
    static let hilbert13 = (0..<13).map { i in (0..<13).map { j in "\(1.0 / Double(i + j + 1))" }.joined(separator: ",") }
        .joined(separator: "\n") + "\n"

    static let failures: [(arguments: [String], files: [String: String], message: String)] = [
        (["linalg", "solve", "a.csv", "b.csv"], ["a.csv": psd, "b.csv": "0\n1\n1\n1\n"],
         "solve: the matrix is singular to working precision"),
        (["linalg", "solve", "h.csv", "b.csv"], ["h.csv": hilbert13, "b.csv": Array(repeating: "1", count: 13).joined(separator: "\n")],
         "(or pass --allow-ill-conditioned)"),
        (["linalg", "inv", "a.csv"], ["a.csv": psd], "inverse: the matrix is singular to working precision"),
        (["linalg", "det", "a.csv"], ["a.csv": "1,2\u{0}junk\n3,4\n"], "a.csv: line 1, column 2: control character U+0000 in a field"),
        (["linalg", "det", "a.csv"], ["a.csv": "0x10,1\n1,1\n"], "a.csv: line 1, column 1: '0x10' is not a number"),
        (["linalg", "det", "a.csv"], ["a.csv": "1,inf\n1,1\n"], "a.csv: line 1, column 2: 'inf' is not a finite number"),
        (["linalg", "solve", "a.csv", "b.csv"], ["a.csv": "4,1\n2,3\n", "b.csv": "1\nnan\n"],
         "b.csv: line 2, column 1: 'nan' is not a finite number"),
        (["linalg", "det", "a.csv"], ["a.csv": String(repeating: "9", count: 100_000) + "\n"],
         "a.csv: line 1, column 1: a field longer than 1024 characters is not a number"),
        // Symmetric methods refuse what is not symmetric, and say where to go instead.
        (["iterative", "eigs", "w.csv"], ["w.csv": nonSymmetric],
         "eigs: the matrix is not symmetric: entry (0, 1) is 1.0 but entry (1, 0) is 2.0 (|aᵢⱼ − aⱼᵢ| may be at most 1e-10·max|aᵢⱼ|); "
            + "the iterative eigensolvers need a symmetric matrix: use `descent linalg eig` for a general one"),
        (["iterative", "eigs", "t.csv", "--triplets", "--method", "subspace"], ["t.csv": "0,0,4\n0,1,1\n1,0,2\n1,1,3\n"],
         "eigs: the matrix is not symmetric: entry (0, 1) is 1.0 but entry (1, 0) is 2.0"),
        (["iterative", "eigs", "w.csv", "--method", "power", "--count", "2"], ["w.csv": nonSymmetric], "use `descent linalg eig`"),
        (["iterative", "cg", "w.csv", "b.csv"], ["w.csv": nonSymmetric, "b.csv": "1\n2\n"],
         "cg: the matrix is not symmetric: entry (0, 1) is 1.0 but entry (1, 0) is 2.0 (|aᵢⱼ − aⱼᵢ| may be at most 1e-10·max|aᵢⱼ|); "
            + "conjugate gradient needs a symmetric positive definite matrix: use `descent linalg solve` for a general one"),
        // Work that is a product of sizes is estimated first and refused beyond --max-memory.
        (["iterative", "eigs", "m.csv", "--method", "subspace", "--count", "50"] + million, ["m.csv": "0,0,1\n"],
         "subspaceIteration: blocks of 102 vectors of length 1000000 would need about 5.31 GiB, above the memory budget of 4 GiB; "
            + "raise it with --max-memory 8GiB or lower --count"),
        (["iterative", "eigs", "m.csv", "--basis-size", "1000"] + million, ["m.csv": "0,0,1\n"],
         "lanczos: a Krylov basis of up to 1000 vectors of length 1000000 would need about 7.52 GiB, above the memory budget of 4 GiB; "
            + "raise it with --max-memory 8GiB or lower --basis-size"),
        (["iterative", "eigs", "m.csv", "--method", "power", "--count", "200"] + million, ["m.csv": "0,0,1\n"],
         "deflatedPowerIteration: 200 eigenvectors of length 1000000 and their Rayleigh–Ritz and residual blocks would need about 7.5 GiB"),
        (["iterative", "eigs", "m.csv", "--method", "subspace", "--count", "50", "--max-memory", "4GB"] + million, ["m.csv": "0,0,1\n"],
         "above the memory budget of 3.73 GiB"),
        (["iterative", "rsvd", "m.csv", "--rank", "500"] + million, ["m.csv": "0,0,1\n"],
         "RandomizedSVD: sketches of 510 vectors of lengths 1000000 and 1000000 would need about 30.4 GiB, above the memory budget of 4 GiB; "
            + "raise it with --max-memory 32GiB or lower --rank or --oversampling"),
        (["iterative", "eigs", "w.csv", "--max-memory", "100B"], ["w.csv": "2,1\n1,2\n"],
         "lanczos: a Krylov basis of up to 2 vectors of length 2 would need about 224 B, above the memory budget of 100 B; "
            + "raise it with --max-memory 1MiB or lower --basis-size"),
        (["hessian", "--expr", "a0^2", "--at", point(12_000)], [:],
         "hessian: a dense 12000 × 12000 Hessian with its eigendecomposition and output would need about 10.7 GiB, above the memory "
            + "budget of 4 GiB; raise it with --max-memory 16GiB or use fewer variables"),
        (["jacobian", "--expr", Array(repeating: "a0", count: 3000).joined(separator: ";"), "--at", point(3000), "--max-memory", "512MiB"], [:],
         "jacobian: a dense 3000 × 3000 Jacobian with its output would need about 824 MiB, above the memory budget of 512 MiB; "
            + "raise it with --max-memory 1GiB or use fewer expressions or variables"),
    ]

    @Test("refused with one line naming the file, line and column or the remedy", arguments: 0..<failures.count)
    func refused(_ index: Int) throws {
        let (arguments, files, message) = Self.failures[index]
        let run = try DescentCLI.run(arguments, files: files)
        #expect(run.status == 1, "\(arguments): exit \(run.status)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("error: ") && run.stderr.contains(message), "\(arguments): \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.count < 400, "one short line: \(run.stderr.count) characters")
    }

    @Test("answers that used to be silently wrong are right")
    func correctedAnswers() throws {
        let rank = try DescentCLI.run(["linalg", "rank", "a.csv"], files: ["a.csv": "1e308,1e308\n1e308,-1e308\n"])
        #expect(rank.status == 0 && rank.stdout == "rank: 2\n", "was 0: \(rank.stdout)\(rank.stderr)")
        let cond = try DescentCLI.run(["linalg", "cond", "a.csv"], files: ["a.csv": "1e308,1e308\n1e308,-1e308\n"])
        #expect(cond.status == 0 && cond.stdout == "condition number: 1\n", "\(cond.stdout)\(cond.stderr)")
        let big = try DescentCLI.run(["linalg", "det", "a.csv", "--json"], files: ["a.csv": "1e200,0,0\n0,1e200,0\n0,0,1e200\n"])
        #expect(big.status == 0 && big.stdout.hasPrefix(#"{"determinant": null, "sign": 1.0, "log_abs_determinant": 1381.55"#), "\(big.stdout)")
        let small = try DescentCLI.run(["linalg", "det", "a.csv"], files: ["a.csv": "1e-200,0,0\n0,-1e-200,0\n0,0,1e-200\n"])
        #expect(small.stdout.contains("not representable") && small.stdout.contains("below the smallest normal double")
                    && small.stdout.contains("sign: -1"), "an underflow is called an underflow: \(small.stdout)")
        let allowed = try DescentCLI.run(["linalg", "solve", "a.csv", "b.csv", "--allow-ill-conditioned", "--json"],
                                         files: ["a.csv": Self.psd, "b.csv": "0\n1\n1\n1\n"])
        #expect(allowed.status == 0 && allowed.stdout.contains(#""rcond": 8."#), "the JSON carries rcond: \(allowed.stdout)")
    }

    @Test("iterative answers that used to be silently wrong: no false convergence, honest iteration counts, budgets that pass")
    func iterativeAnswers() throws {
        // CG on a singular PSD system with no solution: was "converged" with x ≈ 1e15 and residual 1.5.
        let cg = try DescentCLI.run(["iterative", "cg", "a.csv", "b.csv"], files: ["a.csv": Self.psd, "b.csv": "0\n1\n1\n1\n"])
        #expect(cg.status == 0 && cg.stderr.isEmpty, "\(cg.stderr)")
        #expect(cg.stdout.contains("termination: breakdown\n") && !cg.stdout.contains("converged") && !cg.stdout.contains("e+"),
                "\(cg.stdout)")
        let json = try DescentCLI.run(["iterative", "cg", "a.csv", "b.csv", "--json"], files: ["a.csv": Self.psd, "b.csv": "0\n1\n1\n1\n"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let x = object["x"] as! [Double], residual = object["residual_norm"] as! Double
        #expect(object["termination"] as? String == "breakdown" && residual >= 12 / 2361.0.squareRoot() && x.allSatisfy { Swift.abs($0) < 10 },
                "\(json.stdout)")
        // b in the range (A·(1, 2, 3, 4) = (6, 24, −3, 27)): converged.
        let consistent = try DescentCLI.run(["iterative", "cg", "a.csv", "b.csv"], files: ["a.csv": Self.psd, "b.csv": "6\n24\n-3\n27\n"])
        #expect(consistent.status == 0 && consistent.stdout.contains("termination: converged"), "\(consistent.stdout)")
        // Lanczos with --max-iter 0 did one step and reported 1 iteration; power iteration too.
        for method in ["lanczos", "power"] {
            let none = try DescentCLI.run(["iterative", "eigs", "a.csv", "--max-iter", "0", "--method", method], files: ["a.csv": Self.psd])
            #expect(none.status == 0 && none.stdout.contains("termination: iteration limit reached\niterations: 0, operator applications: "),
                    "\(method): \(none.stdout)")
        }
        // A budget that covers the work changes nothing; 'unlimited' and decimal units parse.
        let plain = try DescentCLI.run(["iterative", "eigs", "a.csv", "--count", "2"], files: ["a.csv": Self.psd])
        for size in ["1MiB", "2 GB", "unlimited", "1048576"] {
            let budgeted = try DescentCLI.run(["iterative", "eigs", "a.csv", "--count", "2", "--max-memory", size], files: ["a.csv": Self.psd])
            #expect(budgeted.status == 0 && budgeted.stdout == plain.stdout, "\(size): \(budgeted.stderr)")
        }
        let hessian = try DescentCLI.run(["hessian", "--expr", "x^2 + y^2", "--at", "x=1,y=2", "--max-memory", "1KiB"])
        #expect(hessian.status == 0 && hessian.stdout.contains("classification: minimum"), "10·2² doubles = 320 B fit: \(hessian.stderr)")
        for bad in ["0", "-1", "4 parsecs", "GiB", "nan"] {
            let refused = try DescentCLI.run(["iterative", "rsvd", "a.csv", "--rank", "1", "--max-memory", bad], files: ["a.csv": Self.psd])
            #expect(refused.status != 0 && refused.stdout.isEmpty
                        && refused.stderr.contains("--max-memory must be a size such as 512MiB, 8GiB, 2GB or 1000000 (bytes), or 'unlimited'; got '\(bad)'"),
                    "\(bad): \(refused.stderr)")
        }
    }

    @Test("outputs never destroy: a directory is refused before any work, /dev/stdout and /dev/null are written in place")
    func safeOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-\(UUID().uuidString).svg").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rosenbrock = ["minimize", "--expr", "100*(y - x^2)^2 + (1 - x)^2", "--x0", "x=-1.2,y=1", "--method", "bfgs"]
        let plot = try DescentCLI.run(rosenbrock + ["--plot", folder])
        #expect(plot.status == 1 && plot.stderr == "error: --plot: cannot write \(folder): is a directory\n", "\(plot.status) \(plot.stderr.debugDescription)")
        let trace = try DescentCLI.run(rosenbrock + ["--trace", folder])
        #expect(trace.status == 1 && trace.stdout.isEmpty && trace.stderr.contains("--trace: cannot write \(folder): is a directory"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)

        let streamed = try DescentCLI.run(rosenbrock + ["--trace", "/dev/stdout"])
        #expect(streamed.status == 0 && streamed.stdout.hasPrefix("iteration,value,gradient_norm,step_size,"), "\(streamed.stdout.prefix(200))")
        #expect(streamed.stdout.contains("termination: converged"))
        let discarded = try DescentCLI.run(rosenbrock + ["--trace", "/dev/null"])
        var status = stat()
        #expect(discarded.status == 0 && stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test("command-line rough edges: negative values, dash-led expressions, huge echoes, options that would do nothing")
    func commandLine() throws {
        let negative = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1", "--method", "gd", "--lr", "-0.1"])
        #expect(negative.status != 0 && negative.stderr.contains("--lr must be a positive finite number, got -0.1"), "\(negative.stderr)")
        let tolerance = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=1", "--tol", "-1"])
        #expect(tolerance.stderr.contains("--tol must be a finite number ≥ 0, got -1"), "\(tolerance.stderr)")
        let dashes = try DescentCLI.run(["grad", "--expr", "---x", "--at", "x=1"])
        #expect(dashes.status == 0 && dashes.stdout.contains("gradient: [-1]"), "\(dashes.stdout)\(dashes.stderr)")
        let start = try DescentCLI.run(["minimize", "--expr", "x^2", "--x0", "x=-1", "--json"])
        #expect(start.status == 0 && start.stdout.contains(#""x": [0.0]"#) || start.stdout.contains(#""x": [-0.0]"#)
                    || start.stdout.contains(#""termination": "converged"#), "\(start.stdout)\(start.stderr)")
        let digits = String(repeating: "9", count: 100_000)
        for arguments in [["grad", "--expr", "x^2", "--at", "x=" + digits], ["grad", "--expr", "x + " + digits, "--at", "x=1"],
                          ["minimize", "--expr", "x^2", "--x0", "x=1", "--method", digits]] {
            let run = try DescentCLI.run(arguments)
            #expect(run.status != 0 && run.stderr.count < 1000 && run.stderr.contains("(100"), "echo capped: \(run.stderr.count) characters")
        }
        let shape = try DescentCLI.run(["iterative", "cg", "a.csv", "b.csv", "--shape", "2,2"], files: ["a.csv": "2,1\n1,2\n", "b.csv": "1\n1\n"])
        #expect(shape.status != 0 && shape.stderr.contains("--shape gives the shape of a --triplets matrix"), "\(shape.stderr)")
    }
}
