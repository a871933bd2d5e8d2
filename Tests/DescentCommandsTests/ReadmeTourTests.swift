import Descent
import Testing
import _TestSupport

/// The Swift tour of README.md, line for line, so that the README cannot drift from the API.
@Suite("README tour")
struct ReadmeTourTests {
    @Test func tour() throws {
        // Tensors and linear algebra
        let a: Tensor = [[4, 1], [2, 3]]
        let eigen = try Eigen(a)                      // eigenvalues 5 and 2
        let x = try solve(a, Tensor([1, 2]))          // [0.1, 0.6]
        let h: Tensor = [[802, -400], [-400, 200]]
        let spectrum = try SymmetricEigen(h)          // 0.3994, 1001.6
        let kappa = try h.conditionNumber()           // ≈ 2508

        // Exact derivatives of any order
        let rosenbrock: (Variable) -> Variable = { v in
            let (x, y) = (v[0], v[1])
            return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x)
        }
        let g = gradient(of: rosenbrock, at: Tensor([-1.2, 1]))
        let hess = hessian(of: rosenbrock, at: Tensor([1, 1]))   // [[802, -400], [-400, 200]]

        // Minimization with an honest report
        let result = try minimize(Objective(differentiable: rosenbrock), from: Tensor([-1.2, 1]), using: LBFGS())
        // result.termination, result.minimizer ≈ (1, 1), result.iterations, result.functionEvaluations

        // Optimizers are gradient transformations (optax)
        let adamOptimizer = adam(learningRate: 0.1)
        var params = Tensor([0.5, -0.3])
        var state = adamOptimizer.initialize(params)                   // typed: state.first.mu is Adam's m
        for _ in 0..<100 {
            adamOptimizer.step(&params, gradient: 2 * params, state: &state)   // minimizes ‖θ‖²
        }

        #expect(eigen.eigenvalues.map(\.real) == [5, 2])
        expectClose(x, Tensor([0.1, 0.6]), rtol: 1e-14, "2 × 2 LU solve: a few ulps")
        expectClose(spectrum.eigenvalues, Tensor([501 - 250_601.0.squareRoot(), 501 + 250_601.0.squareRoot()]), rtol: 1e-12, "κ ≈ 2508 times ε")
        expectClose(kappa, 2508.0, rtol: 1e-3, "the README quotes κ ≈ 2508")
        expectClose(g, Tensor([-215.6, -88]), rtol: 1e-12, "exact derivative; rounding only")
        #expect(hess == Tensor([[802, -400], [-400, 200]]))
        #expect(result.termination == .convergedGradient)
        expectClose(result.minimizer, Tensor([1, 1]), atol: 1e-5, "gradient tolerance 1e-5 on a κ ≈ 2508 minimum")
        #expect(params.norm() < 0.05)
    }
}
