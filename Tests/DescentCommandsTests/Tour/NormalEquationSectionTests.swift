@testable import DescentCommands
import Testing
import _TestSupport

/// Section 2 of the tour in quick mode, against NumPy (Tools/references/tour_sections.py →
/// References/tour_sections.json): the same κ(XᵀX), least-squares weights and gradient-descent
/// iteration count as a NumPy run of the same iteration; the timing sweep present and sane.
@Suite("tour: normal equation vs gradient descent")
struct NormalEquationSectionTests {
    static let run = LeastSquaresSectionChecks.quickPage(NormalEquationSection())
    static var page: TourPage { run.page }

    @Test func everyClaimHolds() {
        LeastSquaresSectionChecks.expectNoFailures(Self.run.failures)
        #expect(Self.page.checks.count >= 5)
    }

    @Test func diabetesMatchesNumPy() throws {
        let reference = try ReferenceData.load("tour_sections")
        let page = Self.page
        // κ from two LAPACK eigendecompositions of the same 10 × 10 matrix: agreement to rounding.
        expectClose(try LeastSquaresSectionChecks.fact(page, "diabetes_kappa"), reference.double("kappa"), rtol: 1e-10,
                    "κ(ZᵀZ) by LAPACK on both sides")
        // Least-squares weights: Cholesky vs numpy.linalg.solve, κ ≈ 470 costs ≤ 3 digits of 16.
        expectClose(try LeastSquaresSectionChecks.fact(page, "diabetes_bmi_weight"), reference.doubles("least_squares")[2], rtol: 1e-11,
                    "Cholesky vs LU solve of the same normal equations")
        expectClose(try LeastSquaresSectionChecks.fact(page, "diabetes_optimum"), reference.double("optimum"), rtol: 1e-10,
                    "½‖y − Zw*‖² at the same w*")
        // The same iteration in NumPy stops at the same k; rounding may move the threshold by one.
        let iterations = try LeastSquaresSectionChecks.fact(page, "diabetes_gd_iterations")
        #expect(Swift.abs(iterations - reference.double("gd_iterations")) <= 1, "GD iterations \(iterations) vs NumPy \(reference.int("gd_iterations"))")
        #expect(iterations <= (try LeastSquaresSectionChecks.fact(page, "diabetes_gd_predicted_iterations")))
        #expect(try LeastSquaresSectionChecks.fact(page, "diabetes_relative_weight_gap") < 1e-6)
    }

    @Test func timingSweepIsMeasured() throws {
        let page = Self.page
        var kappas: [Double] = []
        for d in [10, 20, 40, 80, 160] {
            #expect(try LeastSquaresSectionChecks.fact(page, "normal_equation_ms_d\(d)") > 0)
            #expect(try LeastSquaresSectionChecks.fact(page, "gradient_descent_ms_d\(d)") > 0)
            #expect(try LeastSquaresSectionChecks.fact(page, "gradient_descent_iterations_d\(d)") >= 1)
            kappas.append(try LeastSquaresSectionChecks.fact(page, "kappa_d\(d)"))
        }
        // Gaussian n × d data: κ(XᵀX) ≈ ((1 + √(d/n))/(1 − √(d/n)))², n = 800 in quick mode; within 40 %
        // (finite-sample fluctuation of the extreme singular values).
        for (d, kappa) in zip([10.0, 20, 40, 80, 160], kappas) {
            let r = (d / 800).squareRoot()
            expectClose(kappa, ((1 + r) / (1 - r)) * ((1 + r) / (1 - r)), rtol: 0.4, "Marchenko–Pastur edges at d = \(d)")
        }
        #expect(page.fact("measured_crossover_d") != nil, "the crossover (or its absence as NaN) is recorded")
    }

    @Test func figuresAreValidSVGWithTheirSeries() {
        LeastSquaresSectionChecks.expectFigure(Self.page, "loss", series: ["gradient descent, step 1/λmax", "bound (1 − 1/κ)²ᵏ·(f(0) − f*)"])
        LeastSquaresSectionChecks.expectFigure(Self.page, "timing", series: ["normal equation (Cholesky)", "gradient descent to ε = \(TourPage.number(1e-6))"])
    }

    @Test func crossoverRules() {
        typealias T = NormalEquationSection.Timing
        func timing(_ d: Int, _ direct: Double, _ descent: Double) -> T {
            T(columns: d, kappa: 1, directSeconds: direct, descentSeconds: descent, descentIterations: 1, relativeGap: 0)
        }
        // GD faster from d = 40 on, and stays faster.
        #expect(NormalEquationSection.crossover([timing(10, 1, 2), timing(20, 2, 3), timing(40, 8, 4), timing(80, 32, 8)]) == .measured(40))
        // None measured: direct t = d²/10 and GD t = 10d meet beyond the range, at d = 100.
        let direct = [10, 20, 40].map { (d: $0, t: Double($0 * $0) / 10) }, descent = [10, 20, 40].map { (d: $0, t: Double($0) * 10) }
        let tail = zip(direct, descent).map { timing($0.d, $0.t, $1.t) }
        guard case .extrapolated(let d) = NormalEquationSection.crossover(tail) else {
            Issue.record("expected an extrapolated crossover")
            return
        }
        expectClose(d, 100, rtol: 1e-9, "d²/10 = 10d at d = 100")
        // GD's time growing faster than the direct solve's: no crossover ahead.
        #expect(NormalEquationSection.crossover([timing(10, 1, 2), timing(20, 2, 8), timing(40, 4, 32)]) == .none)
        // Meeting far beyond the range (d²/10⁴ = 10d at d = 10⁵ > 20·40): an extrapolation too far to report.
        #expect(NormalEquationSection.crossover([10, 20, 40].map { timing($0, Double($0 * $0) / 1e4, Double($0) * 10) }) == .none)
    }
}
