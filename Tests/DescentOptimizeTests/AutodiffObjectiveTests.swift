import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Objectives built by autodiff agree with the hand-written derivatives of the suite, and drive the methods.
@Suite struct AutodiffObjectiveTests {
    let rosenbrockText = "100*(y - x^2)^2 + (1 - x)^2"

    @Test func expressionMatchesHandWrittenRosenbrock() throws {
        let objective = try Objective(expression: MathExpression(parsing: rosenbrockText), variables: ["x", "y"])
        let reference = TestProblem.rosenbrock.objective
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<5 {
            let x = Tensor.randomNormal([2], using: &generator)
            let v = Tensor.randomNormal([2], using: &generator)
            expectClose(objective.value(x), reference.value(x), rtol: 1e-14, "same polynomial, different operation order")
            expectClose(objective.valueAndGradient(x).gradient, reference.gradient!(x), rtol: 1e-13, atol: 1e-13,
                        "reverse mode vs hand-written: rounding of a few flops")
            expectClose(objective.hessian!(x), reference.hessian!(x), rtol: 1e-13, atol: 1e-12, "exact second derivatives both ways")
            expectClose(objective.hessianVectorProduct!(x, v), reference.hessianVectorProduct!(x, v), rtol: 1e-13, atol: 1e-12,
                        "exact HVP both ways")
        }
    }

    @Test func differentiableFunctionMatchesHandWrittenBeale() throws {
        // Beale written with Variable operations through the expression parser.
        let beale = try Objective(expression: MathExpression(parsing: "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"),
                                  variables: ["x", "y"])
        let reference = TestProblem.beale.objective
        for p in [Tensor([1.3, 0.4]), Tensor([1, 1]), Tensor([3, 0.5])] {
            expectClose(beale.value(p), reference.value(p), rtol: 1e-13, atol: 1e-30, "rounding only")
            expectClose(beale.valueAndGradient(p).gradient, reference.gradient!(p), rtol: 1e-13, atol: 1e-14, "rounding only")
            expectClose(beale.hessian!(p), reference.hessian!(p), rtol: 1e-13, atol: 1e-13, "rounding only")
        }
    }

    @Test func methodsMinimizeAnExpression() throws {
        let objective = try Objective(expression: MathExpression(parsing: rosenbrockText), variables: ["x", "y"])
        let start = Tensor([-1.2, 1])
        for result in [try minimize(objective, from: start, using: BFGS()),
                       try minimize(objective, from: start, using: Newton()),
                       try minimize(objective, from: start, using: NewtonCG()),
                       try minimize(objective, from: start, using: TrustRegion())] {
            expectConverged(result, result.method)
            // Rosenbrock: μ ≈ 0.3994 at (1, 1); first-order bound with factor 2.
            expectClose(result.minimizer, Tensor([1, 1]), atol: 2 * result.gradient.norm(.two) / 0.3994 + 1e-12, "\(result.method): 2‖∇f‖/μ")
        }
        // Same iterates as the hand-written objective for a method that uses only values and gradients.
        let viaAutodiff = try minimize(objective, from: start, using: LBFGS())
        let viaHand = try minimize(TestProblem.rosenbrock.objective, from: start, using: LBFGS())
        #expect(viaAutodiff.iterations == viaHand.iterations)
        expectClose(viaAutodiff.minimizer, viaHand.minimizer, rtol: 1e-8, "gradients differ by rounding only; L-BFGS amplifies it mildly")
    }

    @Test func levenbergMarquardtWithAutodiffJacobian() throws {
        // Exponential decay y = 2.5·exp(−1.3 t), residuals written with Variables; Jacobian by autodiff.
        let t = Tensor((0..<12).map { Double($0) * 0.25 })
        let y = (t * -1.3).map { 2.5 * Foundation.exp($0) }
        let problem = LeastSquaresObjective(differentiableResiduals: { p in
            let amplitude = p.element(atFlatIndex: 0), rate = p.element(atFlatIndex: 1)
            return amplitude * DescentAutodiff.exp(Variable(t) * (-rate)) - Variable(y)
        })
        let result = try minimize(problem, from: Tensor([1, 0]), using: LevenbergMarquardt(), options: OptimizationOptions(gradientTolerance: 1e-12))
        expectConverged(result, "LM with autodiff Jacobian")
        expectClose(result.minimizer, Tensor([2.5, 1.3]), rtol: 1e-9, "zero-residual fit to gradient tolerance 1e-12, well-conditioned Jacobian")
    }

    @Test func unknownVariableThrows() {
        #expect(throws: ExpressionError.self) {
            try Objective(expression: MathExpression(parsing: "x + z"), variables: ["x", "y"])
        }
    }
}
