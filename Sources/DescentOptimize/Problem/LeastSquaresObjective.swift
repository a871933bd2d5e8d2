import DescentCore

/// A nonlinear least-squares objective f(x) = ½‖r(x)‖² = ½ Σᵢ rᵢ(x)² given by its residuals r: ℝⁿ → ℝᵐ
/// and their m × n Jacobian J(x) = ∂r/∂x.
///
/// Its gradient is ∇f = Jᵀr and its Gauss–Newton Hessian approximation JᵀJ; `LevenbergMarquardt` and
/// `GaussNewton` work with r and J directly (a QR factorization of J, never JᵀJ). Any other method can
/// minimize it too through `objective` (value ½‖r‖², gradient Jᵀr), `LBFGSB` with bounds included.
///
/// Evaluation counts: one residual evaluation is one function evaluation, one Jacobian evaluation one
/// gradient evaluation.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, ch. 10.
public struct LeastSquaresObjective {
    /// x ↦ r(x), a vector of m residuals.
    public let residuals: (Tensor) -> Tensor
    /// x ↦ J(x), the m × n Jacobian of the residuals.
    public let jacobian: (Tensor) -> Tensor
    /// The exact Hessian of ½‖r‖² (JᵀJ + Σ rᵢ∇²rᵢ), if known; only Newton-type methods use it.
    public let hessian: ((Tensor) -> Tensor)?

    /// A least-squares objective from residuals and their Jacobian.
    public init(residuals: @escaping (Tensor) -> Tensor, jacobian: @escaping (Tensor) -> Tensor,
                hessian: ((Tensor) -> Tensor)? = nil) {
        self.residuals = residuals
        self.jacobian = jacobian
        self.hessian = hessian
    }

    /// The same problem as a general objective f = ½‖r‖², ∇f = Jᵀr, that still carries the residuals
    /// for Levenberg–Marquardt.
    public var objective: Objective { Objective(leastSquares: self, hessian: hessian) }
}
