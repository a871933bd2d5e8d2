import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Tour section 3: the eigenvalues against LAPACK via NumPy, convergence below 2/λmax and divergence
/// (quadratic) or a non-converging oscillation (Rosenbrock) above it, every claim, and the figures.
@Suite("Tour: learning-rate section")
struct LearningRateSectionTests {
    static let page = Result { try TourSectionProbe.quickPage("learning-rate") }
    static let reference = try! ReferenceData.load("tour_calculus")["learning_rate"]

    func fact(_ name: String) throws -> Double {
        try #require(try Self.page.get().fact(name), "fact \(name) missing")
    }

    @Test func everyClaimHolds() throws {
        let page = try Self.page.get()
        #expect(page.checks.count == 8)
        for check in page.checks { #expect(check.passed, "\(check.claim)") }
    }

    @Test func eigenvaluesAndBoundsMatchNumPy() throws {
        let quadratic = Self.reference.tensor("quadratic_eigenvalues").scalars
        let rosenbrock = Self.reference.tensor("rosenbrock_eigenvalues").scalars
        // 2 × 2 symmetric eigenproblems by LAPACK on both sides: agreement to a few ulps of λmax
        // (λmin of Rosenbrock, 2500 times smaller, carries that absolute error).
        expectClose(try fact("quadratic_lambda_min"), quadratic[0], atol: 1e-13, "ulps of λmax = 7")
        expectClose(try fact("quadratic_lambda_max"), quadratic[1], rtol: 1e-14, "ulps")
        expectClose(try fact("rosenbrock_lambda_min"), rosenbrock[0], atol: 1e-11, "ulps of λmax ≈ 1002")
        expectClose(try fact("rosenbrock_lambda_max"), rosenbrock[1], rtol: 1e-14, "ulps")
        // Exact mathematics: λmax = 7, and 501 + √250601 for H(1, 1) = [[802, −400], [−400, 200]].
        expectClose(try fact("quadratic_step_bound"), 2.0 / 7, rtol: 1e-14, "ulps")
        expectClose(try fact("rosenbrock_step_bound"), 2 / (501 + 250_601.0.squareRoot()), rtol: 1e-14, "ulps")
    }

    @Test func convergesBelowAndDivergesAboveTheBound() throws {
        #expect(try fact("quadratic_below_converged") == 1)
        #expect(try fact("quadratic_above_diverged") == 1)
        // Rosenbrock above the bound: unstable at (1, 1) — the stiff error grows about 1.1²⁰ ≈ 6.7 times in
        // 20 steps, f ends far above the run below the bound — and it settles where λmax(H) is within 5 % of 2/η.
        #expect(try fact("rosenbrock_above_converged") == 0)
        #expect(try fact("rosenbrock_above_top_growth") > 3)
        #expect(try fact("rosenbrock_below_top_growth") < 0.3)
        #expect(try fact("rosenbrock_above_final_gap") > 1e3 * (try fact("rosenbrock_below_final_gap")))
        expectClose(try fact("rosenbrock_above_final_lambda_max") * (try fact("rosenbrock_step_bound")) * 1.05 / 2, 1, atol: 0.05,
                    "the oscillation straddles the curvature 2/η")
        let (finalGap, startGap) = (try fact("rosenbrock_below_final_gap"), try fact("rosenbrock_below_start_gap"))
        #expect(finalGap < startGap / 2)
        // The rates per step are those of the quadratic model: |1 − 0.95·2| = 0.9 and |1 − 1.05·2| = 1.1
        // (exactly, since 0.95·2/λmax·λmax = 1.9), measured over 20 steps to 1e-3.
        expectClose(try fact("quadratic_below_predicted_rate"), 0.9, rtol: 1e-14, "ulps")
        expectClose(try fact("quadratic_above_predicted_rate"), 1.1, rtol: 1e-14, "ulps")
        expectClose(try fact("quadratic_below_rate"), 0.9, atol: 1e-3, "the slower mode's share after ~200 steps")
        expectClose(try fact("quadratic_above_rate"), 1.1, atol: 1e-3, "the other mode has died out")
        // Thirteen runs from 0.1 to 1.3 × 2/λmax: each measured rate within 1e-3 of max|1 − ηλ|.
        #expect(try fact("quadratic_rate_sweep_max_error") < 1e-3)
        // Divergence detection: f − f(x₀) > 10¹² max(1, |f(x₀)|) needs about log(10¹²·…)/log(1.21) steps.
        let above = try fact("quadratic_above_iterations")
        #expect(above > 100 && above < 200)
    }

    @Test func figuresAreValidSVGWithTheirSeries() throws {
        let page = try Self.page.get()
        #expect(page.figures.map(\.name) == ["learning-rate-quadratic-loss", "learning-rate-quadratic-paths", "learning-rate-rate-sweep",
                                              "learning-rate-rosenbrock-loss"])
        for figure in page.figures where figure.name != "learning-rate-rate-sweep" {
            #expect(TourSectionProbe.isWellFormedSVG(figure.svg), "\(figure.name)")
            let texts = TourSectionProbe.texts(figure.svg)
            #expect(texts.contains { $0.hasPrefix("η = 0.95·2/λmax") } && texts.contains { $0.hasPrefix("η = 1.05·2/λmax") }, "\(figure.name)")
        }
        let sweep = TourSectionProbe.texts(page.figures[2].svg)
        #expect(sweep.contains("predicted max|1 − ηλ|") && sweep.contains("measured (100 steps of GD)"))
        #expect(TourSectionProbe.isWellFormedSVG(page.figures[2].svg))
        let again = try TourSectionProbe.quickPage("learning-rate")
        #expect(again.figures == page.figures)
    }
}
