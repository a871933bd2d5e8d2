import DescentCore
import DescentOptimize

// The solvers that run through DescentOptimize's `minimize` driver (L-BFGS and FISTA) on the
// smooth part of the binary objective, with the separation watch of an unpenalized fit.

extension BinaryLogisticProblem {
    /// The smooth part of F (loss + L2 share of the penalty) as an `Objective` over θ = [w; b],
    /// for the `minimize` driver. With `flag` it records any evaluated point that separates the
    /// classes (penalty none).
    func smoothObjective(flag: SeparationFlag?) -> Objective {
        let l2 = alpha * (1 - rho)
        return Objective(
            valueAndGradient: { theta in
                let (w, b) = unpacked(theta)
                let z = margins(w, b)
                if let flag, separates(z) { flag.found = true }
                let (lossValue, r, _) = lossAndResidual(z, curvature: false)
                let g = smoothGradient(residual: r, w)
                return (lossValue + 0.5 * l2 * w.squaredNorm(), packed(g.w, g.b))
            },
            value: { theta in
                let (w, b) = unpacked(theta)
                let z = margins(w, b)
                if let flag, separates(z) { flag.found = true }
                return loss(z) + 0.5 * l2 * w.squaredNorm()
            })
    }

    /// Options that stop at ‖gradient (mapping)‖∞ ≤ tolerance, or as soon as `flag` is raised.
    func driverOptions(tolerance: Double, maxIterations: Int, flag: SeparationFlag?) -> OptimizationOptions {
        OptimizationOptions(gradientTolerance: tolerance, gradientNorm: .infinity, maxIterations: maxIterations,
                            callback: flag.map { flag in { _ in flag.found ? .stop : .proceed } })
    }

    /// The solution at the driver's answer, with the optimality violation measured on F.
    func solution(from result: OptimizationResult, flag: SeparationFlag?) throws -> BinarySolution {
        if let flag, flag.found { throw ClassificationError.perfectSeparation(iteration: result.iterations) }
        let (w, b) = unpacked(result.minimizer)
        let (_, r, _) = lossAndResidual(margins(w, b), curvature: false)
        return BinarySolution(w: w, b: b, violation: violation(w, gradient: smoothGradient(residual: r, w)),
                              termination: result.termination, iterations: result.iterations)
    }

    /// L-BFGS (memory 10, strong Wolfe) through the `minimize` driver; smooth penalties only.
    func lbfgs(from w0: Tensor, _ b0: Double, tolerance: Double, maxIterations: Int) throws -> BinarySolution {
        let flag = watchSeparation ? SeparationFlag() : nil
        let result = try minimize(smoothObjective(flag: flag), from: packed(w0, b0), using: LBFGS(memory: 10),
                                  options: driverOptions(tolerance: tolerance, maxIterations: maxIterations, flag: flag))
        return try solution(from: result, flag: flag)
    }

    /// FISTA through the `minimize` driver with the L1 share αρ‖w‖₁ as the proximal term (the
    /// intercept is left out of it); it stops when the gradient mapping's ∞-norm is ≤ tolerance.
    func fista(from w0: Tensor, _ b0: Double, tolerance: Double, maxIterations: Int) throws -> BinarySolution {
        let flag = watchSeparation ? SeparationFlag() : nil
        let method = ProximalGradient(regularizer: LeadingL1Penalty(strength: alpha * rho, count: d))
        let result = try minimize(smoothObjective(flag: flag), from: packed(w0, b0), using: method,
                                  options: driverOptions(tolerance: tolerance, maxIterations: maxIterations, flag: flag))
        return try solution(from: result, flag: flag)
    }
}

/// λ Σ_{j<count} |θⱼ|: an L1 penalty on the leading `count` entries only (the coefficients, not
/// the trailing intercept); its prox soft-thresholds those entries by tλ and keeps the rest.
struct LeadingL1Penalty: ProximalOperator {
    let strength: Double
    let count: Int

    var name: String { "l1" }

    func value(_ x: Tensor) -> Double {
        var total = 0.0
        for j in 0..<count { total += Swift.abs(x.scalars[j]) }
        return strength * total
    }

    func proximal(_ v: Tensor, step t: Double) -> Tensor {
        let threshold = t * strength
        guard threshold > 0 else { return v }
        var out = v
        out.scalars.withUnsafeMutableBufferPointer { o in
            for j in 0..<count {
                let a = o[j]
                o[j] = a > threshold ? a - threshold : a < -threshold ? a + threshold : 0
            }
        }
        return out
    }
}
