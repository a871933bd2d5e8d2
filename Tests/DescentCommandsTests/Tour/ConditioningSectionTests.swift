import DescentCommands
import DescentCore
import Testing
import _TestSupport

/// Section 6 of the tour in quick mode, against NumPy (Tools/references/tour_sections.py →
/// References/tour_sections.json): κ with and without ridge, and the iterations gradient descent
/// needs to ε = 1e-4, counted by the same iteration in NumPy, against ⌈ln ε / ln(1 − 1/κ)⌉.
@Suite("tour: conditioning")
struct ConditioningSectionTests {
    static let run = LeastSquaresSectionChecks.quickPage(ConditioningSection())
    static var page: TourPage { run.page }

    @Test func everyClaimHolds() {
        LeastSquaresSectionChecks.expectNoFailures(Self.run.failures)
        #expect(Self.page.checks.count == 4)
    }

    @Test func ridgeLowersKappaAsNumPySays() throws {
        let reference = try ReferenceData.load("tour_sections")
        let page = Self.page
        #expect(try LeastSquaresSectionChecks.fact(page, "accuracy") == 1e-4)
        var previous = Double.infinity
        for case_ in reference.cases("ridge") {
            let alpha = case_.int("alpha")
            let kappa = try LeastSquaresSectionChecks.fact(page, "kappa_alpha_\(alpha)")
            // (λmax + α)/(λmin + α) from LAPACK eigenvalues on both sides: rounding only.
            expectClose(kappa, case_.double("kappa"), rtol: 1e-10, "κ at α = \(alpha)")
            #expect(kappa < previous, "κ_ridge < κ: α = \(alpha)")
            previous = kappa
            // The prediction is exact arithmetic on κ; the count is the same iteration in NumPy (a
            // threshold crossing: rounding may move it by one).
            #expect(try LeastSquaresSectionChecks.fact(page, "predicted_iterations_alpha_\(alpha)") == case_.double("predicted_quick"))
            // w* by Cholesky against scikit-learn's Ridge (tol 1e-12) / NumPy's solve: κ ≤ 470 costs ≤ 3 digits.
            expectClose(try LeastSquaresSectionChecks.fact(page, "solution_norm_alpha_\(alpha)"), Tensor(case_.doubles("coefficients")).norm(),
                        rtol: 1e-10, "‖w*‖ at α = \(alpha)")
            let measured = try LeastSquaresSectionChecks.fact(page, "measured_iterations_alpha_\(alpha)")
            #expect(Swift.abs(measured - case_.double("measured_quick")) <= 1, "α = \(alpha): \(measured) vs NumPy \(case_.int("measured_quick"))")
        }
        expectClose(try LeastSquaresSectionChecks.fact(page, "kappa"), reference.double("kappa"), rtol: 1e-10, "κ(ZᵀZ)")
    }

    @Test func kappaFormulaIsExact() throws {
        let page = Self.page
        let (low, high) = (try LeastSquaresSectionChecks.fact(page, "lambda_min"), try LeastSquaresSectionChecks.fact(page, "lambda_max"))
        for alpha in [0.0, 1, 10, 100, 1000] {
            #expect(try LeastSquaresSectionChecks.fact(page, "kappa_alpha_\(Int(alpha))") == (high + alpha) / (low + alpha))
        }
    }

    @Test func figureIsValidSVGWithBothSeries() {
        LeastSquaresSectionChecks.expectFigure(Self.page, "iterations", series: ["predicted ⌈ln ε / ln(1 − 1/κ)⌉", "measured"])
    }

    @Test func sameSeedSameFigure() {
        let again = LeastSquaresSectionChecks.quickPage(ConditioningSection()).page
        #expect(again.figures == Self.page.figures, "deterministic computation, deterministic SVG")
    }
}
