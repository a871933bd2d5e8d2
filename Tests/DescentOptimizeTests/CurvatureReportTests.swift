import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `CurvatureReport`, `hutchinsonTrace` and `StepSizeTrial`: the worked examples (exact math), a
/// non-convex model against JAX/NumPy (Tools/references/curvature.py), Lanczos against the dense
/// spectrum, and bad input.
@Suite("Curvature report")
struct CurvatureReportTests {
    /// f(θ) = Σᵢ (tanh(aᵢᵀθ) − yᵢ)², the reference's small non-convex model, and its point.
    static func tanhModel() throws -> (f: (Variable) -> Variable, theta: Tensor, reference: ReferenceData) {
        let reference = try ReferenceData.load("curvature")["tanh_model"]
        let a = reference.tensor("a"), y = reference.tensor("y")
        let f: (Variable) -> Variable = { theta in
            let residual = tanh(matmul(Variable(a), theta)) - Variable(y)
            return (residual * residual).sum()
        }
        return (f, reference.tensor("theta"), reference)
    }

    static func xy(_ f: @escaping (Variable, Variable) -> Variable) -> (Variable) -> Variable {
        { v in f(v.element(atFlatIndex: 0), v.element(atFlatIndex: 1)) }
    }

    @Test func quadraticMinimum() throws {
        // x² + 4y²: H = diag(2, 8) everywhere; κ = 4; 2/λmax = 0.25; trace 10.
        let report = try curvature(of: Self.xy { x, y in x * x + 4 * y * y }, at: Tensor([0, 0]))
        #expect(report.hessian == Tensor(shape: [2, 2], scalars: [2, 0, 0, 8]))
        #expect(report.eigenvalues.scalars == [2, 8])
        #expect(report.stationaryPoint.kind == .minimum)
        #expect(report.conditionNumber == 4)
        #expect(report.maxStableStep == 0.25)
        #expect(report.exactTrace == 10)
        // Rademacher probes of a diagonal matrix: zᵀDz = Σ dᵢzᵢ² = tr D exactly, so no spread at all.
        #expect(report.trace.estimate == 10 && report.trace.standardError == 0)
        // Step 0.9·0.25: factors |1 − 0.45| and |1 − 1.8| = 0.8; step 1.1·0.25: |1 − 2.2| = 1.2.
        let below = try #require(report.belowStableStep), above = try #require(report.aboveStableStep)
        expectClose(below.predictedRate, 0.8, rtol: 1e-15, "one rounding in 1 − 0.225·8")
        expectClose(above.predictedRate, 1.2, rtol: 1e-15, "one rounding in 1 − 0.275·8")
        #expect(below.termination == .convergedResidual)
        #expect(above.termination == .diverged)
    }

    @Test func saddle() throws {
        let report = try curvature(of: Self.xy { x, y in x * x - y * y }, at: Tensor([0, 0]))
        #expect(report.eigenvalues.scalars == [-2, 2])
        #expect(report.stationaryPoint.kind == .saddle)
        #expect(report.conditionNumber == .infinity, "κ = λmax/λmin is defined for a positive definite Hessian only")
        #expect(report.maxStableStep == 1)
        // Below the bound, the negative eigenvalue still makes the error grow: |1 + 0.9·2| = 2.8 > 1.
        #expect(report.belowStableStep?.termination == .diverged)
        expectClose(try #require(report.belowStableStep).predictedRate, 2.8, rtol: 1e-15, "1 + 1.8")
    }

    @Test func rosenbrockAtItsMinimum() throws {
        let rosenbrock = Self.xy { x, y in 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x) }
        let report = try curvature(of: rosenbrock, at: Tensor([1, 1]))
        #expect(report.hessian == Tensor(shape: [2, 2], scalars: [802, -400, -400, 200]))
        #expect(report.hessian != Tensor(shape: [2, 2], scalars: [1200, -400, -400, 2]), "the popular wrong Hessian")
        // Eigenvalues 501 ± √(301² + 400²) = 501 ± √250601 ≈ 0.3994 and 1001.6; κ ≈ 2508.
        let root = 250601.0.squareRoot()
        expectClose(report.minEigenvalue, 501 - root, rtol: 1e-11, "dsyevd backward error ε‖H‖ ≈ 2e-13 on λmin ≈ 0.4")
        expectClose(report.maxEigenvalue, 501 + root, rtol: 1e-14, "dsyevd on the largest eigenvalue")
        #expect(report.stationaryPoint.kind == .minimum)
        expectClose(report.conditionNumber, (501 + root) / (501 - root), rtol: 1e-11, "ratio of the above")
        #expect(Int(report.conditionNumber.rounded()) == 2508)
        // Gradient descent at 0.9·2/λmax contracts by 1 − 1.8/κ per step in the slow direction, so it
        // needs at most ⌈ln 1e-6 / ln(1 − 1.8/κ)⌉ ≈ 19 240 steps; at 1.1·2/λmax the fast direction
        // grows by 1.2 per step.
        let below = try #require(report.belowStableStep), above = try #require(report.aboveStableStep)
        let kappa = report.conditionNumber
        expectClose(below.predictedRate, 1 - 1.8 / kappa, rtol: 1e-12, "as λmin above")
        #expect(below.termination == .convergedResidual)
        let bound = Int((Foundation.log(1e-6) / Foundation.log(below.predictedRate)).rounded(.up))
        #expect(below.iterations <= bound && below.iterations > bound / 2, "\(below.iterations) vs bound \(bound)")
        #expect(above.termination == .diverged)
        expectClose(above.predictedRate, 1.2, rtol: 1e-12, "|1 − 2.2|")
        // By the last step the top mode (×1.2 per step) outweighs the slow one (×0.9993) by ~1e6.
        expectClose(above.measuredRate, 1.2, rtol: 1e-5, "the other mode's share of the last step")
        expectClose(below.measuredRate, below.predictedRate, rtol: 1e-6, "the slow mode alone after thousands of steps")
        #expect(above.iterations < 120)
    }

    @Test func denseSpectrumMatchesJAX() throws {
        let (f, theta, reference) = try Self.tanhModel()
        let report = try curvature(of: f, at: theta, options: CurvatureOptions(probes: 400, seed: 7))
        // Reverse-over-reverse vs jax.hessian: both exact up to rounding of O(10) terms of size ≤ 10.
        expectClose(try #require(report.hessian), reference.tensor("hessian"), rtol: 1e-12, atol: 1e-13, "rounding of two autodiff systems")
        expectClose(report.eigenvalues, reference.tensor("eigenvalues"), rtol: 1e-12, atol: 1e-13, "dsyevd vs NumPy's eigvalsh (LAPACK)")
        #expect(report.stationaryPoint.kind == .saddle)
        let exact = reference.double("trace")
        expectClose(try #require(report.exactTrace), exact, rtol: 1e-12, "Σλ")
        // Hutchinson: seeded, so deterministic; within three standard errors of the exact trace.
        #expect(report.trace.standardError > 0)
        #expect(Swift.abs(report.trace.estimate - exact) <= 3 * report.trace.standardError,
                "estimate \(report.trace.estimate) ± \(report.trace.standardError) vs exact \(exact)")
        let again = try curvature(of: f, at: theta, options: CurvatureOptions(probes: 400, seed: 7))
        #expect(again.trace == report.trace)
    }

    @Test func lanczosEndsMatchDenseSpectrum() throws {
        let (f, theta, reference) = try Self.tanhModel()
        let report = try curvature(of: f, at: theta, options: CurvatureOptions(count: 3))
        #expect(report.hessian == nil)
        #expect(report.stationaryPoint.source == .lanczos)
        #expect(report.eigensolverTermination == .convergedResidual)
        let all = reference.doubles("eigenvalues")
        // Lanczos on 12 variables reaches the invariant subspace: Ritz values to the residual tolerance 1e-10·‖H‖.
        expectClose(report.eigenvalues.scalars, Array(all.prefix(3) + all.suffix(3)), rtol: 1e-9, atol: 1e-9,
                    "Ritz values with residual ≤ 1e-10·‖H‖ ≈ 6e-10")
        #expect(report.stationaryPoint.kind == .saddle)
        #expect(report.exactTrace == nil)
    }

    @Test func aboveTheDenseLimitLanczosRunsOnHessianVectorProducts() throws {
        // f = ½Σ dᵢθᵢ² with d = 1, 2, …, 250 (n > 200): H = diag(d), never formed.
        let n = 250
        let diagonal = Tensor((1...n).map(Double.init))
        let f: (Variable) -> Variable = { theta in (Variable(diagonal) * theta * theta).sum() * 0.5 }
        let report = try curvature(of: f, at: Tensor.zeros([n]))
        #expect(report.hessian == nil && report.stationaryPoint.source == .lanczos)
        #expect(report.eigensolverTermination == .convergedResidual)
        expectClose(report.eigenvalues.scalars, [1, 2, 3, 4, 5, 6, 245, 246, 247, 248, 249, 250], rtol: 1e-9,
                    "Ritz values to the residual tolerance 1e-10·λmax")
        #expect(report.stationaryPoint.kind == .minimum)
        expectClose(report.conditionNumber, 250, rtol: 1e-9, "as the eigenvalues")
        // Rademacher probes of a diagonal Hessian give its trace exactly: Σ dᵢzᵢ² = Σ dᵢ.
        #expect(report.trace.estimate == Double(n * (n + 1) / 2) && report.trace.standardError == 0)
        #expect(report.belowStableStep?.termination == .convergedResidual)
        #expect(report.aboveStableStep?.termination == .diverged)
    }

    @Test func hutchinsonIsSeededAndChecksItsInput() throws {
        let m = Tensor(shape: [3, 3], scalars: [4, 1, 0, 1, 3, 2, 0, 2, 5])
        let first = try hutchinsonTrace(of: m, probes: 50, seed: 3)
        #expect(try hutchinsonTrace(of: m, probes: 50, seed: 3) == first)
        #expect(Swift.abs(first.estimate - 12) <= 3 * first.standardError, "\(first.estimate) ± \(first.standardError)")
        #expect(first.probes == 50)
        #expect(throws: CurvatureError.countTooSmall(what: "Hutchinson probes", count: 0, minimum: 1)) {
            try hutchinsonTrace(of: m, probes: 0)
        }
        #expect(throws: LinearAlgebraError.self) { try hutchinsonTrace(of: Tensor.zeros([2, 3]), probes: 1) }
    }

    @Test func badInput() throws {
        let f = Self.xy { x, y in x * x + y * y }
        #expect(throws: CurvatureError.countExceedsDimension(count: 3, dimension: 2)) {
            try curvature(of: f, at: Tensor([1, 1]), options: CurvatureOptions(count: 3))
        }
        #expect(throws: CurvatureError.emptyPoint) { try curvature(of: { $0.sum() }, at: Tensor.zeros([0])) }
        let error = #expect(throws: CurvatureError.self) {
            try CurvatureReport(hessian: Tensor(shape: [2, 2], scalars: [1, .nan, .nan, 1]), gradient: Tensor([0, 0]))
        }
        #expect(error?.description == "the Hessian is not finite: entry 1 is nan")
        #expect(throws: CurvatureError.self) {
            try CurvatureReport(hessian: Tensor.identity(2), gradient: Tensor([.infinity, 0]))
        }
        #expect(CurvatureError.countExceedsDimension(count: 3, dimension: 2).description
                == "asked for the 3 largest and smallest Hessian eigenvalues, but the Hessian is 2 × 2 (at most 2)")
    }
}
