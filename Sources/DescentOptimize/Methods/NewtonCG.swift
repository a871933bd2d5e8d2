import DescentCore

/// Newton-CG (truncated Newton, Hessian-free): solve ∇²f d = −∇f approximately by conjugate gradient
/// on Hessian-vector products, stopping when ‖r‖ ≤ η_k‖∇f‖ with the forcing sequence
/// η_k = min(0.5, √‖∇f‖₂) (superlinear convergence), then a strong-Wolfe line search from α = 1.
///
/// When CG meets non-positive curvature dᵀ∇²f d ≤ 0 it stops and returns its current iterate, or −∇f
/// at the first inner iteration (N&W Alg. 7.1). Needs a Hessian-vector product (or a Hessian).
/// Cost: (inner iterations) HVPs per outer iteration; O(n) memory.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 7.1; J. Martens,
/// "Deep learning via Hessian-free optimization", ICML 2010.
public struct NewtonCG: OptimizationMethod {
    /// The outer line search (default strong Wolfe, c₂ = 0.9).
    public var lineSearch: StrongWolfeLineSearch
    /// The most CG iterations per outer step (default: 20·n, like SciPy's `maxiter` per CG solve).
    public var maxInnerIterations: Int?

    /// Newton-CG with a strong-Wolfe line search.
    public init(lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch(), maxInnerIterations: Int? = nil) {
        self.lineSearch = lineSearch
        self.maxInnerIterations = maxInnerIterations
    }

    /// The name shown in results and traces.
    public var name: String { "Newton-CG" }

    /// Newton-CG keeps no memory between steps (its next iterate depends on x_k alone).
    public struct State: Sendable, Equatable, Codable {}

    /// The state before the first step; throws `OptimizationError.missingDerivative` unless the
    /// objective provides Hessian-vector products or a Hessian.
    public func initialState(problem: ObjectiveEvaluator, start: Iterate) throws -> State {
        guard problem.hasSecondOrder else {
            throw OptimizationError.missingDerivative(method: name, needs: "a Hessian-vector product or a Hessian")
        }
        return State()
    }

    /// One iteration, as described in the type's documentation.
    public func step(from current: Iterate, state: inout State, problem: ObjectiveEvaluator, iteration: Int) -> StepOutcome {
        let g = current.gradient.flattened
        let gnorm = g.norm(.two)
        let tolerance = Swift.min(0.5, gnorm.squareRoot()) * gnorm
        var z = Tensor.zeros([g.count])
        var r = g
        var p = -g
        var d: Tensor? = nil
        for j in 0..<(maxInnerIterations ?? 20 * Swift.max(g.count, 1)) {
            guard let bp = problem.hessianVectorProduct(current.x, p.reshaped(current.x.shape))?.flattened else { return .failed }
            let curvature = dot(p, bp)
            if curvature <= 0 {
                d = j == 0 ? -g : z
                break
            }
            let rr = r.squaredNorm()
            let alpha = rr / curvature
            z.addScaled(p, by: alpha)
            r.addScaled(bp, by: alpha)
            if r.norm(.two) <= tolerance {
                d = z
                break
            }
            let beta = r.squaredNorm() / rr
            p = Tensor.scaledSum(beta, p, -r)
        }
        let direction = d ?? (z.squaredNorm() > 0 ? z : -g)
        guard let found = lineSearch.search(problem: problem, from: current, direction: direction.reshaped(current.x.shape),
                                            initialStep: 1, iteration: iteration) else { return .failed }
        return .moved(found.iterate)
    }
}
