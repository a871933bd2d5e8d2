import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// L-BFGS's own rules (beside the suites that run it): L-BFGS-B's first trial step and the restart
/// along −∇f after a failed line search.
@Suite struct LBFGSTests {
    /// Records every point the objective is evaluated at.
    final class Points {
        var xs: [Tensor] = []
    }

    /// f = ½·0.01‖x‖², whose gradient 0.01x is short: ‖∇f(x₀)‖₂ = 0.05 from x₀ = (3, 4).
    static func shallowBowl(recording points: Points) -> Objective {
        Objective(valueAndGradient: { x in
            points.xs.append(x)
            return (0.005 * x.squaredNorm(), 0.01 * x)
        })
    }

    @Test func firstTrialMovesUnitLength() throws {
        // α₀ = 1/‖g₀‖₂ = 20: the first trial is x₀ − g₀/‖g₀‖₂ = (3, 4) − (0.6, 0.8), one unit from x₀
        // (L-BFGS-B's rule; the former min(1, 1/‖g₀‖) tried (2.97, 3.96)).
        let points = Points()
        _ = try minimize(Self.shallowBowl(recording: points), from: Tensor([3, 4]), using: LBFGS(),
                         options: OptimizationOptions(maxIterations: 1, secondOrderCheck: .off))
        let trial = try #require(points.xs.first { $0 != Tensor([3, 4]) }, "no trial point")
        expectClose(trial, Tensor([2.4, 3.2]), rtol: 1e-15, "x₀ − g₀/‖g₀‖₂")
    }

    @Test func failedSearchRestartsAlongSteepestDescent() throws {
        // f = ½‖x‖² at x₀ = (1, 1), g = (1, 1), with one stale pair s = (10⁶, 0), y = (1, 0): the two-loop
        // recursion gives H g = (10⁶, 10⁶) (γ = sᵀy/yᵀy = 10⁶), a descent direction whose unit step
        // lands at f ≈ 10¹². With one trial allowed the search fails; the method must forget the pair
        // and step along −g from α₀ = 1/‖g‖₂, where the trial (1 − 1/√2)(1, 1) is a strong-Wolfe point.
        let objective = Objective(valueAndGradient: { x in (0.5 * x.squaredNorm(), x) })
        let evaluator = ObjectiveEvaluator(objective)
        let start = Iterate(x: Tensor([1, 1]), value: 1, gradient: Tensor([1, 1]))
        var state = LBFGS.State(s: [Tensor([1e6, 0])], y: [Tensor([1, 0])], rho: [1e-6])
        expectClose(LBFGS.twoLoop(start.gradient, state), Tensor([1e6, 1e6]), rtol: 1e-12, "the stale direction")
        let oneTrial = StrongWolfeLineSearch(sufficientDecrease: 1e-3, maxEvaluations: 1, algorithm: .moreThuente,
                                             intervalTolerance: 0.1)
        let outcome = LBFGS(lineSearch: oneTrial).step(from: start, state: &state, problem: evaluator, iteration: 1)
        guard case .moved(let next) = outcome else {
            Issue.record("expected a step along −g, got \(outcome)")
            return
        }
        let expected: Double = 1 - 1 / Double(2).squareRoot()
        expectClose(next.x, Tensor([expected, expected]), rtol: 1e-15, "x₀ − g/‖g‖₂")
        #expect(state.s.count == 1, "the stale pair is gone; only the new step's pair is kept")
        expectClose(state.s[0], Tensor([expected - 1, expected - 1]), rtol: 1e-15, "the new pair's step")
        #expect(evaluator.functionEvaluations == 2, "one failed trial, one accepted")
    }

    @Test func defaultLineSearchIsLBFGSBs() {
        let search = LBFGS().lineSearch
        #expect(search.algorithm == .moreThuente && search.sufficientDecrease == 1e-3 && search.curvature == 0.9)
        #expect(search.intervalTolerance == 0.1 && search.maxEvaluations == 20)
    }
}
