import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// The trust-region policies that decide when a run stops short: the agreement ratio at the rounding
/// level of f, the first radius, and GLTR's forcing term for interior steps.
@Suite struct TrustRegionPolicyTests {
    @Test func roundingLevelOfTheReductions() {
        // f ≈ 10⁸ (ulp 1.5e-8): a step predicted to gain 1e-9 that rounds to a 1-ulp increase has the raw
        // ratio −1.5e-8/1e-9 = −15, noise; δ = 10ε·|f| ≈ 2.2e-7 flags it.
        let f = 1e8
        #expect(TrustRegionRadius.isAtRoundingLevel(value: f, trialValue: f.nextUp, predictedDecrease: 1e-9))
        #expect(TrustRegionRadius.isAtRoundingLevel(value: 0, trialValue: 1e-16, predictedDecrease: 1e-16), "|f| < 1: δ = 10ε")
        #expect(!TrustRegionRadius.isAtRoundingLevel(value: f, trialValue: f - 1e-6, predictedDecrease: 1e-9), "a real decrease")
        #expect(!TrustRegionRadius.isAtRoundingLevel(value: f, trialValue: f, predictedDecrease: 1e-6), "a real prediction")
        #expect(!TrustRegionRadius.isAtRoundingLevel(value: f, trialValue: .nan, predictedDecrease: 1e-9))
        #expect(!TrustRegionRadius.isAtRoundingLevel(value: f, trialValue: .infinity, predictedDecrease: 1e-9))
    }

    @Test func singularHessianAtTheMinimizerUnderALargeOffsetConverges() throws {
        // f = 10⁸ + Σ (xᵢ − i)⁴: the Hessian vanishes at x* = (1, 2, 3), so Newton steps shrink the error by
        // only ⅓ and ‖∇f‖₂ ≤ 1e-6 needs |xᵢ − i| ≈ 6e-3, where each step gains ~1e-9, below f's ulp (1.5e-8).
        // Judged by ρ alone those steps are rejected until the radius collapses
        // (trust_region_radius_below_minimum at ‖∇f‖₂ ≈ 1e-4); deciding those by ‖∇f‖ every solver reaches the tolerance.
        let offset = 1e8
        let objective = Objective(
            value: { x in offset + x.scalars.enumerated().reduce(0) { s, e in let d = e.element - Double(e.offset + 1); return s + d * d * d * d } },
            gradient: { x in Tensor(x.scalars.enumerated().map { i, v in let d = v - Double(i + 1); return 4 * d * d * d }) },
            hessian: { x in Tensor.diagonal(x.scalars.enumerated().map { i, v in let d = v - Double(i + 1); return 12 * d * d }) })
        let options = OptimizationOptions(gradientTolerance: 1e-6, gradientNorm: .two, maxIterations: 500)
        for subproblem in TrustRegion.Subproblem.allCases where subproblem != .cauchyPoint {
            let result = try minimize(objective, from: Tensor([3, 0, 6]), using: TrustRegion(subproblem: subproblem), options: options)
            expectConverged(result, "\(subproblem)")
            // ‖∇f‖₂ ≤ 1e-6 bounds each |xᵢ − i| ≤ (1e-6/4)^{1/3} ≈ 6.3e-3.
            expectClose(result.minimizer, Tensor([1, 2, 3]), atol: 6.3e-3, "\(subproblem): x*")
        }
    }

    @Test func firstRadiusTakesAnInteriorNewtonStep() throws {
        // Discrete boundary value (MGH 28, n = 10): Newton's step from x₀ (length 0.21) is accepted, while the
        // Cauchy length along −∇f is 0.0037; starting there the radius doubled six times (8 evaluations).
        // SciPy's trust-exact (Δ₀ = 1) takes 3 evaluations, trust-ncg 4 (Benchmarks/results/profiles-mgh.md).
        let p = MoreGarbowHillstrom.problem(number: 28)
        let options = OptimizationOptions(gradientTolerance: 1e-5, gradientNorm: .two)
        // Steihaug's first step is CG truncated at √‖g‖·‖g‖, not the Newton step: 5 (measured).
        for (subproblem, bound) in [(TrustRegion.Subproblem.exact, 4), (.krylov, 4), (.dogleg, 4), (.steihaugCG, 5)] {
            let result = try minimize(p.objective, from: p.start, using: TrustRegion(subproblem: subproblem), options: options)
            expectConverged(result, "\(subproblem)")
            #expect(result.functionEvaluations <= bound, "\(subproblem): \(result.functionEvaluations) evaluations")
        }
        // A radius given by the caller is kept: the first step stays within it (the exact solver's boundary
        // tolerance σ_easy = 0.1 allows ‖p‖ ≤ 1.1Δ).
        let capped = try minimize(p.objective, from: p.start, using: TrustRegion(subproblem: .exact, initialRadius: 0.01),
                                  options: OptimizationOptions(maxIterations: 1))
        #expect((capped.minimizer - p.start).norm(.two) <= 0.011 * (1 + 1e-12))
    }

    @Test func krylovInteriorStepsUseTheQuadraticForcingTerm() throws {
        // B ≻ 0 (eigenvalues 1…100), ‖g‖ = 0.01, Δ large: the step is interior and stops once
        // ‖Bp + g‖ ≤ min(0.5, ‖g‖)·‖g‖ = 1e-4 (trlib's forcing term); Steihaug's √‖g‖·‖g‖ = 1e-3 stopped
        // earlier with a residual up to 10 times larger.
        let n = 60
        let b = Tensor.diagonal((0..<n).map { 1 + 99 * Double($0) / Double(n - 1) })
        var generator = SeededGenerator(seed: 7)
        var g = Tensor.randomUniform([n], in: -1..<1, using: &generator)
        g = g * (0.01 / g.norm(.two))
        let solution = try #require(KrylovTrustRegionSolver().solve(gradient: g, radius: 1e6) { matmul(b, $0) })
        #expect(!solution.isOnBoundary && solution.multiplier == 0)
        let residual = (matmul(b, solution.step) + g).norm(.two)
        #expect(residual <= 0.01 * 0.01 * (1 + 1e-9), "‖Bp + g‖ = \(residual)")
        #expect(residual > 1e-12, "stops at the forcing term, not at the exact Newton step (\(solution.iterations) steps)")
    }
}
