import DescentAutodiff
import DescentCore

extension Objective {
    /// An objective from a differentiable function of one tensor, with every derivative exact:
    /// ∇f by reverse mode (one forward recording, one reverse sweep), the Hessian-vector product
    /// ∇²f·v by differentiating the gradient again (no finite differences), and the Hessian.
    ///
    /// Values alone run f on untracked inputs (no graph is recorded), so line-search trial points
    /// cost one plain evaluation. The recorded gradient of the last point where second derivatives
    /// were asked is kept, so repeated Hessian-vector products there cost one reverse sweep each.
    /// Cost: gradient ≈ a small constant times f; HVP ≈ two f; Hessian n HVPs. The objective holds that
    /// cache: use it from one thread at a time.
    ///
    /// - Parameter f: x ↦ f(x), returning a single element.
    ///
    /// Reference: A. Griewank and A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM, 2008, §4.3 and §5;
    /// B. A. Pearlmutter, "Fast exact multiplication by the Hessian", Neural Comput. 6(1), 1994.
    public init(differentiable f: @escaping (Variable) -> Variable) {
        // Newton-CG and Steihaug-CG ask for many products at one point: keep the recorded gradient of
        // the last point (a `HessianOperator`) so each further product is one reverse sweep.
        let cache = HessianOperatorCache()
        self.init(valueAndGradient: { x in DescentAutodiff.valueAndGradient(of: f, at: x) },
                  value: { x in f(Variable(x)).scalar },
                  gradient: { x in DescentAutodiff.gradient(of: f, at: x) },
                  hessian: { x in cache.operator(of: f, at: x).matrix() },
                  hessianVectorProduct: { x, v in cache.operator(of: f, at: x).apply(v) })
    }

    /// An objective from a parsed expression such as `100*(y - x^2)^2 + (1 - x)^2`, whose variable
    /// `names[i]` is xᵢ, with exact autodiff derivatives (see `init(differentiable:)`).
    ///
    /// - Throws: `ExpressionError.unboundVariable` when the expression uses a name not in `names`.
    public init(expression: MathExpression, variables names: [String]) throws {
        self.init(differentiable: try expression.function(of: names))
    }
}

extension LeastSquaresObjective {
    /// A least-squares objective ½‖r(x)‖² from differentiable residuals: r(x) runs on untracked inputs,
    /// the m × n Jacobian comes from autodiff (m reverse sweeps when m ≤ n, else n forward products).
    ///
    /// - Parameter residuals: x ↦ r(x), any shape (flattened row-major into m residuals).
    ///
    /// Reference: A. Griewank and A. Walther, *Evaluating Derivatives*, 2nd ed., SIAM, 2008, §3.3.
    public init(differentiableResiduals residuals: @escaping (Variable) -> Variable) {
        self.init(residuals: { x in residuals(Variable(x)).value.flattened },
                  jacobian: { x in DescentAutodiff.jacobian(of: residuals, at: x) })
    }
}

/// The `HessianOperator` of the most recent point, rebuilt when the point changes.
private final class HessianOperatorCache {
    private var point: Tensor?
    private var cached: HessianOperator?

    func `operator`(of f: (Variable) -> Variable, at x: Tensor) -> HessianOperator {
        if let cached, point == x { return cached }
        let fresh = HessianOperator(of: f, at: x)
        point = x
        cached = fresh
        return fresh
    }
}
