import DescentCore

/// CG–Steihaug (N&W Alg. 7.2): conjugate gradient on Bp = −g from p = 0, stopped at the boundary
/// ‖p‖ = Δ, at non-positive curvature dᵀBd ≤ 0 (then moved to the boundary along d), or when the
/// residual ‖g + Bp‖ falls below ε = min(0.5, √‖g‖)‖g‖.
///
/// The model decrease is accumulated along the way, m(z + τd) − m(z) = τ(g + Bz)ᵀd + ½τ²dᵀBd, so
/// it costs no product beyond CG's own.
///
/// Reference: T. Steihaug, SIAM J. Numer. Anal. 20(3), 1983; Nocedal and Wright, 2006, Alg. 7.2.
func steihaugStep(_ g: Tensor, _ product: (Tensor) -> Tensor?, _ radius: Double) -> TrustRegionStep? {
    let gnorm = g.norm(.two)
    let tolerance = Swift.min(0.5, gnorm.squareRoot()) * gnorm
    var z = Tensor.zeros([g.count])
    var r = g
    var d = -g
    var model = 0.0
    var iterations = 0
    func finish(_ p: Tensor, boundary: Bool) -> TrustRegionStep {
        TrustRegionStep(step: p, multiplier: 0, modelDecrease: -model, isOnBoundary: boundary, isHardCase: false, iterations: iterations)
    }
    guard gnorm > 0 else { return finish(z, boundary: false) }
    for _ in 0..<(2 * Swift.max(g.count, 1) + 10) {
        iterations += 1
        guard let bd = product(d), bd.isFinite else { return nil }
        let curvature = dot(d, bd)
        let slope = dot(r, d)
        let rr = r.squaredNorm()
        if curvature > 0 {
            let alpha = rr / curvature
            let next = Tensor.scaledSum(alpha, d, z)
            if next.norm(.two) < radius {
                z = next
                model += alpha * slope + 0.5 * alpha * alpha * curvature
                r.addScaled(bd, by: alpha)
                if r.norm(.two) < tolerance { return finish(z, boundary: false) }
                d = Tensor.scaledSum(r.squaredNorm() / rr, d, -r)
                continue
            }
        }
        let tau = boundaryStep(z, d, radius)
        model += tau * slope + 0.5 * tau * tau * curvature
        return finish(Tensor.scaledSum(tau, d, z), boundary: true)
    }
    return finish(z, boundary: false)
}
