import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Tour section 1: the worked derivatives against JAX, the subgradient conventions, every claim, and the figures.
@Suite("Tour: gradient section")
struct GradientSectionTests {
    static let page = Result { try TourSectionProbe.quickPage("gradient") }
    static let reference = try! ReferenceData.load("tour_calculus")["gradient"]

    func fact(_ name: String) throws -> Double {
        try #require(try Self.page.get().fact(name), "fact \(name) missing")
    }

    @Test func everyClaimHolds() throws {
        let page = try Self.page.get()
        #expect(page.checks.count >= 9)
        for check in page.checks { #expect(check.passed, "\(check.claim)") }
    }

    @Test func workedDerivativesMatchJAX() throws {
        let worked = Self.reference.tensor("worked_gradient").scalars
        // Both sides evaluate 2xy + 3y³ + cos x in double precision: equal to a few ulps.
        expectClose(try fact("worked_df_dx"), worked[0], rtol: 1e-14, "a few ulps of rounding")
        expectClose(try fact("worked_df_dy"), worked[1], rtol: 1e-14, "exact integer arithmetic")
        #expect(try fact("worked_difference_error") < 1e-8)
        expectClose(try fact("directional_derivative"), Self.reference.double("directional_derivative"), rtol: 1e-14, "a few ulps")
        expectClose(try fact("gradient_norm"), Self.reference.double("gradient_norm"), rtol: 1e-14, "a few ulps")
        #expect(try fact("steepest_angle_error_degrees") <= 0.5)
    }

    @Test func regressionGradientMatchesJAXOnDiabetes() throws {
        // Sums over 442 rows in a different order (BLAS vs XLA): agreement to ~1e-13 relative.
        expectClose(try fact("mse_loss"), Self.reference.double("mse_loss"), rtol: 1e-12, "summation order over 442 rows")
        expectClose(try fact("mse_gradient_b"), Self.reference.tensor("mse_gradient").scalars.last!, rtol: 1e-12, "summation order")
        expectClose(try fact("mse_gradient_norm"), Self.reference.double("mse_gradient_norm"), rtol: 1e-12, "summation order")
        #expect(try fact("mse_formula_error") < 1e-12)
        #expect(try fact("mse_difference_error") < 1e-7)
    }

    @Test func subgradientsAreJAXsChoices() throws {
        #expect(try fact("abs_derivative_at_0") == Self.reference.double("abs_derivative_at_0"))
        #expect(try fact("relu_derivative_at_0") == Self.reference.double("relu_derivative_at_0"))
        // Central differences give the midpoints of the subdifferentials [−1, 1] and [0, 1], exactly.
        #expect(try fact("abs_central_difference_at_0") == 0)
        #expect(try fact("relu_central_difference_at_0") == 0.5)
    }

    @Test func descentPathsEndAtMinima() throws {
        // Each steepest-descent path takes some steps, and fewer than its 20 000 limit.
        for k in 1...2 {
            let steps = try fact("descent_path_\(k)_iterations")
            #expect(steps > 10 && steps < 20_000)
        }
    }

    @Test func figuresAreValidSVGWithTheirSeries() throws {
        let page = try Self.page.get()
        #expect(page.figures.map(\.name) == ["gradient-directional", "gradient-steepest-descent"])
        for figure in page.figures { #expect(TourSectionProbe.isWellFormedSVG(figure.svg), "\(figure.name)") }
        let directional = TourSectionProbe.texts(page.figures[0].svg)
        #expect(directional.contains("uᵀ∇f") && directional.contains("−∇f/‖∇f‖ (descent)"))
        let steepest = TourSectionProbe.texts(page.figures[1].svg)
        #expect(steepest.contains("−∇f (direction)") && steepest.contains("GD from (−0.5, −4.5)"))
        // Deterministic: a second run draws the same bytes.
        let again = try TourSectionProbe.quickPage("gradient")
        #expect(again.figures == page.figures)
    }
}
