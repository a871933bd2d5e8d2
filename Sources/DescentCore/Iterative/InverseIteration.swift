/// The eigenpair of a square matrix whose eigenvalue is nearest a shift σ, by inverse iteration.
///
/// Factor A − σI = LU once, then repeat: solve (A − σI)·y = xₖ, xₖ₊₁ = y/‖y‖; the eigenvalue estimate
/// is the Rayleigh quotient λ = xᵀA·x and the residual ‖A·x − λ·x‖. Convergence is linear with ratio
/// |λ₁ − σ| / |λ₂ − σ| (λ₁ nearest σ, λ₂ next), so a good shift converges in a few steps.
/// If σ is exactly an eigenvalue, A − σI is singular; the shift is then moved by 10·ε·max|aᵢⱼ| (the
/// standard remedy — the near-singular solve is what makes the method work).
///
/// - Parameters:
///   - a: a square dense matrix (need not be symmetric; the eigenvalue nearest σ must be real).
///   - shift: σ, the target.
///   - options: tolerance (relative to max|aᵢⱼ|), iteration limit, seed of the random start.
/// - Returns: the pair with the smallest residual seen; with `maxIterations` 0 the scored start
///   (no factorization, no solve, 0 iterations).
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.unsupported` for a 0 × 0 matrix or a non-finite shift.
/// - Complexity: ⅔n³ flops to factor, then 2n² (solve) + 2n² (A·x) per iteration.
/// - Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §7.6.1 and §8.2.2;
///   Trefethen & Bau, *Numerical Linear Algebra*, Lecture 27.
public func inverseIteration(_ a: Tensor, shift: Double,
                             options: IterativeOptions = IterativeOptions()) throws -> EigenpairResult {
    let operation = "inverseIteration"
    let n = try requireEigenproblem(a, operation)
    guard shift.isFinite else {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "the shift \(shift) is not finite")
    }
    // Capped so that an overflowed ‖A‖∞ cannot make the stopping test vacuous (r ≤ tol·∞).
    let scale = Swift.min(Swift.max(a.norm(.infinity), .leastNormalMagnitude), .greatestFiniteMagnitude)
    var x = try startingVector(nil, order: n, seed: options.seed, operation)
    var best = EigenpairResult.initial(x)
    if options.maxIterations == 0 {
        // No solve allowed: the answer is the start, scored (and possibly already converged).
        _ = best.score(a, x, tolerance: options.tolerance * scale)
        best.eigenvector = best.eigenvector.normalizedEigenvector()
        return best
    }
    guard let (lu, _) = factorShifted(a, shift) else {
        // Unreachable for a finite matrix: some nearby shift always gives a non-singular matrix.
        best.termination = .breakdown
        return best
    }
    for iteration in 1...options.maxIterations {
        let y = lu.solve(x)
        best.linearSolves += 1
        best.iterations = iteration
        let length = y.norm(.two)
        guard length.isFinite, length > 0 else { best.termination = .nonFiniteValue; break }
        x = y / length
        guard best.score(a, x, tolerance: options.tolerance * scale) != nil else { break }
        if iteration >= options.maxIterations { break }
    }
    best.eigenvector = best.eigenvector.normalizedEigenvector()
    return best
}

/// LU of A − σI, moving σ by 10·ε·max|aᵢⱼ| (doubling the move up to a few times) while the matrix is
/// exactly singular. Returns the factorization and the shift used, or nil if every try was singular.
func factorShifted(_ a: Tensor, _ shift: Double) -> (LU, Double)? {
    let n = a.shape[0]
    var sigma = shift
    var step = 10 * .ulpOfOne * Swift.max(a.norm(.infinity), Swift.abs(shift), .leastNormalMagnitude)
    for _ in 0..<8 {
        var shifted = a
        for i in 0..<n { shifted.scalars[i * n + i] -= sigma }
        if let lu = try? LU(shifted) { return (lu, sigma) }
        sigma += step
        step *= 2
    }
    return nil
}
