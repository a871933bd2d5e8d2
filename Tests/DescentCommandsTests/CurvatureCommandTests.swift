import DescentCommands
import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `descent curvature`, `descent stability` and `descent fit --curvature`: JSON key contracts, the
/// worked examples, the fitted models' Hessians, and bad input end to end.
@Suite("descent curvature / stability / fit --curvature")
struct CurvatureCommandTests {
    static func fitJSON(_ arguments: [String]) throws -> [String: Any] {
        let (output, _) = try FitCommand.parse(arguments).fitted()
        return try JSONSerialization.jsonObject(with: Data(output.json.rendered().utf8)) as! [String: Any]
    }

    @Test func rosenbrockReport() throws {
        let out = try CurvatureCommand.output(expression: "100*(y - x^2)^2 + (1 - x)^2", at: "x=1,y=1")
        #expect(out.keys == ["variables", "value", "gradient", "gradient_norm", "hessian", "eigenvalues", "eigensolver",
                              "eigensolver_termination", "min_eigenvalue", "max_eigenvalue", "stationary_point", "condition_number",
                              "max_stable_step", "trace", "gradient_descent"])
        let json = try out.decoded()
        #expect(json["hessian"] as? [[Double]] == [[802, -400], [-400, 200]])
        #expect(json["stationary_point"] as? String == "minimum")
        #expect(json["eigensolver"] as? String == "dense")
        let root = 250601.0.squareRoot()
        expectClose(json["condition_number"] as! Double, (501 + root) / (501 - root), rtol: 1e-11, "κ ≈ 2508 from dsyevd's λmin")
        expectClose(json["max_stable_step"] as! Double, 2 / (501 + root), rtol: 1e-14, "2/λmax")
        let trace = json["trace"] as! [String: Any]
        #expect(trace["exact"] as? Double == 1002)
        let descent = json["gradient_descent"] as! [String: [String: Any]]
        #expect(descent["below"]?["termination"] as? String == "converged_residual")
        #expect(descent["above"]?["termination"] as? String == "diverged")
        #expect((descent["above"]?["iterations"] as? Int ?? 0) > 0)
        let text = out.text
        #expect(text.hasPrefix("f(x = 1, y = 1) = 0\n"))
        #expect(text.contains("stationary point: minimum"))
        #expect(text.contains("condition number λmax/λmin: 2508.01"))
        #expect(text.contains("η = 1.1·2/λmax = 0.00219648: diverged (‖e‖ ≥ 1e+06) at iteration"), "\(text)")
    }

    @Test func topUsesLanczos() throws {
        let json = try CurvatureCommand.output(expression: "x^2 + 4*y^2 + 9*z^2", at: "x=1,y=0,z=0",
                                               options: .init(count: 1)).decoded()
        #expect(json["eigensolver"] as? String == "lanczos")
        #expect(json["eigensolver_termination"] as? String == "converged_residual")
        expectClose(json["eigenvalues"] as! [Double], [2, 18], rtol: 1e-12, "Lanczos on a 3 × 3 diagonal Hessian reaches the invariant space")
        #expect(json["hessian"] is NSNull)
        #expect(json["stationary_point"] as? String == "minimum", "classified from the curvature even where ∇f ≠ 0")
        expectClose(json["gradient_norm"] as! Double, 2, rtol: 0, "∇f = (2x, 8y, 18z) at (1, 0, 0)")
    }

    @Test func stabilityOfTheRNNExample() throws {
        // W = [[0.5, −0.8], [0.8, 0.5]]: eigenvalues 0.5 ± 0.8i, ρ = √0.89 ≈ 0.943 (stable); ‖Wᵗv‖ = ρᵗ.
        let w = Tensor(shape: [2, 2], scalars: [0.5, -0.8, 0.8, 0.5])
        let out = try StabilityCommand.output(for: w, steps: 20)
        #expect(out.keys == ["spectral_radius", "dominant_eigenvalue", "verdict", "growth"])
        let json = try out.decoded()
        expectClose(json["spectral_radius"] as! Double, 0.89.squareRoot(), rtol: 1e-15, "dgeev on a 2 × 2 rotation-scaling")
        #expect(json["verdict"] as? String == "stable")
        let growth = json["growth"] as! [String: Any]
        expectClose(growth["norms"] as! [Double], growth["spectral_radius_powers"] as! [Double], rtol: 1e-13, "a scaled rotation: ‖Wᵗv‖ = ρᵗ")
        expectClose(growth["fitted_rate"] as! Double, 0.89.squareRoot(), rtol: 1e-13, "the slope of ln ρᵗ")
        let exploding = try StabilityCommand.output(for: w * 1.2, steps: 20).decoded()
        #expect(exploding["verdict"] as? String == "unstable")
        #expect(out.text.hasPrefix("spectral radius ρ(W): 0.943398 (eigenvalue 0.5 + 0.8i)\nverdict: stable"), "\(out.text)")
    }

    @Test func fitCurvatureOfRidgeIsTwiceTheGramMatrixPlusPenalty() throws {
        let out = try Self.fitJSON(["dataset:diabetes", "--model", "ridge", "--alpha", "0.5", "--curvature"])
        let report = out["curvature"] as! [String: Any]
        #expect((report["variables"] as! [String]).last == "intercept")
        #expect(report["stationary_point"] as? String == "minimum")
        // H = 2X̃ᵀX̃ + 2α·diag(1, …, 1, 0) does not depend on the solution; recompute it directly.
        let x = try Dataset.named("diabetes").labeledData().features
        let (n, d) = (x.shape[0], x.shape[1])
        var design = Tensor.zeros([n, d + 1])
        for i in 0..<n { for j in 0..<d { design[i, j] = x[i, j] }; design[i, d] = 1 }
        var h = matmul(design, design, transposeA: true) * 2
        for j in 0..<d { h[j, j] += 1 }
        let eigen = try SymmetricEigen(h)
        expectClose(report["eigenvalues"] as! [Double], eigen.eigenvalues.scalars, rtol: 1e-12, atol: 1e-12, "one Gram matrix two ways")
        // Hutchinson (seeded, 100 probes) within three standard errors of the exact trace Σλ.
        let trace = report["trace"] as! [String: Any]
        let (estimate, error) = (trace["estimate"] as! Double, trace["standard_error"] as! Double)
        expectClose(trace["exact"] as! Double, eigen.eigenvalues.scalars.reduce(0) { $0 + $1 }, rtol: 1e-12, "Σλ two ways")
        #expect(Swift.abs(estimate - (trace["exact"] as! Double)) <= 3 * error && error > 0, "\(estimate) ± \(error)")
        // The gradient at the Cholesky solution vanishes to rounding (‖Xᵀy‖ ≈ 1e4 on diabetes).
        #expect((report["gradient_norm"] as! Double) < 1e-8)
    }

    @Test func fitCurvatureOfLogisticAndSoftmax() throws {
        let logistic = try Self.fitJSON(["dataset:breast_cancer", "--model", "logistic", "--standardize", "--curvature", "--tol", "1e-10"])
        let report = logistic["curvature"] as! [String: Any]
        #expect(report["stationary_point"] as? String == "minimum", "C·X̃ᵀdiag(p(1 − p))X̃ + diag(1, …, 1, 0) is positive definite")
        #expect((report["gradient_norm"] as! Double) < 1e-4, "at the solution, to the fit's tolerance times C·n")
        // Three classes on a small table: the common shift of the intercepts is flat, so λmin = 0.
        var rows = ["a,b,label"]
        for i in 0..<30 { rows.append("\(Double(i % 7) / 3),\(Double((i * 5) % 11) / 4),\(i % 3)") }
        let files = ["t.csv": rows.joined(separator: "\n") + "\n"]
        let run = try DescentCLI.run(["fit", "t.csv", "--target", "label", "--model", "softmax", "--curvature", "--json"], files: files)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let softmax = json["curvature"] as! [String: Any]
        #expect(softmax["stationary_point"] as? String == "degenerate")
        #expect((softmax["variables"] as! [String]).count == 9)
        #expect(Swift.abs(softmax["min_eigenvalue"] as! Double) < 1e-10)
    }

    static let failures: [([String], [String: String], String)] = [
        (["stability", "w.csv"], ["w.csv": "1,2,3\n4,5,6\n"], "w.csv: the recurrence matrix must be square and non-empty, got 2 × 3"),
        (["stability", "w.csv"], ["w.csv": "1,2\nnan,4\n"], "w.csv"),
        (["stability", "w.csv", "--steps", "1"], ["w.csv": "1,0\n0,1\n"], "--steps must be at least 2"),
        (["curvature", "--expr", "x^2 + y^2", "--at", "x=1,y=2", "--top", "3"], [:],
         "--top 3: the Hessian has only 2 eigenvalues at each end (2 variables)"),
        (["curvature", "--expr", "sqrt(x) + y", "--at", "x=0,y=1"], [:], "error: the gradient is not finite: ∂f/∂x = inf"),
        (["fit", "dataset:diabetes", "--model", "lasso", "--curvature"], [:],
         "--curvature: lasso has no Hessian (its L1 penalty ‖w‖₁ is not differentiable at 0)"),
        (["fit", "dataset:breast_cancer", "--model", "logistic", "--penalty", "l1", "--curvature"], [:],
         "--curvature: logistic with --penalty l1 has no Hessian"),
    ]

    @Test("bad input: one line on stderr, exit 1", arguments: 0..<failures.count)
    func refused(_ index: Int) throws {
        let (arguments, files, message) = Self.failures[index]
        let run = try DescentCLI.run(arguments, files: files)
        #expect(run.status != 0, "\(arguments): exit \(run.status)")
        #expect(run.stdout.isEmpty)
        // The first line says it all (argument-parser adds its usage lines after a ValidationError).
        let first = run.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains(message) && first.count < 300, "\(arguments): \(run.stderr)")
    }
}
