import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Trust-region methods on the Moré–Garbow–Hillstrom problems where the old defaults failed or
/// crawled, against SciPy's `trust-exact` and `trust-krylov` runs on the same problems
/// (trust_region.json), and their failure outcomes.
@Suite struct TrustRegionMethodTests {
    static let references = ExactTrustRegionSolverTests.references
    /// SciPy's trust methods stop on ‖∇f‖₂ ≤ gtol: the same test here.
    let options = OptimizationOptions(gradientTolerance: 1e-5, gradientNorm: .two, maxIterations: 3000)

    func scipy(_ problem: String, _ method: String) -> ReferenceData {
        Self.references.cases("problems").first { $0.string("name") == problem }!.cases("runs").first { $0.string("method") == method }!
    }

    @Test func exactSolvesMeyerBiggsOsborneAndBrown() throws {
        for (name, problem, minimum) in TrustRegionProblems.all {
            let result = try minimize(problem.objective, from: problem.start, using: TrustRegion(subproblem: .exact), options: options)
            #expect(result.termination != .lineSearchFailed)
            if name == "meyer" {
                // ‖∇f‖₂ ≤ 1e-5 is below what Meyer's f ≈ 88 can resolve (its Hessian's condition number is
                // ~1e20, and SciPy's trust-exact also stops short of it at ‖∇f‖₂ = 0.25): the run ends
                // when x + p rounds to x, at f* to 10 digits.
                #expect(result.termination == .trustRegionRadiusBelowMinimum || result.isConverged, "\(result.termination)")
                expectClose(result.minimum, minimum, rtol: 1e-10, "meyer: f* = 87.94585517067 (MGH: 87.9458)")
            } else {
                expectConverged(result, "trust-exact/\(name)")
                // Osborne 1 to 9 digits; for the f* = 0 problems ‖∇f‖₂ ≤ 1e-5 leaves f − f* ≈ ‖∇f‖²/(2μ),
                // with Biggs EXP6's smallest Hessian eigenvalue μ ≈ 1e-3 at x*: up to ~1e-8.
                expectClose(result.minimum, minimum, rtol: 1e-9, atol: 1e-8, "trust-exact/\(name): f*")
            }
        }
    }

    /// All 35 problems from the standard starts, "solved" as in MoreGarbowHillstromSolveTests (six digits
    /// of f* > 0, or f ≤ 1e-10·f(x₀) when f* = 0); Biggs EXP6 (18) runs to gtol 1e-9, which takes f from
    /// 1.5e-10 to below 1e-10·f(x₀). The problems not solved, and every run's function evaluations.
    func solveMoreGarbowHillstromSet(_ method: TrustRegion) throws -> (unsolved: [Int], evaluations: [Int: Int]) {
        var unsolved: [Int] = [], evaluations: [Int: Int] = [:]
        for number in 1...35 {
            let p = MoreGarbowHillstrom.problem(number: number)
            let tolerance = number == 18 ? 1e-9 : MoreGarbowHillstromSolveTests.gradientTolerances[number] ?? 1e-5
            let result = try minimize(p.objective, from: p.start, using: method,
                                      options: OptimizationOptions(gradientTolerance: tolerance, maxIterations: 2000))
            #expect(result.termination != .lineSearchFailed)
            let fStar = p.minimum!
            let solved = fStar > 0 ? result.minimum - fStar <= 1e-6 * fStar : result.minimum <= 1e-10 * p.objective.value(p.start)
            if !solved { unsolved.append(number) }
            evaluations[number] = result.functionEvaluations
        }
        return (unsolved, evaluations)
    }

    @Test func exactSolvesTheMoreGarbowHillstromSet() throws {
        // Freudenstein–Roth (2) and trigonometric (26) go to the paper's local minima, as every trust-region
        // variant does. Steihaug solves 29, Krylov 30 (measured).
        let unsolved = try solveMoreGarbowHillstromSet(TrustRegion(subproblem: .exact)).unsolved
        #expect(unsolved == [2, 26], "unsolved: \(unsolved)")
    }

    @Test func doglegSolvesTheMoreGarbowHillstromSet() throws {
        // Where B is not positive definite the dogleg path runs to the Newton point of a positive-definite
        // modification (`convexDoglegModel`). With the Cauchy point of B there instead (the old fallback,
        // steepest descent) Meyer (10), Gulf (11) and Biggs EXP6 (18) ran out of iterations and Wood (14)
        // took 4669 evaluations: now 330, 40, 47 and 44, Osborne 1 (17) 33 (bounds below at about 1.5×).
        let (unsolved, evaluations) = try solveMoreGarbowHillstromSet(TrustRegion(subproblem: .dogleg))
        #expect(unsolved == [2, 26], "unsolved: \(unsolved)")
        for (number, bound) in [(10, 500), (11, 60), (14, 70), (17, 50), (18, 75)] {
            #expect(evaluations[number]! <= bound, "problem \(number): \(evaluations[number]!) evaluations (bound \(bound))")
        }
    }

    @Test func biggsEXP6ReachesTheGlobalMinimizer() throws {
        let problem = TrustRegionProblems.biggsEXP6
        let result = try minimize(problem.objective, from: problem.start, using: TrustRegion(subproblem: .exact),
                                  options: OptimizationOptions(gradientTolerance: 1e-9, gradientNorm: .two))
        expectConverged(result, "trust-exact/biggs-exp6")
        // f* = 0 at (1, 10, 1, 5, 4, 3) (MGH), up to the symmetry (x₁, x₃) ↔ (x₅, x₆) of the two
        // positive exponentials; the minimizer is isolated, so ‖∇f‖ ≤ 1e-9 pins it to ~1e-7.
        var x = result.minimizer.scalars
        if x[0] > x[4] { x = [x[4], x[1], x[5], x[3], x[0], x[2]] }
        expectClose(x, [1, 10, 1, 5, 4, 3], rtol: 1e-6, "the global minimizer")
    }

    @Test func biggsEXP6ByTrustKrylov() throws {
        // With the forcing term min(0.5, ‖g‖) inside the region at every n, trust-krylov crawled down the
        // valley after escaping the saddle (f = 5.66·10⁻³) and stopped on ‖∇f‖₂ ≤ 10⁻⁵ at f = 1.1·10⁻⁶
        // after 104 evaluations; Newton-accurate interior steps for n ≤ 50 reach f ≈ 4·10⁻¹¹ in 78.
        let problem = TrustRegionProblems.biggsEXP6
        let result = try minimize(problem.objective, from: problem.start, using: TrustRegion(subproblem: .krylov), options: options)
        expectConverged(result, "trust-krylov/biggs-exp6")
        #expect(result.minimum <= 1e-9 && result.functionEvaluations <= 90,
                "f = \(result.minimum) after \(result.functionEvaluations) evaluations")
    }

    @Test func evaluationsAgainstSciPy() throws {
        // Function evaluations per problem, ours / SciPy's, for trust-exact and trust-krylov with the
        // same gtol (1e-5 on ‖∇f‖₂), in the order Rosenbrock, Beale, Himmelblau, Meyer, Biggs EXP6,
        // Osborne 1, Brown badly scaled. Measured: exact 0.92, 1.13, 1.00, 1.05, 0.77, 0.94, 0.011
        // (median 0.94); krylov 0.63, 0.82, 0.73, 0.55, 0.69, 0.57, 0.011 (median 0.69, with interior steps
        // solved to 10⁻⁸ for n ≤ 50; 1.03, 0.91, 1.00, 1.17, 0.87, 1.38, 0.005 with the forcing term
        // min(0.5, ‖g‖) there, and Osborne 1 at 1.70 with √‖g‖).
        var problems: [(String, TestProblem)] = [("rosenbrock", .rosenbrock), ("beale", .beale), ("himmelblau", .himmelblau)]
        problems += TrustRegionProblems.all.map { ($0.name, $0.problem) }
        for (subproblem, peer, medianBound, maxBound) in [(TrustRegion.Subproblem.exact, "trust-exact", 1.0, 1.25),
                                                          (.krylov, "trust-krylov", 0.8, 1.0)] {
            var ratios: [Double] = []
            for (name, problem) in problems {
                let result = try minimize(problem.objective, from: problem.start, using: TrustRegion(subproblem: subproblem), options: options)
                ratios.append(Double(result.functionEvaluations) / scipy(name, peer).double("nfev"))
            }
            let median = ratios.sorted()[ratios.count / 2]
            #expect(median <= medianBound && ratios.max()! <= maxBound, "\(peer) evaluation ratios \(ratios)")
        }
    }

    @Test func evaluationsAgainstSciPyOnTheMoreGarbowHillstromSet() throws {
        // trust-exact against SciPy's trust-exact on all 35 problems (same starts, gtol 1e-5 on ‖∇f‖₂),
        // counting only problems where both reach the same minimum (to 1e-6 relative, or both ≤ 1e-10·f(x₀)),
        // so that a cheaper run to a worse point does not count as a win.
        var ratios: [Double] = []
        for reference in Self.references.cases("mgh_trust_exact") {
            let p = MoreGarbowHillstrom.problem(number: reference.int("number"))
            let result = try minimize(p.objective, from: p.start, using: TrustRegion(subproblem: .exact), options: options)
            let theirs = reference.double("f"), ours = result.minimum
            let floor = 1e-10 * p.objective.value(p.start)
            let same = (ours <= floor && theirs <= floor) || Swift.abs(ours - theirs) <= 1e-6 * Swift.max(Swift.abs(theirs), floor)
            if same { ratios.append(Double(result.functionEvaluations) / reference.double("nfev")) }
        }
        let sorted = ratios.sorted()
        let median = sorted[sorted.count / 2]
        // Measured: 33 problems alike, median 1.00, largest 1.40, smallest 0.011 (Brown badly scaled: 11 vs
        // 1011). The old Steihaug trust region had median 1.21 and up to 4.6× against trust-exact.
        #expect(sorted.count >= 30 && median <= 1.02 && sorted.last! <= 1.5, "ratios \(sorted)")
    }

    @Test func brownBadlyScaledTakesAFewIterations() throws {
        // The minimizer (10⁶, 2·10⁻⁶) is 10⁶ away. With SciPy's Δ₀ = 1 and Δmax = 1000 the radius caps the
        // step: SciPy's trust-exact takes 1010 iterations and trust-ncg 2010 (trust_region.json), as did the
        // old defaults here. With Δ₀ from the model and Δmax = 1e10 (measured: exact 9, Krylov 4, Steihaug 4,
        // dogleg 5 iterations):
        let problem = TrustRegionProblems.brownBadlyScaled
        for subproblem in [TrustRegion.Subproblem.exact, .krylov, .steihaugCG, .dogleg] {
            let result = try minimize(problem.objective, from: problem.start, using: TrustRegion(subproblem: subproblem), options: options)
            expectConverged(result, "\(subproblem)")
            #expect(result.iterations <= 12, "\(subproblem): \(result.iterations) iterations")
            expectClose(result.minimizer, Tensor([1e6, 2e-6]), rtol: 1e-9, "\(subproblem): x* (‖∇f‖ ≤ 1e-5 with |∂²f/∂x₂²| ≈ 2·10¹²)")
        }
        #expect(scipy("brown-badly-scaled", "trust-exact").int("nit") > 1000, "the reference's crawl, for the record")
    }

    @Test func inconsistentDerivativesEndInACollapsedRegionNotALineSearchFailure() throws {
        // f = x² with the gradient's sign flipped: the model predicts decrease where f increases, so every
        // trial is rejected until x + p rounds to x.
        let wrong = Objective(value: { x in x.squaredNorm() }, gradient: { x in x * -2 },
                              hessian: { x in Tensor.identity(x.count) * 2 }, hessianVectorProduct: { _, v in v * 2 })
        for subproblem in TrustRegion.Subproblem.allCases {
            let result = try minimize(wrong, from: Tensor([1, -2]), using: TrustRegion(subproblem: subproblem))
            #expect(result.termination == .trustRegionRadiusBelowMinimum, "\(subproblem): \(result.termination)")
            #expect(result.termination.isFailure && result.iterations == 0 && result.minimizer == Tensor([1, -2]))
            #expect(result.functionEvaluations < 100, "\(subproblem): \(result.functionEvaluations) evaluations to collapse")
        }
        #expect(Termination.trustRegionRadiusBelowMinimum.name == "trust_region_radius_below_minimum")
    }

    @Test func nonFiniteHessianIsANonFiniteValue() throws {
        let broken = Objective(value: { x in x.squaredNorm() }, gradient: { x in x * 2 },
                               hessian: { x in Tensor.identity(x.count) * .nan }, hessianVectorProduct: { _, v in v * .nan })
        for subproblem in TrustRegion.Subproblem.allCases {
            let result = try minimize(broken, from: Tensor([1, 2]), using: TrustRegion(subproblem: subproblem))
            #expect(result.termination == .nonFiniteValue, "\(subproblem): \(result.termination)")
        }
    }

    @Test func exactSubproblemTolerancesAreTheMethods() throws {
        // Rosenbrock from (−1.2, 1) with Δ₀ = 0.3: the first step (accepted) is the Moré–Sorensen step at Δ₀ with the
        // method's own tolerances. The default σ_easy = 0.1 stops with ‖p‖ within 10% of Δ₀; σ_easy = 1e-12
        // puts it on the boundary, and the two steps differ.
        let p = MoreGarbowHillstrom.rosenbrock
        let g = p.objective.gradient!(p.start), h = p.objective.hessian!(p.start)
        let options = OptimizationOptions(maxIterations: 1, storeTrace: true, traceIncludesX: true)
        var steps: [Tensor] = []
        for solver in [ExactTrustRegionSolver(), ExactTrustRegionSolver(boundaryTolerance: 1e-12, hardCaseTolerance: 1e-12)] {
            let method = TrustRegion(subproblem: .exact, initialRadius: 0.3, exactSolver: solver)
            let result = try minimize(p.objective, from: p.start, using: method, options: options)
            let expected = try #require(solver.solve(hessian: h, gradient: g, radius: 0.3))
            let step = try #require(result.trace.last?.x) - p.start
            expectClose(step, expected.step, rtol: 1e-12, "σ_easy = \(solver.boundaryTolerance): the first step")
            steps.append(step)
        }
        expectClose(steps[1].norm(.two), 0.3, rtol: 1e-10, "σ_easy = 1e-12: on the boundary")
        #expect(abs(steps[0].norm(.two) - 0.3) > 1e-3, "the default stops within 10% of the boundary, not on it: \(steps[0].norm(.two))")
    }

    @Test func indefiniteStartEscapesAlongNegativeCurvature() throws {
        // f = x⁴/4 − x²/2 + y² from the saddle's neighbourhood (0.01, 1): B = diag(−1, 2) is indefinite at
        // the start; the exact and Krylov steps use the negative curvature, dogleg runs to the Newton point
        // of the Gill–Murray modification of B, and all three reach a minimizer (±1, 0).
        let f = Objective(value: { v in let x = v.scalars[0], y = v.scalars[1]; return x * x * x * x / 4 - x * x / 2 + y * y },
                          gradient: { v in let x = v.scalars[0]; return Tensor([x * x * x - x, 2 * v.scalars[1]]) },
                          hessian: { v in let x = v.scalars[0]; return Tensor([[3 * x * x - 1, 0], [0, 2]]) })
        for subproblem in [TrustRegion.Subproblem.exact, .krylov, .dogleg] {
            let result = try minimize(f, from: Tensor([0.01, 1]), using: TrustRegion(subproblem: subproblem))
            expectConverged(result, "\(subproblem)")
            expectClose(result.minimum, -0.25, rtol: 1e-9, "\(subproblem): f* = −1/4")
        }
    }
}
