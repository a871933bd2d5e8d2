import DescentCore

/// The Moré–Sorensen iteration for min gᵀp + ½pᵀBp subject to ‖p‖₂ ≤ Δ: a safeguarded Newton
/// iteration on the secular equation φ(λ) = 1/‖p(λ)‖ − 1/Δ = 0 with p(λ) = −(B + λI)⁻¹g, over λ
/// in an interval [λ_L, λ_U] that shrinks with every factorization, and the hard case completed
/// along an approximate eigenvector of B's smallest eigenvalue.
///
/// - λ bounds (Conn–Gould–Toint §7.3.8): λ_L = max(0, −min bᵢᵢ, ‖g‖/Δ − min(Gershgorin upper, ‖B‖)),
///   λ_U = max(0, ‖g‖/Δ + min(−Gershgorin lower, ‖B‖)); start at λ = 0 when λ_L = 0.
/// - Newton step (N&W eq. 4.44): λ⁺ = λ + (‖p‖/‖q‖)²(‖p‖ − Δ)/Δ with ‖q‖² = pᵀ(B + λI)⁻¹p.
///   From the left (‖p‖ > Δ) the iterates stay below λ* because φ is concave; from the right they
///   may leave the positive-definite range, and a failed factorization raises λ_L instead.
/// - Outside the interval, λ = max(√(λ_L λ_U), λ_L + 0.01(λ_U − λ_L)); after an interior step whose
///   Newton update is unusable, λ = λ_L + 0.01(λ_U − λ_L) (λ_L is then sharp).
/// - Interior steps with λ > 0 (‖p‖ < Δ): an approximate eigenvector z for the smallest eigenvalue
///   of B + λI (inverse iteration with the factor already computed, warm-started across iterations,
///   since B + λI has B's eigenvectors for every λ) and its Rayleigh quotient s² = zᵀ(B + λI)z give
///   λ_L ≥ λ − s², and p + τz with ‖p + τz‖ = Δ (τ the root of smaller magnitude) is accepted when
///   τ²s² ≤ σ_hard (pᵀ(B + λI)p + λΔ²), which bounds its model value within a factor (1 − σ_hard)
///   of the optimum (Moré–Sorensen Lemma 3.4).
/// - Stop when |‖p‖ − Δ| ≤ σ_easy Δ, when λ = 0 and ‖p‖ ≤ Δ, or after `maxIterations` factorizations.
///
/// Reference: J. J. Moré and D. C. Sorensen, SIAM J. Sci. Stat. Comput. 4(3), 1983; Nocedal and
/// Wright, 2006, Alg. 4.3 and §4.3; Conn, Gould and Toint, *Trust-Region Methods*, 2000, ch. 7.
func moreSorensenStep<Source: ShiftedFactorizationSource>(
    _ b: Source, gradient g: Tensor, radius: Double, boundaryTolerance: Double, hardCaseTolerance: Double,
    maxIterations: Int
) -> TrustRegionStep {
    let n = b.order
    let gnorm = g.norm(.two)
    let bounds = b.bounds
    var lower = Swift.max(0, -bounds.minimumDiagonal, gnorm / radius - Swift.min(bounds.gershgorinUpper, bounds.norm))
    var upper = Swift.max(0, gnorm / radius + Swift.min(-bounds.gershgorinLower, bounds.norm))
    // The smallest meaningful move of λ: a relative rounding step of the problem's scale.
    let resolution = Double.ulpOfOne * Swift.max(bounds.norm, gnorm / radius, Double.leastNormalMagnitude)
    func safeguarded() -> Double {
        upper = Swift.max(upper, lower)
        return Swift.max((lower * upper).squareRoot(), lower + 0.01 * (upper - lower))
    }
    func result(_ p: Tensor, _ lambda: Double, boundary: Bool, hard: Bool, _ iterations: Int) -> TrustRegionStep {
        let decrease = -(dot(g, p) + 0.5 * dot(p, b.product(p)))
        return TrustRegionStep(step: p, multiplier: lambda, modelDecrease: decrease, isOnBoundary: boundary,
                               isHardCase: hard, iterations: iterations)
    }

    var lambda = lower == 0 ? 0 : safeguarded()
    var pending: Source.Factor? = nil
    var eigenvector = inverseIterationStart(n)
    var last: (p: Tensor, lambda: Double)? = nil
    var iterations = 0
    while iterations < maxIterations {
        let factor: Source.Factor
        if let ready = pending {
            factor = ready
            pending = nil
        } else {
            iterations += 1
            switch b.factor(shift: lambda) {
            case .factored(let f): factor = f
            case .indefinite(let shortfall):
                lower = Swift.max(lower, lambda + Swift.max(shortfall, resolution))
                lambda = safeguarded()
                continue
            }
        }
        let p = factor.solve(-g)
        let pnorm = p.norm(.two)
        last = (p, lambda)
        if lambda == 0 && pnorm <= radius { return result(p, 0, boundary: false, hard: false, iterations) }
        let qq = pnorm > 0 ? dot(p, factor.solve(p)) : 0
        let newton = pnorm > 0 ? lambda + (pnorm * pnorm / qq) * (pnorm - radius) / radius : -Double.infinity

        if pnorm > radius {
            if pnorm - radius <= boundaryTolerance * radius { return result(p, lambda, boundary: true, hard: false, iterations) }
            lower = lambda
            lambda = newton > lambda && newton <= upper ? newton : safeguarded()
            continue
        }

        // Inside with λ > 0: λ ≥ λ*, or the hard case.
        var s2 = 0.0
        for _ in 0..<3 {
            let y = factor.solve(eigenvector)
            let ynorm = y.norm(.two)
            guard ynorm.isFinite && ynorm > 0 else { break }
            eigenvector = y * (1 / ynorm)
        }
        s2 = Swift.max(0, dot(eigenvector, b.product(eigenvector)) + lambda)
        let (negative, positive) = boundaryRoots(p, eigenvector, radius)
        let tau = Swift.abs(negative) < positive ? negative : positive
        let curvature = -dot(g, p)  // pᵀ(B + λI)p
        if tau * tau * s2 <= hardCaseTolerance * (curvature + lambda * radius * radius) {
            return result(Tensor.scaledSum(tau, eigenvector, p), lambda, boundary: true, hard: true, iterations)
        }
        upper = lambda
        lower = Swift.max(lower, lambda - s2)
        // When Newton's step is unusable here, λ* lies close above λ_L (λ_L ≥ λ − s² is then a sharp
        // bound, from an accurate eigenvector): step to λ_L + 0.01(λ_U − λ_L) rather than to the
        // geometric mean, which only halves the gap per factorization as λ → −λ₁ in the hard case.
        func nearLower() -> Double { lower + 0.01 * (Swift.max(upper, lower) - lower) }
        if newton > lower {
            iterations += 1
            switch b.factor(shift: newton) {
            case .factored(let f):
                pending = f
                lambda = newton
            case .indefinite(let shortfall):
                lower = Swift.max(lower, newton + Swift.max(shortfall, resolution))
                lambda = nearLower()
            }
        } else {
            lambda = nearLower()
        }
    }
    // Out of factorizations: the last p(λ) with B + λI positive definite, cut to the region. For λ ≥ 0
    // every αp with 0 < α ≤ 1 lowers the model, since gᵀp = −pᵀ(B + λI)p < 0.
    if let (p, lambda) = last {
        let pnorm = p.norm(.two)
        return result(pnorm > radius ? p * (radius / pnorm) : p, lambda, boundary: pnorm >= radius, hard: false, iterations)
    }
    // No shift was ever factored (only possible with a tiny budget): the Cauchy point.
    return result(cauchyPoint(g, b.product(g), radius), lower, boundary: true, hard: false, iterations)
}

/// A fixed, generic unit start vector for inverse iteration (pseudo-random, so that it is not
/// orthogonal to the wanted eigenvector by construction, as e₁ or g itself could be).
func inverseIterationStart(_ n: Int) -> Tensor {
    var generator = SeededGenerator(seed: 0x5EED_7255)
    let v = Tensor.randomUniform([n], in: -1..<1, using: &generator)
    let norm = v.norm(.two)
    return norm > 0 ? v * (1 / norm) : v
}

/// N&W Alg. 4.2: p = −τ (Δ/‖g‖) g with τ = 1 if gᵀBg ≤ 0, else min(1, ‖g‖³/(Δ gᵀBg)); p = 0 when g = 0.
func cauchyPoint(_ g: Tensor, _ bg: Tensor, _ radius: Double) -> Tensor {
    let gnorm = g.norm(.two)
    guard gnorm > 0 else { return g }
    let gbg = dot(g, bg)
    let tau = gbg <= 0 ? 1 : Swift.min(1, gnorm * gnorm * gnorm / (radius * gbg))
    return g * (-tau * radius / gnorm)
}
