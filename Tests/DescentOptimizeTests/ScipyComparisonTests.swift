import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// BFGS and L-BFGS against SciPy's BFGS and L-BFGS-B on the suite (same x₀, same gtol 1e-5 on
/// ‖∇f‖∞; L-BFGS-B run with ftol = 0 so it stops on the gradient too): the same minimizers, at most
/// 1.2× SciPy's function evaluations on average. Newton-CG and trust-region (Steihaug) are checked
/// against SciPy's Newton-CG and trust-ncg as a sanity bound.
@Suite struct ScipyComparisonTests {
    /// Runs a method on the suite, checks accuracy against SciPy's run, returns our/SciPy evaluation ratios.
    func compare<M: OptimizationMethod>(_ method: M, with scipyMethod: String) throws -> [Double] {
        var ratios: [Double] = []
        for reference in ProblemSuite.all {
            let p = reference.problem
            let result = try minimize(p.objective, from: p.start, using: method)
            let label = "\(method.name)/\(p.name)"
            expectMinimizer(result, of: reference, label)
            let scipy = reference.scipy(scipyMethod)
            let best = reference.reference.double("best_f")
            // Accuracy at least SciPy's: f − f* within SciPy's own gap plus our first-order gap ‖g‖²/μ.
            let allowed = Swift.abs(scipy.double("f") - best) + result.gradient.squaredNorm() / reference.strongConvexity
            expectClose(result.minimum - best, 0, atol: allowed + 1e-14 * Swift.max(1, Swift.abs(best)),
                        "\(label): SciPy's gap to f* plus the first-order gap ‖g‖²/μ")
            ratios.append(Double(result.functionEvaluations) / scipy.double("nfev"))
        }
        return ratios
    }

    @Test func bfgsUsesAtMostSciPysEvaluations() throws {
        let ratios = try compare(BFGS(), with: "BFGS")
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        #expect(mean <= 1.2, "mean function-evaluation ratio to SciPy BFGS is \(mean): \(ratios)")
    }

    @Test func lbfgsUsesAtMostSciPysEvaluations() throws {
        let ratios = try compare(LBFGS(), with: "L-BFGS-B")
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        #expect(mean <= 1.2, "mean function-evaluation ratio to SciPy L-BFGS-B is \(mean): \(ratios)")
    }

    @Test func newtonCGIsInSciPysRange() throws {
        // SciPy's Newton-CG stops on a step-size test (xtol), not on the gradient, so only a sanity bound.
        let ratios = try compare(NewtonCG(), with: "Newton-CG")
        #expect(ratios.allSatisfy { $0 <= 2 }, "Newton-CG evaluation ratios to SciPy: \(ratios)")
    }

    @Test func trustRegionSteihaugIsInSciPysRange() throws {
        // trust-ncg uses the 2-norm of the gradient, η = 0.15, Δ₀ = 1 and Δmax = 1000 (ours: Δ₀ from the model,
        // Δmax = 1e10); a sanity bound.
        let ratios = try compare(TrustRegion(subproblem: .steihaugCG), with: "trust-ncg")
        #expect(ratios.allSatisfy { $0 <= 2 }, "trust-region evaluation ratios to SciPy trust-ncg: \(ratios)")
    }

    @Test func conjugateGradientIsInSciPysRange() throws {
        let ratios = try compare(ConjugateGradient(), with: "CG")
        #expect(ratios.allSatisfy { $0 <= 2 }, "CG evaluation ratios to SciPy CG: \(ratios)")
    }
}
