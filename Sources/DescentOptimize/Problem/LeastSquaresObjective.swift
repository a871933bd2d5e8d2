import DescentCore

/// A nonlinear least-squares objective f(x) = ½‖r(x)‖² = ½ Σᵢ rᵢ(x)² given by its residuals r: ℝⁿ → ℝᵐ
/// and their m × n Jacobian J(x) = ∂r/∂x.
///
/// Its gradient is ∇f = Jᵀr and its Gauss–Newton Hessian approximation JᵀJ; `LevenbergMarquardt` and
/// `GaussNewton` work with r and J directly (a QR factorization of J, never JᵀJ). Any other method can
/// minimize it too through `objective` (value ½‖r‖², gradient Jᵀr), `LBFGSB` with bounds included.
///
/// Evaluation counts: one residual evaluation is one function evaluation, one Jacobian evaluation one
/// gradient evaluation. The most recent r and J are remembered with their points, so a method that
/// needs r(x₀) and J(x₀) after the driver has evaluated x₀ reads them instead of evaluating (and
/// counting) them twice; like `Objective(differentiable:)`'s cache, this makes the objective a value
/// to use from one thread at a time, and it keeps the last m × n Jacobian alive.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, ch. 10.
public struct LeastSquaresObjective {
    /// x ↦ r(x), a vector of m residuals.
    public let residuals: (Tensor) -> Tensor
    /// x ↦ J(x), the m × n Jacobian of the residuals.
    public let jacobian: (Tensor) -> Tensor
    /// The exact Hessian of ½‖r‖² (JᵀJ + Σ rᵢ∇²rᵢ), if known; only Newton-type methods use it.
    public let hessian: ((Tensor) -> Tensor)?
    private let latest: LatestEvaluations

    /// A least-squares objective from residuals and their Jacobian.
    public init(residuals: @escaping (Tensor) -> Tensor, jacobian: @escaping (Tensor) -> Tensor,
                hessian: ((Tensor) -> Tensor)? = nil) {
        let latest = LatestEvaluations()
        self.latest = latest
        self.residuals = { x in
            let r = residuals(x)
            latest.residuals = (x, r)
            return r
        }
        self.jacobian = { x in
            let j = jacobian(x)
            latest.jacobian = (x, j)
            return j
        }
        self.hessian = hessian
    }

    /// The same problem as a general objective f = ½‖r‖², ∇f = Jᵀr, that still carries the residuals
    /// for Levenberg–Marquardt.
    public var objective: Objective { Objective(leastSquares: self, hessian: hessian) }

    /// r(x) and J(x) when the most recent evaluation of each was at exactly this x; `nil` otherwise.
    /// Reading them costs no evaluation.
    func latestEvaluation(at x: Tensor) -> (residuals: Tensor, jacobian: Tensor)? {
        guard let (rx, r) = latest.residuals, let (jx, j) = latest.jacobian, rx == x, jx == x else { return nil }
        return (r, j)
    }
}

/// The last point where r and J were evaluated, with their values.
private final class LatestEvaluations {
    var residuals: (point: Tensor, value: Tensor)?
    var jacobian: (point: Tensor, value: Tensor)?
}
