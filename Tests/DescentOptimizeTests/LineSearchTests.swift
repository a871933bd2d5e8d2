import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Each line search on its own: the step it returns and the conditions it promises.
@Suite struct LineSearchTests {
    let rosenbrock = TestProblem.rosenbrock
    // x² + 4y²: H = diag(2, 8).
    let quadratic = Quadratic(matrix: Tensor([[2, 0], [0, 8]]), linear: Tensor([0, 0]))

    func start(_ objective: Objective, _ x: Tensor) -> (ObjectiveEvaluator, Iterate) {
        let problem = ObjectiveEvaluator(objective)
        let (f, g) = objective.valueAndGradient(x)
        return (problem, Iterate(x: x, value: f, gradient: g))
    }

    @Test func fixedStepIsTheWorkedExample() throws {
        // f(x) = x² − 4x + 5, one step from 0 with η = 0.1 gives 0.4 (a classic worked example).
        let f = Objective(value: { x in x.scalars[0] * x.scalars[0] - 4 * x.scalars[0] + 5 }, gradient: { x in x * 2 - 4 })
        let (problem, current) = start(f, Tensor([0]))
        let found = FixedStep(0.1).search(problem: problem, from: current, direction: -current.gradient, initialStep: 1, iteration: 1)!
        expectClose(found.iterate.x.scalars[0], 0.4, rtol: 1e-15, "one rounding in 0 − 0.1·(−4)")
        #expect(found.step == 0.1)
        // W = (1, 2), ∇ = (2.5, −1.2), η = 0.1 → (0.75, 2.12).
        let w = Tensor([1, 2]), grad = Tensor([2.5, -1.2])
        let linear = Objective(value: { dot($0, grad) }, gradient: { _ in grad })
        let (p2, c2) = start(linear, w)
        expectClose(FixedStep(0.1).search(problem: p2, from: c2, direction: -grad, initialStep: 1, iteration: 1)!.iterate.x,
                    Tensor([0.75, 2.12]), rtol: 1e-15, "one rounding per entry")
    }

    @Test func diminishingSteps() {
        let inverse = DiminishingStep(scale: 0.5, decay: .inverse)
        let root = DiminishingStep(scale: 0.5, decay: .inverseSquareRoot)
        #expect(inverse.step(at: 1) == 0.5 && inverse.step(at: 4) == 0.125)
        #expect(root.step(at: 4) == 0.25 && root.step(at: 100) == 0.05)
        let (problem, current) = start(quadratic.objective, Tensor([1, 1]))
        let found = inverse.search(problem: problem, from: current, direction: -current.gradient, initialStep: 1, iteration: 5)!
        #expect(found.step == 0.1)
        // Converges on a quadratic (Σα = ∞) though slowly.
        let result = try? minimize(quadratic.objective, from: Tensor([1, 1]), using: GradientDescent(lineSearch: DiminishingStep(scale: 0.2, decay: .inverseSquareRoot)),
                                   options: OptimizationOptions(gradientTolerance: 1e-6, maxIterations: 5000))
        #expect(result?.isConverged == true)
    }

    @Test func exactLineSearchOnQuadratic() {
        let (problem, current) = start(quadratic.objective, Tensor([1, 1]))
        let g = current.gradient   // (2, 8)
        let found = ExactLineSearch().search(problem: problem, from: current, direction: -g, initialStep: 1, iteration: 1)!
        // α = gᵀg / gᵀHg = 68 / (2·4 + 8·64) = 68/520.
        expectClose(found.step, 68.0 / 520.0, rtol: 1e-15, "closed form; one rounding")
        // The new gradient is orthogonal to the search direction (exact minimization along the line).
        expectClose(dot(found.iterate.gradient, g), 0, atol: 1e-14, "orthogonality up to rounding of O(‖g‖²ε)")
        #expect(problem.hessianVectorProductEvaluations == 1)
        // No minimizer along d when dᵀHd ≤ 0: fails.
        let saddle = Quadratic(matrix: Tensor([[1, 0], [0, -1]]), linear: Tensor([0, 0]))
        let (p2, c2) = start(saddle.objective, Tensor([0, 1]))
        #expect(ExactLineSearch().search(problem: p2, from: c2, direction: Tensor([0, 1]), initialStep: 1, iteration: 1) == nil)
    }

    @Test func armijoBacktracking() {
        let (problem, current) = start(rosenbrock.objective, rosenbrock.start)
        let d = -current.gradient
        let slope = dot(current.gradient, d)
        let search = BacktrackingLineSearch()
        let found = search.search(problem: problem, from: current, direction: d, initialStep: 1, iteration: 1)!
        #expect(found.iterate.value <= current.value + 1e-4 * found.step * slope, "sufficient decrease")
        // α is α₀·2⁻ᵏ, and the previous halving would not have satisfied it: the largest such α.
        let k = -log2(found.step)
        #expect(k == k.rounded() && k >= 1)
        let larger = found.step * 2
        let fLarger = rosenbrock.objective.value(Tensor.scaledSum(larger, d, current.x))
        #expect(fLarger > current.value + 1e-4 * larger * slope)
        #expect(problem.gradientEvaluations == 1, "gradient only at the accepted point")
        #expect(problem.functionEvaluations == Int(k) + 1)
        // Ascent direction: fails.
        #expect(search.search(problem: problem, from: current, direction: current.gradient, initialStep: 1, iteration: 1) == nil)
    }

    @Test func strongWolfeConditionsHold() {
        for c2 in [0.9, 0.1] {
            for initial in [1e-4, 1e-3, 1.0, 10.0] {
                let (problem, current) = start(rosenbrock.objective, rosenbrock.start)
                let d = -current.gradient
                let slope = dot(current.gradient, d)
                let search = StrongWolfeLineSearch(curvature: c2)
                guard let found = search.search(problem: problem, from: current, direction: d, initialStep: initial, iteration: 1) else {
                    Issue.record("strong Wolfe failed from α₀ = \(initial), c₂ = \(c2)")
                    continue
                }
                #expect(found.iterate.value <= current.value + 1e-4 * found.step * slope, "sufficient decrease (α₀ = \(initial))")
                #expect(Swift.abs(dot(found.iterate.gradient, d)) <= c2 * Swift.abs(slope), "curvature (α₀ = \(initial), c₂ = \(c2))")
                #expect(problem.functionEvaluations == problem.gradientEvaluations)
            }
        }
        // Ascent direction: fails.
        let (problem, current) = start(rosenbrock.objective, rosenbrock.start)
        #expect(StrongWolfeLineSearch().search(problem: problem, from: current, direction: current.gradient, initialStep: 1, iteration: 1) == nil)
    }

    @Test func strongWolfeOnQuadraticFindsNearExactStep() {
        // On a 1-D quadratic the cubic interpolation is exact: with c₂ = 0.1 the accepted step is the minimizer.
        let q = Quadratic(matrix: Tensor([[4]]), linear: Tensor([8]))   // minimum at x = 2
        let (problem, current) = start(q.objective, Tensor([0]))
        let found = StrongWolfeLineSearch(curvature: 0.1).search(problem: problem, from: current, direction: Tensor([1]), initialStep: 10, iteration: 1)!
        expectClose(found.iterate.x.scalars[0], 2, rtol: 1e-12, "cubic through two points of a quadratic is exact up to rounding")
    }
}

extension LineSearchResult: Equatable {
    public static func == (a: LineSearchResult, b: LineSearchResult) -> Bool { a.step == b.step && a.iterate.x == b.iterate.x }
}
