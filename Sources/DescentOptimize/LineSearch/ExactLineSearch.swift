import DescentCore

/// The exact minimizer of the local quadratic model along d: α = −gᵀd / dᵀHd.
///
/// Exact for quadratics f = ½xᵀAx − bᵀx (H = A), where along d = −g it is α = gᵀg / gᵀAg (Cauchy's
/// steepest descent). Uses one Hessian-vector product per step; fails (returns `nil`) when dᵀHd ≤ 0,
/// where the model has no minimizer along d.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2006, eq. (3.26).
public struct ExactLineSearch: LineSearch {
    /// The exact line search (needs a Hessian or Hessian-vector product).
    public init() {}

    /// The name shown in results and traces.
    public var name: String { "exact line search" }
    /// Whether Hessian-vector products are needed.
    public var needsSecondOrder: Bool { true }

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        guard let hd = problem.hessianVectorProduct(current.x, direction) else { return nil }
        let curvature = dot(direction.flattened, hd.flattened)
        let slope = dot(current.gradient.flattened, direction.flattened)
        guard curvature > 0, slope < 0 else { return nil }
        return evaluateStep(problem, current, direction, -slope / curvature)
    }
}
