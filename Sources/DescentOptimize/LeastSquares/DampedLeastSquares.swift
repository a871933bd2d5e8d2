import DescentCore

/// The Levenberg–Marquardt subproblem on a factored Jacobian J·P = Q·R: for a damping λ ≥ 0 and
/// positive scales D, the step p(λ) solving
///
///     min ‖J p + r‖² + λ‖D p‖²,   i.e.   (JᵀJ + λD²) p = −Jᵀr,
///
/// found without forming JᵀJ: R is reduced together with √λ·PᵀDP to a triangular S (SᵀS =
/// Pᵀ(JᵀJ + λD²)P) by Givens rotations (MINPACK's `qrsolv`), so each λ costs O(n²) after the
/// O(mn²) factorization, and the conditioning is that of J, not JᵀJ.
///
/// Reference: J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory", in
/// *Numerical Analysis*, Lecture Notes in Mathematics 630, Springer, 1978, §3–§5; MINPACK-1 `qrsolv`.
struct DampedLeastSquares {
    let factor: PivotedQR
    /// The first n entries of Qᵀr.
    let qtr: [Double]
    /// The scales D (positive).
    var scales: [Double]
    /// S's strict upper triangle, stored transposed (column-major, n × n): written by each solve.
    private var s: [Double]
    /// S's diagonal from the last solve.
    private var sDiagonal: [Double]

    init(factor: PivotedQR, residuals: [Double], scales: [Double]) {
        self.factor = factor
        self.qtr = factor.qTransposeTimes(residuals)
        self.scales = scales
        let n = factor.columns
        s = [Double](repeating: 0, count: n * n)
        sDiagonal = [Double](repeating: 0, count: n)
    }

    /// The solution z (in the original variable order) of [J; √λ·D] z ≈ [b; 0] for the b whose
    /// Qᵀb is `qtb` (MINPACK `qrsolv`; a singular S gives the basic solution). Leaves S for
    /// `solveWithS`.
    mutating func solve(damping lambda: Double, qtb: [Double]) -> [Double] {
        let n = factor.columns, k = Swift.min(factor.rows, n)
        let root = lambda.squareRoot()
        // s (lower triangle, column-major) starts as Rᵀ.
        for j in 0..<n { for i in j..<n { s[i + j * n] = j < k ? factor.r(j, i) : 0 } }
        var w = qtb
        var row = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let d = root * scales[factor.permutation[j]]
            if d != 0 {
                for t in j..<n { row[t] = 0 }
                row[j] = d
                var extra = 0.0
                for t in j..<n where row[t] != 0 {
                    let diagonal = s[t + t * n]
                    let c: Double, sn: Double
                    if Swift.abs(diagonal) < Swift.abs(row[t]) {
                        let cotangent = diagonal / row[t]
                        sn = 0.5 / (0.25 + 0.25 * cotangent * cotangent).squareRoot()
                        c = sn * cotangent
                    } else {
                        let tangent = row[t] / diagonal
                        c = 0.5 / (0.25 + 0.25 * tangent * tangent).squareRoot()
                        sn = c * tangent
                    }
                    let wt = c * w[t] + sn * extra
                    extra = -sn * w[t] + c * extra
                    w[t] = wt
                    s[t + t * n] = c * diagonal + sn * row[t]
                    for i in (t + 1)..<Swift.max(t + 1, n) {
                        let v = c * s[i + t * n] + sn * row[i]
                        row[i] = -sn * s[i + t * n] + c * row[i]
                        s[i + t * n] = v
                    }
                }
            }
            sDiagonal[j] = s[j + j * n]
        }
        var singular = n
        for j in 0..<n where singular == n && sDiagonal[j] == 0 { singular = j }
        for j in singular..<n { w[j] = 0 }
        for j in stride(from: singular - 1, through: 0, by: -1) {
            var sum = 0.0
            for i in (j + 1)..<Swift.max(j + 1, singular) { sum += s[i + j * n] * w[i] }
            w[j] = (w[j] - sum) / sDiagonal[j]
        }
        var x = [Double](repeating: 0, count: n)
        for j in 0..<n { x[factor.permutation[j]] = w[j] }
        return x
    }

    /// ‖D x‖₂.
    func scaledNorm(_ x: [Double]) -> Double {
        euclideanNorm(zip(scales, x).map { $0 * $1 })
    }

    /// Moré's λ for the trust region ‖D p‖ ≤ Δ (MINPACK `lmpar`): λ = 0 when the Gauss–Newton
    /// step fits (‖Dp(0)‖ ≤ 1.1Δ); otherwise a safeguarded Newton iteration on φ(λ) = ‖Dp(λ)‖ − Δ,
    /// from the previous λ kept inside [λ_low, λ_up] (λ_low from the Newton step on 1/‖Dp‖ at 0
    /// when J has full rank, λ_up = ‖D⁻¹Jᵀr‖/Δ), stopping when |φ| ≤ 0.1Δ or after 10 steps.
    ///
    /// - Returns: λ and the step p(λ) solving min ‖J p + r‖² + λ‖D p‖² (so p = −z).
    mutating func trustRegionStep(radius delta: Double, previousDamping: Double) -> (damping: Double, step: [Double]) {
        let n = factor.columns, k = Swift.min(factor.rows, n)
        let tiny = Double.leastNormalMagnitude
        // The Gauss–Newton step (basic solution when R is singular).
        var singular = k
        for j in 0..<k where singular == k && factor.rDiagonal[j] == 0 { singular = j }
        var x = factor.basicSolution(qtb: qtr, rank: singular)
        var dx = zip(scales, x).map { $0 * $1 }
        var dxnorm = euclideanNorm(dx)
        var fp = dxnorm - delta
        if fp <= 0.1 * delta { return (0, x.map { -$0 }) }

        var lower = 0.0
        var work = [Double](repeating: 0, count: n)
        if singular >= n {
            for j in 0..<n { let l = factor.permutation[j]; work[j] = scales[l] * (dx[l] / dxnorm) }
            // Solve Rᵀ y = work.
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<j { sum += factor.r(i, j) * work[i] }
                work[j] = (work[j] - sum) / factor.rDiagonal[j]
            }
            let t = euclideanNorm(work)
            lower = fp / delta / t / t
        }
        for j in 0..<n {
            var sum = 0.0
            for i in 0...j { sum += factor.r(i, j) * qtr[i] }
            work[j] = sum / scales[factor.permutation[j]]
        }
        let gnorm = euclideanNorm(work)
        var upper = gnorm / delta
        if upper == 0 { upper = tiny / Swift.min(delta, 0.1) }

        var lambda = Swift.min(Swift.max(previousDamping, lower), upper)
        if lambda == 0 { lambda = gnorm / dxnorm }
        var iteration = 0
        while true {
            iteration += 1
            if lambda == 0 { lambda = Swift.max(tiny, 0.001 * upper) }
            x = solve(damping: lambda, qtb: qtr)
            dx = zip(scales, x).map { $0 * $1 }
            dxnorm = euclideanNorm(dx)
            let previous = fp
            fp = dxnorm - delta
            if Swift.abs(fp) <= 0.1 * delta || (lower == 0 && fp <= previous && previous < 0) || iteration == 10 || dxnorm == 0 {
                break
            }
            // Newton correction: ‖S⁻ᵀ P ᵀ D (Dx/‖Dx‖)‖ gives φ'(λ).
            for j in 0..<n { let l = factor.permutation[j]; work[j] = scales[l] * (dx[l] / dxnorm) }
            for j in 0..<n {
                work[j] /= sDiagonal[j]
                let t = work[j]
                for i in (j + 1)..<Swift.max(j + 1, n) { work[i] -= s[i + j * n] * t }
            }
            let t = euclideanNorm(work)
            let correction = fp / delta / t / t
            if fp > 0 { lower = Swift.max(lower, lambda) }
            if fp < 0 { upper = Swift.min(upper, lambda) }
            lambda = Swift.max(lower, lambda + correction)
        }
        return (lambda, x.map { -$0 })
    }
}
