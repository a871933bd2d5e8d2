import Descent
import Foundation

// Optimization cases: whole solver runs to a stated tolerance (L-BFGS, SAGA) and one Adam step.
// The peers (peers/scipy_optimize_peer.py, optax_peer.py, torch_optim_peer.py) solve the same
// problems on the same shared data to the same tolerances. Each run reports, besides its time,
// iterations, function evaluations and final objective in `details` (shown under the table).

/// L2-regularized logistic regression f(w) = (1/n) Σ softplus(xᵢᵀw) − yᵢxᵢᵀw + (λ/2)‖w‖² on the
/// shared data, written as a user would: two matrix-vector products per value and gradient.
/// ∇f = (1/n) Xᵀ(σ(Xw) − y) + λw.
func logisticObjective(x: Tensor, y: Tensor, lambda: Double) -> Objective {
    let n = x.rows, scale = 1 / Double(n)
    @inline(__always) func softplus(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }
    func value(_ w: Tensor) -> Double {
        let z = matmul(x, w)
        var loss = 0.0
        z.scalars.withUnsafeBufferPointer { zs in
            y.scalars.withUnsafeBufferPointer { ys in
                for i in 0..<n { loss += softplus(zs[i]) - ys[i] * zs[i] }
            }
        }
        return scale * loss + 0.5 * lambda * w.squaredNorm()
    }
    func valueAndGradient(_ w: Tensor) -> (value: Double, gradient: Tensor) {
        let z = matmul(x, w)
        // One exponential serves both, through the library's vectorized exp: e = e^{−|z|},
        // softplus(z) = max(z, 0) + log1p(e), σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) otherwise
        // (no overflow for large |z|).
        let exps = exp(-abs(z))
        var loss = 0.0
        let residual = z.scalars.withUnsafeBufferPointer { zs in
            y.scalars.withUnsafeBufferPointer { ys in
                exps.scalars.withUnsafeBufferPointer { es in
                    Tensor(shape: [n], unsafeUninitialized: { r in
                        for i in 0..<n {
                            let zi = zs[i], e = es[i]
                            loss += max(zi, 0) + log1p(e) - ys[i] * zi
                            r[i] = (zi >= 0 ? 1 : e) / (1 + e) - ys[i]
                        }
                    })
                }
            }
        }
        var g = matmul(x, residual, transposeA: true) * scale
        g.addScaled(w, by: lambda)
        return (scale * loss + 0.5 * lambda * w.squaredNorm(), g)
    }
    return Objective(valueAndGradient: valueAndGradient, value: value)
}

/// λ of the logistic L-BFGS case (10⁵ × 100) and of the SAGA case (10⁴ × 50).
let lbfgsLogisticLambda = 1e-3
let sagaLambda = 1e-3

/// Timing of one complete `minimize` run per call, with its counts in `details`.
func timedMinimize(_ repeats: Int, _ warmup: Int, _ run: () -> OptimizationResult) -> Timing {
    var last: OptimizationResult?
    var timing = timed(repeats, warmup, { () -> Double in
        let result = run()
        last = result
        return result.minimum
    }, check: { $0 })
    if let r = last {
        timing.details = ["iterations": Double(r.iterations), "function_evaluations": Double(r.functionEvaluations),
                          "gradient_evaluations": Double(r.gradientEvaluations), "final_f": r.minimum,
                          "gradient_inf_norm": r.gradient.norm(.infinity), "converged": r.isConverged ? 1 : 0]
    }
    return timing
}

/// One Adam step (lr 1e-3, β = (0.9, 0.999), ε = 1e-8) on 10⁷ parameters with the fused `step`;
/// the check is Σθ after warmup + repeats steps (the same count on every side).
func adamStepCase(_ data: BenchmarkData, _ repeats: Int, _ warmup: Int) -> Timing {
    var theta = data.tensor("adam_theta", shape: [10_000_000])
    let g = data.tensor("adam_g", shape: [10_000_000])
    let optimizer = adam(learningRate: 1e-3)
    var state = optimizer.initialize(theta)
    var timing = timed(repeats, warmup, { optimizer.step(&theta, gradient: g, state: &state) }, check: { _ in 0 })
    timing.check = theta.sum()
    return timing
}

let optimizeCases: [BenchmarkCase] = [
    BenchmarkCase(name: "lbfgs_rosenbrock_1e4", peer: "L-BFGS, extended Rosenbrock n = 10⁴, ‖g‖∞ ≤ 1e-5") { _, repeats, warmup in
        let problem = TestProblem.extendedRosenbrock(dimension: 10_000)
        return timedMinimize(repeats, warmup) {
            try! minimize(problem.objective, from: problem.start, using: LBFGS(memory: 10),
                          options: OptimizationOptions(gradientTolerance: 1e-5, gradientNorm: .infinity, maxIterations: 10_000))
        }
    },
    BenchmarkCase(name: "lbfgs_logistic_1e5x100", peer: "L-BFGS, logistic regression 10⁵ × 100, λ = 1e-3, ‖g‖∞ ≤ 1e-5") { data, repeats, warmup in
        let x = data.tensor("lbfgs_logistic_x", shape: [100_000, 100]), y = data.tensor("lbfgs_logistic_y", shape: [100_000])
        let objective = logisticObjective(x: x, y: y, lambda: lbfgsLogisticLambda)
        return timedMinimize(repeats, warmup) {
            try! minimize(objective, from: .zeros([100]), using: LBFGS(memory: 10),
                          options: OptimizationOptions(gradientTolerance: 1e-5, gradientNorm: .infinity, maxIterations: 10_000))
        }
    },
    BenchmarkCase(name: "adam_step_1e7", peer: "optax.adam update + apply_updates (jit)", run: adamStepCase),
    BenchmarkCase(name: "adam_step_1e7_foreach", peer: "torch.optim.Adam(foreach=True).step()", run: adamStepCase),
    BenchmarkCase(name: "adam_step_1e7_fused", peer: "torch.optim.Adam(fused=True).step()", run: adamStepCase),
    BenchmarkCase(name: "saga_logistic_1e4x50", peer: "sklearn LogisticRegression(solver=\"saga\")") { data, repeats, warmup in
        let x = data.tensor("saga_x", shape: [10_000, 50]), y = data.tensor("saga_y", shape: [10_000])
        let problem = try! FiniteSumProblem.logisticRegression(x: x, y: y, l2: sagaLambda)
        // Step 1/(3L) with L = max‖xᵢ‖²/4 + λ, the smoothness of the worst component (Defazio et al. 2014).
        var maxSquaredNorm = 0.0
        for i in 0..<x.rows { maxSquaredNorm = max(maxSquaredNorm, x.row(i).squaredNorm()) }
        let step = 1 / (3 * (maxSquaredNorm / 4 + sagaLambda))
        var last: StochasticResult?
        var timing = timed(repeats, warmup, { () -> Double in
            let r = saga(problem, from: .zeros([50]), learningRate: step,
                         options: StochasticOptions(epochs: 200, seed: 0, gradientTolerance: sagaGradientTolerance))
            last = r
            return problem.value!(r.minimizer)
        }, check: { $0 })
        // The reference minimum, outside the timed region: L-BFGS to ‖g‖∞ ≤ 1e-12.
        let reference = try! minimize(logisticObjective(x: x, y: y, lambda: sagaLambda), from: .zeros([50]), using: LBFGS(),
                                      options: OptimizationOptions(gradientTolerance: 1e-12, maxIterations: 10_000))
        if let r = last {
            timing.details = ["epochs": Double(r.epochs), "final_f": timing.check, "objective_gap": timing.check - reference.minimum,
                              "gradient_evaluations": Double(r.gradientEvaluations)]
        }
        return timing
    },
]

/// SAGA stops when ‖∇f‖₂ ≤ this between epochs; sklearn's `tol` (relative change of the
/// coefficients per epoch) is chosen to reach a comparable objective gap.
let sagaGradientTolerance = 1e-6
