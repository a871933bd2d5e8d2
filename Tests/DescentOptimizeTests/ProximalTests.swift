import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Proximal operators, ISTA/FISTA, the L1-vs-L2 worked example, and the lasso against scikit-learn.
@Suite struct ProximalTests {
    @Test func softThresholdIsExact() {
        let v = Tensor([3, -3, 0.5, -0.5, 1, -1, 0])
        #expect(softThreshold(v, 1) == Tensor([2, -2, 0, 0, 0, 0, 0]))
        #expect(softThreshold(v, 1).scalars.allSatisfy { $0 != 0 || $0.sign == .plus }, "zeros are +0.0, not −0.0")
        #expect(L1Penalty(0.5).proximal(v, step: 2) == softThreshold(v, 1))
    }

    @Test func proximalOperatorsMinimizeTheirModel() {
        // prox_{tg}(v) = argmin g(x) + ‖x − v‖²/(2t): no coordinate perturbation may lower the model.
        let v = Tensor([1.3, -0.2, 0.05, -2.0])
        let t = 0.7
        let operators: [any ProximalOperator] = [
            L1Penalty(0.4), L2SquaredPenalty(0.3), ElasticNetPenalty(l1: 0.2, l2: 0.5),
            BoxConstraint(lower: Tensor(-1.0), upper: Tensor(0.5)), NonNegativity(), NoRegularization(),
        ]
        for op in operators {
            let x = op.proximal(v, step: t)
            let model = { (z: Tensor) in op.value(z) + (z - v).squaredNorm() / (2 * t) }
            let best = model(x)
            #expect(best.isFinite, "\(op.name): the prox lies in the domain")
            for i in 0..<v.count {
                for h in [1e-4, -1e-4] {
                    var z = x
                    z[[i]] += h
                    #expect(model(z) >= best - 1e-15, "\(op.name): moving entry \(i) by \(h) lowers the model")
                }
            }
        }
        expectClose(L2SquaredPenalty(0.3).proximal(v, step: t), v / 1.42, rtol: 1e-15, "v/(1 + 2tλ) = v/1.42")
        #expect(BoxConstraint(lower: Tensor(-1.0), upper: Tensor(0.5)).proximal(v, step: t) == Tensor([0.5, -0.2, 0.05, -1]))
        #expect(NonNegativity().proximal(v, step: t) == Tensor([1.3, 0, 0.05, 0]))
    }

    /// The w = 0.5, η = 0.1, λ = 0.1, zero data gradient.
    @Test func l1ProximalStepsReachExactZero() throws {
        let zeroData = Objective(value: { _ in 0 }, gradient: { Tensor.zeros($0.shape) })
        let result = try minimize(zeroData, from: Tensor([0.5]),
                                  using: ProximalGradient(regularizer: L1Penalty(0.1), accelerated: false, stepSize: .fixed(0.1)),
                                  options: OptimizationOptions(maxIterations: 100, storeTrace: true, traceIncludesX: true))
        expectClose(result.trace[1].x!.scalars[0], 0.49, rtol: 1e-15, "0.5 − ηλ with one rounding")
        #expect(result.minimizer.scalars[0] == 0, "exactly zero, got \(result.minimizer.scalars[0])")
        #expect(result.iterations == 50, "ηλ = 0.01 per step from 0.5")
        #expect(result.termination == .convergedGradient, "gradient mapping is exactly 0 at w = 0")
    }

    @Test func l1SubgradientStepsOscillateAroundZero() throws {
        // Subgradient λ·sign(w) with a fixed step: it crosses 0 and then bounces by ηλ forever.
        let l1 = Objective(value: { 0.1 * $0.norm(.one) }, gradient: { x in x.map { $0 > 0 ? 0.1 : ($0 < 0 ? -0.1 : 0) } })
        let result = try minimize(l1, from: Tensor([0.5]), using: GradientDescent(lineSearch: FixedStep(0.1)),
                                  options: OptimizationOptions(gradientTolerance: 0, maxIterations: 70, storeTrace: true, traceIncludesX: true))
        let path = result.trace.map { $0.x!.scalars[0] }
        expectClose(path[1], 0.49, rtol: 1e-15, "same first step as the prox")
        let tail = path[51...]
        #expect(tail.allSatisfy { $0 != 0 && Swift.abs($0) <= 0.01 + 1e-15 }, "never exactly 0, always within ηλ: \(Array(tail.prefix(4)))")
        #expect(Set(tail.map { $0 > 0 }).count == 2, "changes sign: oscillates around 0")
    }

    @Test func l2ShrinksGeometricallyButNeverToZero() throws {
        // Penalty λw² (gradient 2λw): w ← (1 − 2ηλ) w = 0.98 w.
        let ridge = Objective(value: { 0.1 * $0.squaredNorm() }, gradient: { $0 * 0.2 })
        let result = try minimize(ridge, from: Tensor([0.5]), using: GradientDescent(lineSearch: FixedStep(0.1)),
                                  options: OptimizationOptions(gradientTolerance: 0, maxIterations: 50, storeTrace: true, traceIncludesX: true))
        let path = result.trace.map { $0.x!.scalars[0] }
        expectClose(path[1], 0.49, rtol: 1e-15, "0.5·0.98")
        expectClose(path[2], 0.4802, rtol: 1e-15, "0.5·0.98²")
        expectClose(path[50], 0.5 * pow(0.98, Double(50)), rtol: 1e-13, "50 roundings of one multiply each")
        #expect(path.allSatisfy { $0 > 0 })
    }

    @Test func lassoMatchesScikitLearn() throws {
        let lasso = ProblemSuite.references["lasso"]
        let x = lasso.tensor("X"), y = lasso.tensor("y"), alpha = lasso.double("alpha")
        let n = Double(x.rows)
        // scikit-learn's objective: (1/(2n))‖y − Xw‖² + α‖w‖₁.
        let smooth = Objective(value: { w in (y - matmul(x, w)).squaredNorm() / (2 * n) },
                               gradient: { w in matmul(x, matmul(x, w) - y, transposeA: true) / n })
        let options = OptimizationOptions(gradientTolerance: 1e-12, maxIterations: 5000)
        let fista = try minimize(smooth, from: .zeros([x.columns]), using: ProximalGradient(regularizer: L1Penalty(alpha)), options: options)
        let ista = try minimize(smooth, from: .zeros([x.columns]), using: ProximalGradient(regularizer: L1Penalty(alpha), accelerated: false), options: options)
        expectConverged(fista, "FISTA lasso")
        expectConverged(ista, "ISTA lasso")
        let expected = lasso.tensor("coefficients")
        // sklearn stops at duality gap ≤ 1e-12·‖y‖²/n; coordinate descent is then accurate to ~1e-9 here.
        expectClose(fista.minimizer, expected, atol: 1e-8, "sklearn tol 1e-12 (duality gap), ours ‖G‖∞ ≤ 1e-12 with μ ≈ 0.5")
        expectClose(ista.minimizer, expected, atol: 1e-8, "same bounds as FISTA")
        for i in 0..<expected.count where expected.scalars[i] == 0 {
            #expect(fista.minimizer.scalars[i] == 0, "coefficient \(i) is exactly zero, got \(fista.minimizer.scalars[i])")
        }
        #expect(fista.iterations < ista.iterations, "FISTA \(fista.iterations) vs ISTA \(ista.iterations)")
    }

    @Test func boxAndNonNegativityKKT() throws {
        let q = Quadratic.random(dimension: 10, conditionNumber: 50, seed: 3)
        let box = BoxConstraint(lower: Tensor(-0.1), upper: Tensor(0.1))
        let boxed = try minimize(q.objective, from: .zeros([10]), using: ProximalGradient(regularizer: box), options: OptimizationOptions(gradientTolerance: 1e-10, maxIterations: 5000))
        let nonneg = try minimize(q.objective, from: .zeros([10]), using: ProximalGradient(regularizer: NonNegativity()), options: OptimizationOptions(gradientTolerance: 1e-10, maxIterations: 5000))
        expectConverged(boxed, "box")
        expectConverged(nonneg, "non-negative")
        // KKT: interior entries have zero gradient; at a bound the gradient pushes outward.
        for (result, lower, upper) in [(boxed, -0.1, 0.1), (nonneg, 0.0, Double.infinity)] {
            for i in 0..<10 {
                let xi = result.minimizer.scalars[i], gi = result.gradient.scalars[i]
                #expect(xi >= lower && xi <= upper, "feasible entry \(i)")
                if xi == lower { #expect(gi >= -1e-9, "at the lower bound the gradient is ≥ 0 (entry \(i): \(gi))") }
                else if xi == upper { #expect(gi <= 1e-9, "at the upper bound the gradient is ≤ 0 (entry \(i): \(gi))") }
                else { expectClose(gi, 0, atol: 1e-8, "interior: gradient ≈ 0 within the gradient-mapping tolerance·κ") }
            }
        }
        #expect(boxed.minimizer.scalars.contains { Swift.abs($0) == 0.1 }, "the box is active somewhere (else the test is vacuous)")
        #expect(nonneg.minimizer.scalars.contains(0), "non-negativity is active somewhere")
    }
}
