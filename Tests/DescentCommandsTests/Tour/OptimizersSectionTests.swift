import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Tour section 4: the race's outcomes against optax runs of the same methods, the second-order
/// methods at the known minimizers, every claim, and the figures.
@Suite("Tour: optimizers section")
struct OptimizersSectionTests {
    static let page = Result { try TourSectionProbe.quickPage("optimizers") }
    static let reference = try! ReferenceData.load("tour_calculus")["optimizers"]
    /// The quick run's iteration limit.
    static let quickLimit = 4_000.0

    func fact(_ name: String) throws -> Double {
        try #require(try Self.page.get().fact(name), "fact \(name) missing")
    }

    @Test func everyClaimHolds() throws {
        let page = try Self.page.get()
        #expect(page.checks.count == 6)
        for check in page.checks { #expect(check.passed, "\(check.claim)") }
    }

    @Test func firstOrderRunsMatchOptax() throws {
        for problem in ["rosenbrock", "beale"] {
            let reference = Self.reference[problem]
            // η = 1/λmax from a 2 × 2 eigenproblem on both sides: a few ulps.
            expectClose(try fact("\(problem)_step"), reference.double("step"), rtol: 1e-12, "ulps of the eigensolver")
            for method in ["gd", "momentum", "nesterov", "adam"] {
                let iterations = try fact("\(problem)_\(method)_iterations")
                let converged = try fact("\(problem)_\(method)_converged")
                if reference.has("\(method)_iterations"), Double(reference.int("\(method)_iterations")) <= Self.quickLimit {
                    // The same iteration in exact arithmetic; rounding differences (fused multiply-adds,
                    // summation order) can move the first k with ‖∇f‖∞ ≤ 1e-5 by a step.
                    #expect(converged == 1, "\(problem) \(method)")
                    #expect(abs(iterations - Double(reference.int("\(method)_iterations"))) <= 1, "\(problem) \(method): \(iterations)")
                } else {
                    #expect(converged == 0 && iterations == Self.quickLimit, "\(problem) \(method) should stop at the limit")
                }
            }
        }
    }

    @Test func secondOrderMethodsReachTheMinimum() throws {
        for problem in ["rosenbrock", "beale"] {
            for method in ["lbfgs", "newton", "trust_region"] {
                #expect(try fact("\(problem)_\(method)_converged") == 1, "\(problem) \(method)")
                // ‖∇f‖∞ ≤ 1e-5 at a minimum with λmin ≈ 0.3 leaves f − f* ≲ (1e-5)²/λmin ≈ 1e-9.
                #expect(try fact("\(problem)_\(method)_final_f") < 1e-9, "\(problem) \(method)")
                #expect(try fact("\(problem)_\(method)_iterations") < 100, "\(problem) \(method)")
                #expect(try fact("\(problem)_\(method)_function_evaluations") >= 1)
            }
        }
    }

    @Test func figuresAreValidSVGWithEveryMethod() throws {
        let page = try Self.page.get()
        #expect(page.figures.map(\.name) == ["rosenbrock", "beale"].flatMap { p in
            ["paths", "loss-iterations", "loss-evaluations"].map { "optimizers-\(p)-\($0)" }
        })
        for figure in page.figures {
            #expect(TourSectionProbe.isWellFormedSVG(figure.svg), "\(figure.name)")
            let texts = TourSectionProbe.texts(figure.svg)
            for method in ["GD", "momentum", "Nesterov", "Adam", "L-BFGS", "Newton", "trust region"] {
                #expect(texts.contains(method), "\(figure.name) lacks \(method)")
            }
        }
        let again = try TourSectionProbe.quickPage("optimizers")
        #expect(again.figures == page.figures)
    }
}
