import DescentCore

/// Martens' truncated conjugate gradient on the quadratic model φ(p) = ½pᵀBp + gᵀp (B = G + λI),
/// which keeps a geometric selection of its iterates for backtracking and stops on relative
/// progress of φ rather than on the residual.
///
/// Standard CG on B·p = −g from p₀; φ(pᵢ) = ½pᵢᵀ(g − rᵢ) with rᵢ = −g − B·pᵢ costs nothing extra.
/// Stop at iteration i when i > k, φ(pᵢ) < 0 and (φ(pᵢ) − φ(p_{i−k}))/φ(pᵢ) < k·ε with
/// k = max(10, ⌈0.1·i⌉) and ε = 5·10⁻⁴ (the model no longer improves by a fraction ε per
/// iteration), at `maxIterations`, when ‖rᵢ‖ ≤ 10⁻¹²·‖g‖ (solved to rounding), when pᵀBp ≤ 0 (B not positive definite along p, which damping
/// rules out in exact arithmetic), or when a product is not finite. Iterates are kept at
/// iterations ⌈γʲ⌉ (γ = `storageFactor`) and at the last one.
///
/// Reference: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010, §4.4–4.6.
struct HessianFreeConjugateGradient {
    /// Iterates kept for backtracking, in order: (iteration, pᵢ).
    var iterates: [(iteration: Int, point: Tensor)] = []
    /// The number of CG iterations run.
    var iterations = 0
    /// φ at the last iterate.
    var modelValue = 0.0
    /// Whether a product or a curvature was not finite.
    var sawNonFinite = false

    init(product: (Tensor) -> Tensor, gradient g: Tensor, start: Tensor, maxIterations: Int, storageFactor: Double) {
        var p = start
        var r = g * -1
        if start.squaredNorm() > 0 { r.addScaled(product(start), by: -1) }
        var d = r
        var rr = r.squaredNorm()
        let floor = 1e-24 * g.squaredNorm()
        var history: [Double] = [0.5 * dot(p, g - r)]
        var nextStored = 1.0
        while iterations < maxIterations {
            let bd = product(d)
            let curvature = dot(d, bd)
            guard curvature.isFinite, bd.isFinite else { sawNonFinite = true; break }
            guard curvature > 0 else { break }
            let alpha = rr / curvature
            p.addScaled(d, by: alpha)
            r.addScaled(bd, by: -alpha)
            iterations += 1
            let phi = 0.5 * dot(p, g - r)
            history.append(phi)
            if Double(iterations) >= nextStored.rounded(.up) {
                iterates.append((iterations, p))
                while nextStored.rounded(.up) <= Double(iterations) { nextStored *= storageFactor }
            }
            let k = Swift.max(10, Int((0.1 * Double(iterations)).rounded(.up)))
            if iterations > k, phi < 0, (phi - history[iterations - k]) / phi < Double(k) * 5e-4 { break }
            let rrNext = r.squaredNorm()
            // Solved to rounding: further iterations would only stir noise.
            guard rrNext > floor else { break }
            d = r + d * (rrNext / rr)
            rr = rrNext
        }
        modelValue = history.last!
        if iterates.last?.iteration != iterations { iterates.append((iterations, p)) }
    }

    /// The last iterate.
    var last: Tensor { iterates.last!.point }
}
