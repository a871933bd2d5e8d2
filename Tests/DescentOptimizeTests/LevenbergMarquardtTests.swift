import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// Levenberg–Marquardt against MINPACK (SciPy's `least_squares(method='lm')`, which calls `lmder`)
/// on Moré–Garbow–Hillstrom problems: the same minimizer and MINPACK's evaluation counts.
@Suite struct LevenbergMarquardtTests {
    static let references = try! ReferenceData.load("least_squares_bounds")

    static func minpack(_ name: String) -> ReferenceData {
        references.cases("lm").first { $0.string("name") == name }!
    }

    /// The gradient tolerance for a problem: what MINPACK reached (its own stopping tests are relative),
    /// or 1e-9 when it reached 0 exactly.
    static func tolerance(_ reference: ReferenceData) -> Double {
        Swift.max(reference.double("gradient_inf_norm") * 1.0001, 1e-9)
    }

    /// MINPACK's residual and Jacobian evaluations when it first reached an accepted point with ‖Jᵀr‖∞ ≤ tol.
    static func minpackCounts(_ reference: ReferenceData, tolerance: Double) -> (residuals: Int, jacobians: Int) {
        let entry = reference.cases("jacobian_log").first { $0.double("gradient_inf_norm") <= tolerance }!
        return (entry.int("function_evaluations"), entry.int("jacobian_evaluations"))
    }

    @Test(arguments: LeastSquaresProblems.all.map(\.name))
    func matchesMINPACK(_ name: String) throws {
        let problem = LeastSquaresProblems.named(name)
        let reference = LevenbergMarquardtTests.minpack(name)
        let tol = LevenbergMarquardtTests.tolerance(reference)
        let result = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(),
                                  options: OptimizationOptions(gradientTolerance: tol, maxIterations: 1000))
        #expect(result.termination == .convergedGradient, "\(name): \(result.termination)")
        // Same point: both stop within the gradient tolerance of the same (local) minimizer; the
        // distance follows the conditioning, so compare in the scale MINPACK uses (relative per entry)
        // and the cost to 1e-8 relative (a quadratic function of that distance); a zero-residual
        // minimum (box3d, rosenbrock) is met to ½‖r‖² ≤ 1e-15 at ‖g‖∞ ≤ 1e-9.
        expectClose(result.minimizer, reference.tensor("x"), rtol: 1e-5, atol: 1e-8, "\(name): minimizer")
        expectClose(result.minimum, reference.double("cost"), rtol: 1e-8, atol: 1e-15, "\(name): cost")
        LevenbergMarquardtTests.expectMINPACKCounts(result, reference, tolerance: tol, name)
    }

    /// Evaluation counts: the port follows MINPACK's trial sequence, so its counts are MINPACK's at the
    /// first accepted point with ‖Jᵀr‖∞ ≤ tol (r and J at x₀ are evaluated once, by the driver, and
    /// read back by the method). A rounding-level difference can change a late trial, so allow 2
    /// evaluations or 2% beyond that.
    static func expectMINPACKCounts(_ result: OptimizationResult, _ reference: ReferenceData, tolerance: Double, _ label: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        let counts = minpackCounts(reference, tolerance: tolerance)
        let slack = { (n: Int) in Swift.max(2, n / 50) }
        #expect(result.functionEvaluations <= counts.residuals + slack(counts.residuals),
                "\(label): \(result.functionEvaluations) residuals, MINPACK \(counts.residuals)", sourceLocation: sourceLocation)
        #expect(result.gradientEvaluations <= counts.jacobians + slack(counts.jacobians),
                "\(label): \(result.gradientEvaluations) Jacobians, MINPACK \(counts.jacobians)", sourceLocation: sourceLocation)
    }

    @Test func freudensteinRothStopsAtTheLocalMinimumLikeMINPACK() throws {
        // From (0.5, −2) MINPACK ends at the local minimizer (11.41, −0.8968), f = 48.98/2, not the global (5, 4).
        let problem = LeastSquaresProblems.named("freudenstein_roth")
        let result = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(),
                                  options: OptimizationOptions(gradientTolerance: 1e-6))
        #expect(result.isConverged)
        // MINPACK stopped on its step test at ‖g‖∞ = 2.3e-3; at ‖g‖∞ ≤ 1e-6 we are 1e-9 (relative) lower.
        expectClose(result.minimum, LevenbergMarquardtTests.minpack("freudenstein_roth").double("cost"), rtol: 1e-8,
                    "local minimum value, MGH: ½·48.9842")
        #expect((result.minimizer - Tensor([5, 4])).norm(.two) > 6, "not the global minimizer")
    }

    @Test func geodesicAccelerationCutsMeyersEvaluations() throws {
        // Meyer's narrow curved valley is Transtrum and Sethna's case for acceleration: measured 55
        // residuals and 24 Jacobians against 125 and 116 without it (MINPACK: 125 and 116) on one
        // machine, 71 residuals on another (AMD EPYC, another OpenBLAS kernel), where the accelerated
        // run reaches MINPACK's minimum but not MINPACK's final ‖Jᵀr‖∞ = 4.13: it stops at 19 with a
        // failed step, at the rounding floor of a problem whose f ≈ 88 and whose x₂ ≈ 6·10³.
        let problem = LeastSquaresProblems.named("meyer")
        let reference = LevenbergMarquardtTests.minpack("meyer")
        let options = OptimizationOptions(gradientTolerance: LevenbergMarquardtTests.tolerance(reference), maxIterations: 1000)
        let plain = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(), options: options)
        let accelerated = try minimize(problem.objective, from: Tensor(problem.start),
                                       using: LevenbergMarquardt(geodesicAcceleration: .init()), options: options)
        #expect(accelerated.termination == .convergedGradient
                    || (accelerated.termination == .lineSearchFailed && accelerated.gradientNorm <= 10 * options.gradientTolerance),
                "\(accelerated.termination) at ‖Jᵀr‖∞ = \(accelerated.gradientNorm)")
        expectClose(accelerated.minimum, reference.double("cost"), rtol: 1e-8, "same minimum as MINPACK")
        #expect(accelerated.gradientEvaluations * 3 < plain.gradientEvaluations, "\(accelerated.gradientEvaluations) vs \(plain.gradientEvaluations) Jacobians")
        #expect(accelerated.functionEvaluations * 3 < plain.functionEvaluations * 2, "\(accelerated.functionEvaluations) vs \(plain.functionEvaluations) residuals")
    }

    @Test(arguments: ["rosenbrock", "box3d", "osborne1", "jennrich_sampson"])
    func geodesicAccelerationConvergesToMINPACKsMinimum(_ name: String) throws {
        // Near a zero-residual solution r_vv is mostly rounding; the plain step is taken then, so the
        // accelerated method still converges to a tight tolerance.
        let problem = LeastSquaresProblems.named(name)
        let reference = LevenbergMarquardtTests.minpack(name)
        let result = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(geodesicAcceleration: .init()),
                                  options: OptimizationOptions(gradientTolerance: Swift.max(reference.double("gradient_inf_norm") * 1.0001, 1e-10)))
        #expect(result.termination == .convergedGradient, "\(name): \(result.termination)")
        // As in matchesMINPACK: the same cost to 1e-8 relative, or ½‖r‖² ≤ 1e-15.
        expectClose(result.minimum, reference.double("cost"), rtol: 1e-8, atol: 1e-15, "\(name): cost")
    }

    @Test func moreScalingMakesItInvariantToRescalingTheVariables() throws {
        // x = S z with S = diag(1, 8, 1/8, 64, 1024) (powers of two: no rounding in the change of
        // variables): D scales with J's columns, so ‖D p‖ ≤ Δ is the same region and every iterate is
        // the same up to rounding in the factorization (the pivot order may differ). The gradient
        // test is not invariant (∇_z = S∇_x), so compare the runs iteration by iteration instead.
        // (With `scaling: .identity` the rescaled run takes other steps and this test fails.)
        let problem = LeastSquaresProblems.named("osborne1")
        let s: [Double] = [1, 8, 0.125, 64, 1024]
        let scaled = LeastSquaresObjective(
            residuals: { z in Tensor(problem.residuals(zip(z.scalars, s).map { $0 * $1 })) },
            jacobian: { z in Tensor(problem.jacobian(zip(z.scalars, s).map { $0 * $1 }).map { row in zip(row, s).map { $0 * $1 } }) })
        let options = OptimizationOptions(gradientTolerance: 0, maxIterations: 15, storeTrace: true)
        let plain = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(), options: options)
        let rescaled = try minimize(scaled, from: Tensor(zip(problem.start, s).map { $0 / $1 }), using: LevenbergMarquardt(), options: options)
        #expect(plain.trace.count == 16 && rescaled.trace.count == 16)
        // f falls from 0.9 to 2.7e-5: equal to 1e-9 relative along the way (rounding, amplified by the
        // last iterations' cancellation f(x) − f*), with the same number of trials per iteration.
        expectClose(rescaled.trace.map(\.value), plain.trace.map(\.value), rtol: 1e-9, "the same iterates")
        #expect(rescaled.trace.map(\.functionEvaluations) == plain.trace.map(\.functionEvaluations))
    }

    @Test func identityScalingAlsoConverges() throws {
        let problem = LeastSquaresProblems.named("osborne1")
        let result = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(scaling: .identity),
                                  options: OptimizationOptions(gradientTolerance: 1e-7, maxIterations: 1000))
        #expect(result.isConverged, "\(result.termination)")
        expectClose(result.minimum, LevenbergMarquardtTests.minpack("osborne1").double("cost"), rtol: 1e-6, "‖g‖∞ ≤ 1e-7 near a minimum of size 2.7e-5")
    }

    @Test func fewerResidualsThanVariables() throws {
        // r = x + 2y − 4 (m = 1 < n = 2): R is padded with a zero row; any point on the line is a minimizer.
        let problem = LeastSquaresObjective(residuals: { p in Tensor([p.scalars[0] + 2 * p.scalars[1] - 4]) },
                                            jacobian: { _ in Tensor([[1, 2]]) })
        let result = try minimize(problem, from: Tensor([0, 0]), using: LevenbergMarquardt(), options: OptimizationOptions(gradientTolerance: 1e-12))
        #expect(result.isConverged)
        expectClose(result.minimizer.scalars[0] + 2 * result.minimizer.scalars[1], 4, rtol: 1e-12, "on the solution line")
    }

    @Test func nonFiniteTrialResidualsShrinkTheRegion() throws {
        // r = √x − 2 from x = 1: the first full step may leave x > 0; NaN residuals count as no reduction.
        let problem = LeastSquaresObjective(residuals: { p in Tensor([p.scalars[0].squareRoot() - 2, 0.1 * (p.scalars[0] - 4)]) },
                                            jacobian: { p in Tensor([[0.5 / p.scalars[0].squareRoot()], [0.1]]) })
        let result = try minimize(problem, from: Tensor([0.01]), using: LevenbergMarquardt(), options: OptimizationOptions(gradientTolerance: 1e-12))
        #expect(result.isConverged, "\(result.termination)")
        expectClose(result.minimizer.scalars[0], 4, rtol: 1e-10, "zero-residual solution x = 4")
    }
}

/// Levenberg–Marquardt on all 35 Moré–Garbow–Hillstrom problems (autodiff residuals and Jacobians)
/// against MINPACK's `lmder` on the same residuals: same minimum, and evaluation counts.
@Suite struct LevenbergMarquardtMGHTests {
    static func minpack(_ number: Int) -> ReferenceData {
        LevenbergMarquardtTests.references.cases("mgh_lm").first { $0.int("number") == number }!
    }

    /// Problems where MINPACK's last gradient is rounding noise below what a run differing by one
    /// rounding reaches: the linear rank-1 functions (33, 34) have a 9-dimensional null space in which
    /// the first step moves x to entries of ~10², so ‖Jᵀr‖∞ at the (exact, one-step) minimizer is
    /// ~10⁻⁸ (MINPACK: 1.2e-9 and 4.6e-9; ours 1.3e-8 and similar). Both stop after one step at 1e-7.
    static let roundingFloors: [Int: Double] = [33: 1e-7, 34: 1e-7]

    @Test(arguments: 1...35) func matchesMINPACKOnMGH(number: Int) throws {
        let problem = MoreGarbowHillstrom.problem(number: number)
        let reference = LevenbergMarquardtMGHTests.minpack(number)
        let tol = LevenbergMarquardtMGHTests.roundingFloors[number] ?? LevenbergMarquardtTests.tolerance(reference)
        let result = try minimize(problem.leastSquares!, from: problem.start, using: LevenbergMarquardt(),
                                  options: OptimizationOptions(gradientTolerance: tol, maxIterations: 1000))
        let label = "mgh\(number) \(problem.name): \(result.termination), f = \(result.minimum) vs MINPACK \(reference.double("cost"))"
        #expect(result.termination == .convergedGradient, "\(label)")
        // Same minimum: relative 1e-8 for a positive f*; for a zero one f ≤ 1e-12, because Powell's
        // singular functions (13, 22) have a singular Jacobian at x*, where ‖∇f‖ ~ f^¾ and LM converges
        // only linearly: ‖g‖∞ ≤ 1e-9 is met at f ≈ 1e-13.
        expectClose(result.minimum, reference.double("cost"), rtol: 1e-8, atol: 1e-12, label)
        LevenbergMarquardtTests.expectMINPACKCounts(result, reference, tolerance: tol, label)
    }
}
