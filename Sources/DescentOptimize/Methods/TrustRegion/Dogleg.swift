import DescentCore

/// The dogleg step (N&W §4.1): the path from 0 to the minimizer along −g, p_U = −(gᵀg/gᵀBg)g, then
/// to the Newton point p_B = −B⁻¹g, cut at the boundary ‖p‖ = Δ. B must be positive definite (the
/// Newton point is otherwise not a minimizer of the model): `TrustRegion` passes `convexDoglegModel`'s
/// matrix when B is not; without a Newton point the step is the Cauchy point.
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

/// The positive-definite model the dogleg path uses where B is not positive definite, and its Newton
/// step −B̃⁻¹g; nil when none could be factored (the step is then the Cauchy point of B).
///
/// `negativeCurvature` is δ from the failed factorization of B, with δ ≤ −λ₁(B)
/// (`DenseShiftedMatrix.factor`). Two cases:
/// - δ > √ε‖B‖_F, B has curvature below zero beyond what rounding of its entries can produce: the
///   Gill–Murray `ModifiedCholesky`, B̃ = B + E with E ⪰ 0 diagonal, which adds to each pivot only what
///   it needs, so the directions of positive curvature keep theirs (as in `Newton`).
/// - Otherwise B is positive semidefinite to working precision, Cholesky having failed on rounding
///   (the variably dimensioned function at n = 1000: a rank-one term ~10²⁰ over 2I): B̃ = B + τI with
///   the first τ of N&W Alg. 3.3's sequence (−min bᵢᵢ + β or β = 10⁻³, then doubling) that Cholesky
///   accepts. Gill–Murray there adds pivot by pivot to rounding noise; its uneven E bent the Newton
///   point and the run stalled at f = 6.5·10¹⁹.
///
/// Before, the dogleg took the Cauchy point of B, steepest descent: Meyer, Gulf and Biggs EXP6 ran out of
/// 5000 iterations and Wood took 4669 evaluations. Measured on the performance-profile sets: the shift
/// alone solved 32 of the 35 Moré–Garbow–Hillstrom problems (Osborne 1 lost to a degenerate stationary
/// point), Gill–Murray alone 34 but 13 of the 16 at n = 1000; the two cases here 34 and 14. The
/// threshold: 10⁻¹⁰·‖B‖_F gives the same, 10⁻⁶ loses Osborne 1.
///
/// Reference: P. E. Gill, W. Murray and M. H. Wright, *Practical Optimization*, 1981, §4.4.2.2;
/// J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, §4.1 and Alg. 3.3.
func convexDoglegModel(_ b: Tensor, gradient g: Tensor, negativeCurvature: Double) -> (matrix: Tensor, newtonStep: Tensor)? {
    if negativeCurvature > Double.ulpOfOne.squareRoot() * b.norm(.two) {
        let modified = ModifiedCholesky(b)
        return (b + Tensor.diagonal(modified.addedDiagonal), modified.solve(-g))
    }
    guard let (solution, tau) = shiftedCholeskySolve(b, -g, initialShift: Swift.max(initialNewtonShift(b), 1e-3)) else { return nil }
    return (b + Tensor.identity(b.shape[0]) * tau, solution)
}
