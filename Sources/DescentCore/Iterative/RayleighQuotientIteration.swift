/// An eigenpair of a square matrix by Rayleigh quotient iteration: inverse iteration whose shift is
/// updated to the current Rayleigh quotient at every step.
///
/// σₖ = xₖᵀA·xₖ; solve (A − σₖI)·y = xₖ; xₖ₊₁ = y/‖y‖. For symmetric A convergence is cubic once
/// close (Trefethen & Bau, Thm 27.3), at the cost of one LU factorization per step. Which eigenpair
/// it finds depends on the start: pass `start` near the wanted eigenvector, or `shift` to begin with
/// σ₀ (otherwise σ₀ is the Rayleigh quotient of the start). A shift that hits an eigenvalue exactly
/// makes A − σI singular; σ is then moved by 10·ε·max|aᵢⱼ| (see `inverseIteration`).
///
/// - Parameters:
///   - a: a square dense matrix (symmetric for the cubic rate; real eigenvalue required to converge).
///   - start: starting vector (default: random unit vector from `options.seed`).
///   - shift: optional first shift σ₀.
///   - options: tolerance (relative to max|aᵢⱼ|), iteration limit, seed.
/// - Returns: the pair with the smallest residual seen.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.unsupported` for 0 × 0, a zero start,
///   or a non-finite shift.
/// - Complexity: ⅔n³ + 4n² flops per iteration.
/// - Reference: Trefethen & Bau, *Numerical Linear Algebra*, Lecture 27, Algorithm 27.3;
///   Parlett, *The Symmetric Eigenvalue Problem*, ch. 4.
public func rayleighQuotientIteration(_ a: Tensor, start: Tensor? = nil, shift: Double? = nil,
                                      options: IterativeOptions = IterativeOptions()) throws -> EigenpairResult {
    let operation = "rayleighQuotientIteration"
    let n = try requireEigenproblem(a, operation)
    if let shift, !shift.isFinite {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "the shift \(shift) is not finite")
    }
    var x = try startingVector(start, order: n, seed: options.seed, operation)
    // Capped so that an overflowed ‖A‖∞ cannot make the stopping test vacuous (r ≤ tol·∞).
    let scale = Swift.min(Swift.max(a.norm(.infinity), .leastNormalMagnitude), .greatestFiniteMagnitude)
    var best = EigenpairResult.initial(x)
    var sigma = shift
    for iteration in 0...Swift.max(options.maxIterations, 1) {
        // Evaluate the current iterate, then (unless done) take one step.
        guard let lambda = best.score(a, x, tolerance: options.tolerance * scale) else { break }
        if iteration >= options.maxIterations { break }
        guard let (lu, _) = factorShifted(a, sigma ?? lambda) else { best.termination = .breakdown; break }
        sigma = nil
        let y = lu.solve(x)
        best.linearSolves += 1
        best.iterations = iteration + 1
        let length = y.norm(.two)
        guard length.isFinite, length > 0 else { best.termination = .nonFiniteValue; break }
        x = y / length
    }
    best.eigenvector = best.eigenvector.normalizedEigenvector()
    return best
}
