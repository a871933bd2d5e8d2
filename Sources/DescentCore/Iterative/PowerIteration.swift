/// The dominant eigenpair (largest |λ|) of a square operator by power iteration.
///
/// xₖ₊₁ = A·xₖ / ‖A·xₖ‖ from a random unit x₀; the eigenvalue estimate is the Rayleigh quotient
/// λₖ = xₖᵀA·xₖ and the residual ‖A·xₖ − λₖ·xₖ‖. The iteration stops when the residual is at most
/// `tolerance` times the largest ‖A·xₖ‖ seen (a lower bound of ‖A‖₂). Convergence is linear with
/// ratio |λ₂/λ₁|; when |λ₁| = |λ₂| with λ₁ ≠ λ₂ (e.g. ±1) it never settles and the result reports
/// `.iterationLimit` with the best pair seen. An iteration is one step xₖ → xₖ₊₁: with
/// `maxIterations` 0 only the start is scored (one operator application, 0 iterations).
///
/// - Parameters:
///   - a: a square operator (need not be symmetric; the dominant eigenvalue must be real to converge).
///   - start: optional starting vector; by default a random unit vector drawn with `options.seed`.
///   - options: tolerance, iteration limit, seed, progress observer.
/// - Returns: the pair with the smallest residual seen, its residual (the one the stopping test
///   used), counts (`operatorApplications` = `iterations` + 1) and termination.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (a NaN/∞ entry in a dense or sparse
///   matrix or in `start`), `.unsupported` for an empty (0 × 0) operator, which has no eigenpair.
/// - Complexity: one operator application and O(n) work per iteration.
/// - Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §7.3.1; Trefethen & Bau, Lecture 27.
public func powerIteration(_ a: some LinearOperator, start: Tensor? = nil,
                           options: IterativeOptions = IterativeOptions()) throws -> EigenpairResult {
    let operation = "powerIteration"
    let n = try requireEigenproblem(a, operation)
    var x = try startingVector(start, order: n, seed: options.seed, operation)
    var best = EigenpairResult.initial(x)
    var scale = 0.0
    for iteration in 0...options.maxIterations {
        let (lambda, residual, y) = rayleighQuotient(a, x)
        best.operatorApplications += 1
        best.iterations = iteration
        let length = y.norm(.two)
        // A finite pair is still the best answer so far, even when the iteration cannot go on.
        if lambda.isFinite && residual.isFinite { best.keepIfBetter(lambda, x, residual: residual) }
        // ‖A·x‖ itself may overflow with every entry finite; then the stopping test (residual ≤ tol·∞)
        // and the next iterate mean nothing, so this is a non-finite outcome, not convergence.
        guard y.isFinite, length.isFinite, lambda.isFinite, residual.isFinite else {
            best.termination = .nonFiniteValue
            break
        }
        scale = Swift.max(scale, length)
        options.report(iteration, residual: residual, target: options.tolerance * scale)
        if residual <= options.tolerance * scale {
            best.termination = .convergedResidual
            break
        }
        if iteration >= options.maxIterations { break }
        // A·x = 0 has already converged above (residual 0), so length > 0 here.
        x = y / length
    }
    best.eigenvector = best.eigenvector.normalizedEigenvector()
    return best
}
