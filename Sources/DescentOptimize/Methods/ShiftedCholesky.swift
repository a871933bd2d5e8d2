import DescentCore

/// Solves (A + τI) d = b for symmetric A with the smallest shift τ ≥ τ₀ of the sequence
/// τ₀, max(2τ, β), … that makes A + τI positive definite (checked by `Cholesky`).
///
/// This is Nocedal & Wright's "Cholesky with added multiple of the identity" (Alg. 3.3) used by
/// Newton's `.addedIdentity` modification (τ₀ = 0 when min aᵢᵢ > 0, else −min aᵢᵢ + β), damped
/// Newton (τ₀ = λ), Levenberg–Marquardt (τ₀ = μ) and the dogleg trust region's model when B is not
/// positive definite (τ₀ = max(−min aᵢᵢ + β, β)); Newton's default is the Gill–Murray
/// `ModifiedCholesky`, which adds to each pivot only what it needs. Cost: ⅓n³ per Cholesky attempt
/// (LAPACK `dpotrf`), 2n² to solve.
///
/// - Returns: the solution d and the shift τ used, or `nil` when A or b has a non-finite entry or no
///   shift below 1e100 worked.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, Alg. 3.3.
func shiftedCholeskySolve(_ a: Tensor, _ b: Tensor, initialShift: Double, minimumShift beta: Double = 1e-3) -> (solution: Tensor, shift: Double)? {
    let n = b.count
    precondition(a.shape == [n, n], "shiftedCholeskySolve: matrix shape \(a.shape) does not match right-hand side shape \(b.shape)")
    guard a.isFinite, b.isFinite else { return nil }
    var tau = initialShift
    while tau < 1e100 {
        var shifted = a
        if tau != 0 { for i in 0..<n { shifted[i, i] += tau } }
        // Any throw here means "not positive definite at this shift" (finiteness was checked above).
        if let factor = try? Cholesky(shifted) { return (factor.solve(b.flattened).reshaped(b.shape), tau) }
        tau = Swift.max(2 * tau, beta)
    }
    return nil
}

/// N&W Alg. 3.3's first shift: 0 when every diagonal entry is positive, else −min aᵢᵢ + β.
func initialNewtonShift(_ a: Tensor, beta: Double = 1e-3) -> Double {
    let smallest = a.diagonalElements.min()
    return smallest > 0 ? 0 : -smallest + beta
}
