import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Convergence theory made observable on quadratics f = ½xᵀAx − bᵀx with known spectrum.
@Suite struct ConvergenceTheoryTests {
    // n = 10, eigenvalues log-spaced in [1, 100]: μ = 1, L = 100.
    let quadratic = Quadratic.random(dimension: 10, conditionNumber: 100, seed: 42)
    var lMax: Double { quadratic.eigenvalues!.last! }
    var mu: Double { quadratic.eigenvalues!.first! }

    @Test func fixedStepBelowTwoOverLConverges() throws {
        let result = try minimize(quadratic.objective, from: .zeros([10]), using: GradientDescent(lineSearch: FixedStep(1.9 / lMax)),
                                  options: OptimizationOptions(maxIterations: 5000))
        #expect(result.termination == .convergedGradient)
    }

    @Test func fixedStepAboveTwoOverLDiverges() throws {
        let eta = 2.1 / lMax
        let result = try minimize(quadratic.objective, from: .zeros([10]), using: GradientDescent(lineSearch: FixedStep(eta)),
                                  options: OptimizationOptions(maxIterations: 5000, storeTrace: true))
        let k = result.iterations
        guard result.termination == .diverged else {
            Issue.record("expected divergence, got \(result.termination)")
            return
        }
        #expect(k > 1 && k < 5000)
        #expect(result.minimum <= 0, "the best point so far (here x₀ or an early iterate), not the blown-up one")
        // Late in the run the top mode dominates: f − f* grows by (1 − ηλmax)² = 1.21 per step.
        let fStar = -0.5 * dot(quadratic.linear, quadratic.minimizer!)
        let values = result.trace.map { $0.value - fStar }
        let growth = values[values.count - 1] / values[values.count - 2]
        expectClose(growth, (1 - eta * lMax) * (1 - eta * lMax), rtol: 1e-6,
                    "the next mode grows by (1 − 2.1/1.67)² ≈ 0.067 per step, negligible after ~150 steps")
    }

    @Test func stepOneOverLContractsByOneMinusMuOverL() throws {
        let xStar = quadratic.minimizer!
        let result = try minimize(quadratic.objective, from: .zeros([10]), using: GradientDescent(lineSearch: FixedStep(1 / lMax)),
                                  options: OptimizationOptions(gradientTolerance: 0, maxIterations: 800, storeTrace: true, traceIncludesX: true))
        let errors = result.trace.map { ($0.x! - xStar).norm(.two) }
        let rate = 1 - mu / lMax
        // The bound ‖e_k‖ ≤ (1 − μ/L)^k ‖e₀‖ holds at every step (each mode contracts by 1 − λᵢ/L ≤ 1 − μ/L).
        for k in stride(from: 0, to: errors.count, by: 50) {
            #expect(errors[k] <= pow(rate, Double(k)) * errors[0] * (1 + 1e-10), "bound at k = \(k)")
        }
        // The measured asymptotic rate is 1 − μ/L: the next mode contracts by 1 − 1.668/100, so over
        // iterations 400…800 its share shrinks by (0.9833/0.99)^400 ≈ 0.07 and the fit is good to ~1e-4.
        let measured = pow(errors[800] / errors[400], 1.0 / 400)
        expectClose(measured, rate, rtol: 2e-4, "asymptotic rate; second mode's residual share ≈ 0.07^2 over 400 steps")
    }

    @Test func nesterovBeatsGradientDescentWhenIllConditioned() throws {
        let hard = Quadratic.random(dimension: 50, conditionNumber: 1000, seed: 42)
        let step = 1 / hard.eigenvalues!.last!
        let options = OptimizationOptions(maxIterations: 20000)
        let plain = try minimize(hard.objective, from: .zeros([50]), using: GradientDescent(lineSearch: FixedStep(step)), options: options)
        let accelerated = try minimize(hard.objective, from: .zeros([50]),
                                       using: ProximalGradient(regularizer: NoRegularization(), adaptiveRestart: false, stepSize: .fixed(step)), options: options)
        let restarted = try minimize(hard.objective, from: .zeros([50]),
                                     using: ProximalGradient(regularizer: NoRegularization(), stepSize: .fixed(step)), options: options)
        expectConverged(plain, "GD")
        expectConverged(accelerated, "Nesterov")
        expectConverged(restarted, "FISTA with restart")
        // Theory: GD needs O(κ log 1/ε) steps; FISTA's momentum schedule (made for O(1/k²) on convex
        // problems) oscillates on strongly convex ones but still wins; with adaptive restart it attains
        // the O(√κ log 1/ε) regime (κ = 1000, √κ ≈ 32).
        #expect(accelerated.iterations < plain.iterations, "Nesterov \(accelerated.iterations) vs GD \(plain.iterations)")
        #expect(restarted.iterations * 5 < plain.iterations, "restarted \(restarted.iterations) vs GD \(plain.iterations)")
        #expect(restarted.iterations < accelerated.iterations, "restart \(restarted.iterations) vs none \(accelerated.iterations)")
    }

    @Test func ridgeLowersConditionNumberAndIterations() throws {
        let lambda = 1.0
        let regularized = quadratic.objective.addingL2Penalty(lambda)
        // Eigenvalues of A + λI are λᵢ + λ: check through trace and Frobenius norm (Σλᵢ and Σλᵢ²).
        let shifted = regularized.hessian!(Tensor.zeros([10]))
        let eigenvalues = quadratic.eigenvalues!.map { $0 + lambda }
        expectClose(shifted.trace, eigenvalues.reduce(0, +), rtol: 1e-12, "trace is invariant; rounding of the construction")
        expectClose(shifted.norm(.frobenius), eigenvalues.map { $0 * $0 }.reduce(0, +).squareRoot(), rtol: 1e-12, "Frobenius norm is invariant")
        let kappa = lMax / mu, kappaRegularized = (lMax + lambda) / (mu + lambda)
        #expect(kappaRegularized < kappa)
        expectClose(kappaRegularized, 101.0 / 2.0, rtol: 1e-12, "(100 + 1)/(1 + 1)")
        let options = OptimizationOptions(gradientTolerance: 1e-8, maxIterations: 10000)
        let plain = try minimize(quadratic.objective, from: .zeros([10]), using: GradientDescent(lineSearch: FixedStep(1 / lMax)), options: options)
        let ridge = try minimize(regularized, from: .zeros([10]), using: GradientDescent(lineSearch: FixedStep(1 / (lMax + lambda))), options: options)
        expectConverged(plain, "GD")
        expectConverged(ridge, "GD on ridge")
        // Iterations scale like κ: about half as many.
        #expect(Double(ridge.iterations) < 0.7 * Double(plain.iterations), "ridge \(ridge.iterations) vs plain \(plain.iterations)")
    }
}

