/// One step of Moré and Thuente's safeguarded interval update (MINPACK-2 `dcstep`), the core of the
/// line search SciPy's L-BFGS-B, BFGS and CG use (`dcsrch`).
///
/// The state is the interval of uncertainty: the end `x` with the least value so far (its φ and φ′),
/// the other end `y`, and whether the two already bracket a minimizer. Given a new trial `t`, it picks
/// the next trial from the cubic through (x, φ_x, φ′_x) and (t, φ_t, φ′_t) and the quadratic or
/// secant alternatives, by the paper's four cases:
///
/// 1. φ_t > φ_x: a minimizer lies between x and t; the cubic step if it is closer to x than the
///    quadratic through φ_x, φ′_x, φ_t, else the average of the two.
/// 2. φ_t ≤ φ_x, φ′_t of the opposite sign to φ′_x: bracketed between t and x; the cubic or the
///    secant step, whichever is farther from t.
/// 3. φ_t ≤ φ_x, same sign, |φ′_t| < |φ′_x|: the cubic step only if it lies beyond t (else the
///    bound), or the secant step; inside a bracket the closer one, limited to 66% of the way to y;
///    outside it the farther one, clamped to [`lower`, `upper`] (the caller's extrapolation range).
/// 4. φ_t ≤ φ_x, same sign, |φ′_t| ≥ |φ′_x|: the cubic through t and y inside a bracket, else the
///    bound in the direction of descent.
///
/// Then the interval is updated: t replaces y in case 1; otherwise t becomes the new x (and the old x
/// becomes y when φ′ changed sign).
///
/// Reference: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient
/// decrease", ACM TOMS 20(3), 1994, §4; MINPACK-2 `dcstep`.
struct MoreThuenteInterval {
    /// The end with the least value (α, φ, φ′).
    var x: (alpha: Double, phi: Double, slope: Double)
    /// The other end.
    var y: (alpha: Double, phi: Double, slope: Double)
    /// Whether x and y bracket a minimizer.
    var bracketed = false

    /// The minimizer of the cubic interpolating (a, φ_a, φ′_a) and (b, φ_b, φ′_b), written as
    /// a + r(b − a) in the scaled form of `dcstep` (which avoids overflow in θ² − φ′_aφ′_b).
    /// `clampRadicand` takes max(0, ·) under the root (case 3, where the cubic may not have a minimizer
    /// between the points); the returned γ lets the caller tell that case apart.
    private static func cubic(_ a: Double, _ fa: Double, _ da: Double, _ b: Double, _ fb: Double, _ db: Double,
                              clampRadicand: Bool) -> (theta: Double, gamma: Double) {
        let theta = 3 * (fa - fb) / (b - a) + da + db
        let s = Swift.max(Swift.abs(theta), Swift.abs(da), Swift.abs(db))
        var radicand = (theta / s) * (theta / s) - (da / s) * (db / s)
        if clampRadicand { radicand = Swift.max(0, radicand) }
        return (theta, s * radicand.squareRoot())
    }

    /// Updates the interval with the trial (α, φ, φ′) and returns the next trial step, kept in
    /// [lower, upper] when extrapolating (case 3 without a bracket, case 4).
    mutating func step(trial alpha: Double, phi: Double, slope: Double, lower: Double, upper: Double) -> Double {
        let (stx, fx, dx) = x
        let sgnd = slope * (dx / Swift.abs(dx))
        var next: Double
        if phi > fx {
            // Case 1.
            var (theta, gamma) = Self.cubic(stx, fx, dx, alpha, phi, slope, clampRadicand: false)
            if alpha < stx { gamma = -gamma }
            let p = (gamma - dx) + theta
            let q = ((gamma - dx) + gamma) + slope
            let stpc = stx + (p / q) * (alpha - stx)
            let stpq = stx + ((dx / ((fx - phi) / (alpha - stx) + dx)) / 2) * (alpha - stx)
            next = Swift.abs(stpc - stx) < Swift.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
            bracketed = true
        } else if sgnd < 0 {
            // Case 2.
            var (theta, gamma) = Self.cubic(stx, fx, dx, alpha, phi, slope, clampRadicand: false)
            if alpha > stx { gamma = -gamma }
            let p = (gamma - slope) + theta
            let q = ((gamma - slope) + gamma) + dx
            let stpc = alpha + (p / q) * (stx - alpha)
            let stpq = alpha + (slope / (slope - dx)) * (stx - alpha)
            next = Swift.abs(stpc - alpha) > Swift.abs(stpq - alpha) ? stpc : stpq
            bracketed = true
        } else if Swift.abs(slope) < Swift.abs(dx) {
            // Case 3.
            var (theta, gamma) = Self.cubic(stx, fx, dx, alpha, phi, slope, clampRadicand: true)
            if alpha > stx { gamma = -gamma }
            let p = (gamma - slope) + theta
            let q = (gamma + (dx - slope)) + gamma
            let r = p / q
            let stpc: Double
            if r < 0 && gamma != 0 {
                stpc = alpha + r * (stx - alpha)
            } else {
                stpc = alpha > stx ? upper : lower
            }
            let stpq = alpha + (slope / (slope - dx)) * (stx - alpha)
            if bracketed {
                let closer = Swift.abs(stpc - alpha) < Swift.abs(stpq - alpha) ? stpc : stpq
                let limit = alpha + 0.66 * (y.alpha - alpha)
                next = alpha > stx ? Swift.min(limit, closer) : Swift.max(limit, closer)
            } else {
                let farther = Swift.abs(stpc - alpha) > Swift.abs(stpq - alpha) ? stpc : stpq
                next = Swift.max(lower, Swift.min(upper, farther))
            }
        } else {
            // Case 4.
            if bracketed {
                let (sty, fy, dy) = y
                var (theta, gamma) = Self.cubic(alpha, phi, slope, sty, fy, dy, clampRadicand: false)
                if alpha > sty { gamma = -gamma }
                let p = (gamma - slope) + theta
                let q = ((gamma - slope) + gamma) + dy
                next = alpha + (p / q) * (sty - alpha)
            } else {
                next = alpha > stx ? upper : lower
            }
        }
        // A far end outside the domain (φ = ∞ after a failed trial) gives no cubic: bisect towards it.
        if !next.isFinite { next = bracketed ? alpha + 0.5 * (y.alpha - alpha) : upper }
        if phi > fx {
            y = (alpha, phi, slope)
        } else {
            if sgnd < 0 { y = x }
            x = (alpha, phi, slope)
        }
        return next
    }
}
