/// A preconditioner M ≈ A for conjugate gradient; CG then works with M⁻¹A, whose eigenvalues are
/// more clustered when M captures A's scaling.
public enum ConjugateGradientPreconditioner: Sendable, Hashable {
    /// No preconditioning (M = I).
    case none
    /// Jacobi (diagonal) preconditioning M = diag(d) with the given positive diagonal d, usually
    /// A's own diagonal (`Tensor.diagonalElements`, `SparseMatrix.diagonalElements`).
    case jacobi(Tensor)
}

/// Solves A·x = b for a symmetric positive definite operator A by (preconditioned) conjugate gradient.
///
/// r₀ = b − Ax₀, z₀ = M⁻¹r₀, p₀ = z₀; then αₖ = rₖᵀzₖ / pₖᵀApₖ, xₖ₊₁ = xₖ + αₖpₖ,
/// rₖ₊₁ = rₖ − αₖApₖ, zₖ₊₁ = M⁻¹rₖ₊₁, βₖ = rₖ₊₁ᵀzₖ₊₁ / rₖᵀzₖ, pₖ₊₁ = zₖ₊₁ + βₖpₖ.
/// Stops when ‖rₖ‖ ≤ tolerance·‖b‖ (SciPy's `cg` rule). In exact arithmetic it terminates in at most
/// n steps; the A-norm error falls at least like 2((√κ − 1)/(√κ + 1))ᵏ.
///
/// - Parameters:
///   - a: a symmetric positive definite n × n operator.
///   - b: the right-hand side (length n).
///   - initialGuess: x₀ (default 0).
///   - preconditioner: `.none` or `.jacobi(diagonal)`.
///   - options: tolerance (relative to ‖b‖) and iteration limit; the seed is unused.
/// - Returns: x, the true residual ‖b − Ax‖, counts, and termination: `.breakdown` if pᵀAp ≤ 0
///   (A is not positive definite along p), `.nonFiniteValue` if a product overflowed or was NaN.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (in A, b or x₀), `.unsupported` for a
///   Jacobi diagonal with a non-positive entry.
/// - Complexity: one operator application and O(n) work per iteration.
/// - Reference: Hestenes & Stiefel, "Methods of conjugate gradients for solving linear systems",
///   J. Res. NBS 49, 1952; Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., Alg. 6.18
///   and 9.1; Golub & Van Loan, §11.3.
public func conjugateGradient(_ a: some LinearOperator, _ b: Tensor, initialGuess: Tensor? = nil,
                              preconditioner: ConjugateGradientPreconditioner = .none,
                              options: IterativeOptions = IterativeOptions()) throws -> LinearSolveResult {
    let operation = "conjugateGradient"
    try a.validate(operation)
    try a.requireSquareOperator(operation)
    let n = a.shape[0]
    precondition(b.count == n, "conjugateGradient: operator shape \(a.shape) does not fit right-hand side shape \(b.shape)")
    try b.requireFinite(operation)
    let rhs = Tensor(shape: [n], scalars: b.scalars)
    var x = Tensor.zeros([n])
    if let initialGuess {
        precondition(initialGuess.count == n, "conjugateGradient: operator shape \(a.shape) does not fit initial guess shape \(initialGuess.shape)")
        try initialGuess.requireFinite(operation)
        x = Tensor(shape: [n], scalars: initialGuess.scalars)
    }
    var inverseDiagonal: Tensor? = nil
    if case let .jacobi(d) = preconditioner {
        precondition(d.count == n, "conjugateGradient: Jacobi diagonal shape \(d.shape) does not fit operator shape \(a.shape)")
        if let i = d.scalars.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw LinearAlgebraError.unsupported(operation: operation,
                                                 reason: "the Jacobi preconditioner needs a positive finite diagonal; entry \(i) is \(d.scalars[i])")
        }
        inverseDiagonal = 1 / Tensor(shape: [n], scalars: d.scalars)
    }
    func applyPreconditioner(_ r: Tensor) -> Tensor { inverseDiagonal.map { r * $0 } ?? r }

    var applications = 0
    var r = rhs
    if initialGuess != nil {
        r = rhs - a.apply(x)
        applications += 1
    }
    let target = options.tolerance * rhs.norm(.two)
    var termination = Termination.iterationLimit
    var iterations = 0
    var z = applyPreconditioner(r)
    var p = z
    var rz = dot(r, z)
    if r.norm(.two) <= target {
        termination = .convergedResidual
    } else {
        while iterations < options.maxIterations {
            let ap = a.apply(p)
            applications += 1
            let curvature = dot(p, ap)
            guard curvature.isFinite, ap.isFinite else { termination = .nonFiniteValue; break }
            guard curvature > 0 else { termination = .breakdown; break }
            iterations += 1
            let alpha = rz / curvature
            x.addScaled(p, by: alpha)
            r.addScaled(ap, by: -alpha)
            if r.norm(.two) <= target { termination = .convergedResidual; break }
            z = applyPreconditioner(r)
            let rzNext = dot(r, z)
            p = Tensor.scaledSum(rzNext / rz, p, z)
            rz = rzNext
        }
    }
    // Report the true residual: the recurrence for r drifts from b − Ax in floating point.
    var trueResidual = rhs.norm(.two)
    if iterations > 0 || initialGuess != nil {
        trueResidual = (rhs - a.apply(x)).norm(.two)
        applications += 1
    }
    return LinearSolveResult(solution: x, residual: trueResidual, iterations: iterations,
                             operatorApplications: applications, termination: termination)
}
