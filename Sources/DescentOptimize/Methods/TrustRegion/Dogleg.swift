import DescentCore

/// The dogleg step (N&W §4.1): the path from 0 to the minimizer along −g, p_U = −(gᵀg/gᵀBg)g, then
/// to the Newton point p_B = −B⁻¹g, cut at the boundary ‖p‖ = Δ. B must be positive definite (the
/// Newton point is otherwise not a minimizer of the model): `TrustRegion` passes B + τI when B is not;
/// without a Newton point the step is the Cauchy point.
///
/// Reference: M. J. D. Powell, "A hybrid method for nonlinear equations", 1970; Nocedal and Wright,
/// *Numerical Optimization*, 2nd ed., 2006, §4.1.
///
/// `newton` is p_B, or nil when no positive-definite model could be factored; the caller factors once per iteration
/// and reuses p_B for every trial radius (a Cholesky factorization costs ⅓n³, the rest O(n)).
func doglegStep(_ g: Tensor, newton pB: Tensor?, _ bg: Tensor, _ radius: Double) -> Tensor {
    guard let pB else { return cauchyPoint(g, bg, radius) }
    if pB.norm(.two) <= radius { return pB }
    let pU = g * (-g.squaredNorm() / dot(g, bg))
    let uNorm = pU.norm(.two)
    if uNorm >= radius { return pU * (radius / uNorm) }
    let leg = pB - pU
    return Tensor.scaledSum(boundaryStep(pU, leg, radius), leg, pU)
}
