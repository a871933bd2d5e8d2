import DescentCommands
import Testing
import _TestSupport
import Foundation

/// Section 5 of the tour in quick mode: the worked example (exact arithmetic: 50 soft-thresholding
/// steps of 0.01 from 0.5; 0.5·0.98ᵏ), the lasso's zeros against scikit-learn
/// (Tools/references/tour_sections.py → References/tour_sections.json), ridge's absence of zeros,
/// and the diamond's corner.
@Suite("tour: L1 vs L2")
struct RegularizationSectionTests {
    static let run = LeastSquaresSectionChecks.quickPage(RegularizationSection())
    static var page: TourPage { run.page }

    @Test func everyClaimHolds() {
        LeastSquaresSectionChecks.expectNoFailures(Self.run.failures)
        #expect(Self.page.checks.count == 9)
    }

    @Test func workedExample() throws {
        let reference = try ReferenceData.load("tour_sections")
        let page = Self.page
        #expect(try LeastSquaresSectionChecks.fact(page, "l1_steps_to_zero") == 50, "⌈0.5/(0.1·0.1)⌉ = 50")
        #expect(try LeastSquaresSectionChecks.fact(page, "l1_steps_to_zero") == reference.double("l1_steps_to_zero"))
        expectClose(try LeastSquaresSectionChecks.fact(page, "l1_step_decrement"), 0.01, rtol: 1e-14, "0.5 − 0.49 in binary")
        expectClose(try LeastSquaresSectionChecks.fact(page, "l2_factor"), 0.98, rtol: 1e-15, "1 − 2·0.1·0.1")
        // 0.5·0.98⁵⁰ and 0.5·0.98¹⁰⁰⁰ in exact arithmetic; the iteration's rounding grows ~1 ulp per step.
        expectClose(try LeastSquaresSectionChecks.fact(page, "l2_after_50_steps"), 0.5 * Foundation.pow(0.98, 50), rtol: 1e-13, "50 roundings")
        expectClose(try LeastSquaresSectionChecks.fact(page, "l2_after_1000_steps"), reference.double("l2_after_1000"), rtol: 1e-12, "1000 roundings")
        #expect(try LeastSquaresSectionChecks.fact(page, "l2_after_1000_steps") > 0)
    }

    @Test func zerosCounted() throws {
        let reference = try ReferenceData.load("tour_sections")
        let page = Self.page
        let lassoZeros = try LeastSquaresSectionChecks.fact(page, "lasso_zeros")
        #expect(lassoZeros > 0, "L1 zeros > 0")
        #expect(lassoZeros == reference.double("lasso_zeros"), "scikit-learn's Lasso at α_max/10 has the same zeros")
        #expect(try LeastSquaresSectionChecks.fact(page, "ridge_zeros") == 0, "L2 zeros = 0")
        // α_max = max|Zᵀy|/n: the same formula on the same data.
        expectClose(try LeastSquaresSectionChecks.fact(page, "lasso_alpha_max"), reference.double("lasso_alpha_max"), rtol: 1e-12, "max|Zᵀy|/n")
        // Coordinate descent at the default tolerance (duality gap 1e-4·‖y‖²/n) vs scikit-learn at 1e-12.
        expectClose(try LeastSquaresSectionChecks.fact(page, "lasso_bmi_coefficient"), reference.doubles("lasso_coefficients")[2], rtol: 1e-3,
                    "lasso duality-gap tolerance 1e-4")
    }

    @Test func geometry() throws {
        let page = Self.page
        #expect(try LeastSquaresSectionChecks.fact(page, "geometry_lasso_zero_weights") == 1, "the lasso sits on a corner")
        #expect(try LeastSquaresSectionChecks.fact(page, "geometry_ridge_zero_weights") == 0, "ridge sits off the axes")
        #expect(try LeastSquaresSectionChecks.fact(page, "geometry_budget") > 0)
    }

    @Test func figuresAreValidSVGWithTheirSeries() {
        let page = Self.page
        LeastSquaresSectionChecks.expectFigure(page, "steps", series: ["L1 proximal step: w − ηλ", "L2 gradient step: (1 − 2ηλ)w"])
        let features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
        LeastSquaresSectionChecks.expectFigure(page, "lasso-path", series: features)
        LeastSquaresSectionChecks.expectFigure(page, "ridge-path", series: features)
        LeastSquaresSectionChecks.expectFigure(page, "zeros", series: ["lasso (L1)", "ridge (L2)"])
        LeastSquaresSectionChecks.expectFigure(page, "geometry", series: ["‖w‖₁ ≤ t (diamond)", "‖w‖₂ ≤ t (disc)", "lasso optimum", "ridge optimum",
                                                                         "least squares", "loss contours"])
    }

    @Test func sameSeedSameFigures() {
        let again = LeastSquaresSectionChecks.quickPage(RegularizationSection()).page
        #expect(again.figures == Self.page.figures, "deterministic computation, deterministic SVG")
    }
}
