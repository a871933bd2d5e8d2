import DescentAutodiff
import DescentCore
import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `HessianFree` (Martens 2010) through `minimize`: exact least squares on a linear network (where
/// G = H and the answer is known in closed form) and training a small tanh network.
@Suite("Hessian-free optimization")
struct HessianFreeTests {
    @Test func linearNetworkReachesTheLeastSquaresSolution() throws {
        var generator = SeededGenerator(seed: 11)
        let x = Tensor.randomNormal([30, 4], using: &generator), y = Tensor.randomNormal([30, 2], using: &generator)
        let network = try Sequential([Dense(2)], inputFeatures: 4)
        let risk = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y, batchSize: 7)
        let result = try minimize(risk.objective, from: network.initialParameters(seed: 1),
                                  using: HessianFree(risk: risk, options: HessianFreeOptions(initialDamping: 1e-3)),
                                  options: OptimizationOptions(gradientTolerance: 1e-8, maxIterations: 50))
        #expect(result.isConverged)
        // Closed form: [W b]ᵀ = lstsq([X 1], Y), compared in Sequential's layout (W [2, 4], then b).
        let design = Tensor(rows: 30, columns: 5) { i, j in j < 4 ? x[i, j] : 1 }
        let coefficients = try Cholesky(matmul(design, design, transposeA: true)).solve(matmul(design, y, transposeA: true))
        let expected = Tensor(coefficients.slice(rows: 0..<4).transposed.scalars + coefficients.row(4).scalars)
        // Converged to ‖∇L‖∞ ≤ 1e-8 with λmin(H) ≈ 0.5 (unit-variance inputs): the parameters are within ~1e-7.
        expectClose(result.minimizer, expected, rtol: 0, atol: 1e-7, "least-squares weights")
        #expect(result.iterations <= 10)
    }

    @Test func trainsASmallTanhNetwork() throws {
        let c = try CurvatureReferenceTests.cases()[1]
        let start = c.risk.value(at: c.theta)
        let method = HessianFree(risk: c.risk)
        let result = try minimize(c.risk.objective, from: c.theta, using: method,
                                  options: OptimizationOptions(gradientTolerance: 1e-9, maxIterations: 30))
        // 9 examples, 2 targets, 27 parameters: the network can fit the data almost exactly.
        #expect(result.minimum < 1e-3 * start)
        let lbfgs = try minimize(c.risk.objective, from: c.theta, using: LBFGS(),
                                 options: OptimizationOptions(gradientTolerance: 1e-9, maxIterations: 30))
        #expect(result.minimum <= lbfgs.minimum)
    }

    @Test func trainingStepInsideTrain() throws {
        let (x, y) = CurvatureFactsTests.blobs(classes: 3, features: 8, perClass: 60, seed: 21)
        let network = try Sequential([Dense(16), Activation(.tanh), Dense(3)], inputFeatures: 8)
        let options = TrainingOptions(epochs: 4, batchSize: 60, seed: 2)
        let hf = try train(network, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: network.initialParameters(seed: 3),
                           using: HessianFreeStep(), options: options)
        let plain = try train(network, loss: .softmaxCrossEntropy, inputs: x, targets: y, from: network.initialParameters(seed: 3),
                              using: GradientStep(sgd(learningRate: 0.5)), options: options)
        // Measured epoch losses: 0.62 0.10 0.036 0.016 against SGD (η = 0.5) 0.60 0.16 0.10 0.079.
        #expect(hf.termination == .epochLimit)
        #expect(hf.history.last!.loss < 0.5 * plain.history.last!.loss)
    }

    @Test func reductionRatioOfAQuadraticIsOneAndShrinksTheDamping() throws {
        // A linear network with squared error: L is quadratic and G = H, so the undamped model
        // predicts the decrease exactly (ρ = 1 up to rounding) and λ shrinks by 2/3 per step.
        var generator = SeededGenerator(seed: 12)
        let x = Tensor.randomNormal([20, 3], using: &generator), y = Tensor.randomNormal([20, 1], using: &generator)
        let network = try Sequential([Dense(1)], inputFeatures: 3)
        let risk = try NetworkRisk(network: network, loss: .meanSquaredError, inputs: x, targets: y)
        let method = HessianFree(risk: risk, options: HessianFreeOptions(initialDamping: 0.5))
        let problem = ObjectiveEvaluator(risk.objective)
        let theta = network.initialParameters(seed: 2)
        let (f, g) = risk.valueAndGradient(at: theta)
        var current = Iterate(x: theta, value: f, gradient: g)
        var state = try method.initialState(problem: problem, start: current)
        for iteration in 1...3 {
            guard case let .moved(next) = method.step(from: current, state: &state, problem: problem, iteration: iteration) else {
                Issue.record("step \(iteration) did not move")
                return
            }
            #expect(next.value < current.value)
            expectClose(try #require(state.lastReductionRatio), 1, rtol: 1e-9, "ρ of a quadratic")
            expectClose(state.damping, 0.5 * pow(2.0 / 3.0, Double(iteration)), rtol: 1e-15, "λ ← (2/3)λ")
            current = next
        }
        // A warm start was kept, and CG needed at most 4 iterations (4 parameters) per step.
        #expect(state.previousSolution != nil)
        #expect(state.conjugateGradientIterations.allSatisfy { $0 <= 4 })
    }
}
