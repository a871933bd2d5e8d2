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
/// In exact arithmetic it terminates in at most n steps; the A-norm error falls at least like
/// 2((√κ − 1)/(√κ + 1))ᵏ.
///
/// Convergence is decided on the true residual: when the recurrence's ‖rₖ‖ falls to
/// tolerance·‖b‖ (SciPy's `cg` rule), ‖b − Axₖ‖ is computed with the operator, and only if it too
/// is at most tolerance·‖b‖ is the run converged. The two drift apart in floating point, and for
/// b outside the range of a singular positive semi-definite A (a system with no solution) the
/// recurrence can fall to any tolerance while xₖ grows without bound and ‖b − Axₖ‖ cannot fall
/// below the distance from b to the range — SciPy's `cg` then reports success with ‖x‖ ≈ 10¹⁵.
/// Here a gap restarts CG from the true residual (residual replacement); a restart that does not
/// at least halve the true residual of the previous check ends the run with `.stagnation` and
/// the checked iterate of smallest true residual.
///
/// - Parameters:
///   - a: a symmetric positive definite n × n operator (a dense or sparse matrix is checked for
///     symmetry, see `LinearOperator.requireSymmetric`; a `FunctionOperator` is trusted).
///   - b: the right-hand side (length n).
///   - initialGuess: x₀ (default 0).
///   - preconditioner: `.none` or `.jacobi(diagonal)`.
///   - options: tolerance (relative to ‖b‖), iteration limit and progress observer; the seed and
///     memory budget are unused (CG keeps five vectors of length n).
/// - Returns: x, its true residual ‖b − Ax‖, counts, and termination: `.convergedResidual` when
///   ‖b − Ax‖ ≤ tolerance·‖b‖; `.breakdown` if pᵀAp ≤ ε·‖p‖²·‖A‖ (A is not positive definite
///   along p, or so nearly singular along it that pᵀAp is rounding noise; ‖A‖ is estimated by the
///   largest ‖Ap‖/‖p‖ seen), with the iterate before that step; `.stagnation` as above;
///   `.nonFiniteValue` if a product overflowed or was NaN; `.iterationLimit` with the last iterate.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (in A, b or x₀), `.unsupported` for a
///   matrix that is not symmetric or a Jacobi diagonal with a non-positive entry.
/// - Complexity: one operator application and O(n) work per iteration, one more per true-residual check.
/// - Reference: Hestenes & Stiefel, "Methods of conjugate gradients for solving linear systems",
///   J. Res. NBS 49, 1952; Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., Alg. 6.18
///   and 9.1; Golub & Van Loan, §11.3; Kaasschieter, "Preconditioned conjugate gradients for solving
///   singular systems", J. Comput. Appl. Math. 24, 1988 (CG on inconsistent semi-definite systems);
///   van der Vorst & Ye, "Residual replacement strategies for Krylov subspace iterative methods
///   for the convergence of true residuals", SIAM J. Sci. Comput. 22, 2000.
public func conjugateGradient(_ a: some LinearOperator, _ b: Tensor, initialGuess: Tensor? = nil,
                              preconditioner: ConjugateGradientPreconditioner = .none,
                              options: IterativeOptions = IterativeOptions()) throws -> LinearSolveResult {
    let operation = "conjugateGradient"
    try a.validate(operation)
    try a.requireSquareOperator(operation)
    try a.requireSymmetric(operation)
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
    // The last iterate whose true residual was computed, and the best such one (x₀ to begin with).
    var checked = (solution: x, residual: r.norm(.two))
    var best = checked
    var termination = Termination.iterationLimit
    var iterations = 0
    // max ‖Ap‖/‖p‖ seen: a lower bound on ‖A‖₂, the scale of the breakdown test.
    var normEstimate = 0.0
    if checked.residual <= target {
        termination = .convergedResidual
    } else {
        var z = applyPreconditioner(r)
        var p = z
        var rz = dot(r, z)
        while iterations < options.maxIterations {
            let ap = a.apply(p)
            applications += 1
            let curvature = dot(p, ap)
            guard curvature.isFinite, ap.isFinite else { termination = .nonFiniteValue; break }
            let pp = dot(p, p)
            normEstimate = Swift.max(normEstimate, ap.norm(.two) / pp.squareRoot())
            // pᵀAp at the level of the rounding in computing it (ε·‖p‖²·‖A‖) says nothing about its
            // sign: A is singular along p to working precision, and α = rᵀz/pᵀAp would be noise.
            guard curvature > .ulpOfOne * pp * normEstimate else { termination = .breakdown; break }
            iterations += 1
            let alpha = rz / curvature
            x.addScaled(p, by: alpha)
            r.addScaled(ap, by: -alpha)
            let recurrence = r.norm(.two)
            options.report(iterations, residual: recurrence, target: target)
            if recurrence <= target {
                let trueResidual = rhs - a.apply(x)
                applications += 1
                let previous = checked.residual
                checked = (x, trueResidual.norm(.two))
                if checked.residual < best.residual { best = checked }
                guard checked.residual.isFinite else { termination = .nonFiniteValue; break }
                if checked.residual <= target { termination = .convergedResidual; break }
                guard checked.residual <= 0.5 * previous else { termination = .stagnation; break }
                // Residual replacement: go on from the true residual, with a fresh search direction.
                r = trueResidual
                z = applyPreconditioner(r)
                p = z
                rz = dot(r, z)
                continue
            }
            z = applyPreconditioner(r)
            let rzNext = dot(r, z)
            p = Tensor.scaledSum(rzNext / rz, p, z)
            rz = rzNext
        }
    }
    if termination == .stagnation {
        // The best checked iterate, not the last: a stagnating run may have drifted away from it.
        return LinearSolveResult(solution: best.solution, residual: best.residual, iterations: iterations,
                                 operatorApplications: applications, termination: termination)
    }
    // Report the true residual of x: the recurrence's drifts from b − Ax in floating point.
    var trueResidual = checked.residual
    if checked.solution != x {
        trueResidual = (rhs - a.apply(x)).norm(.two)
        applications += 1
    }
    return LinearSolveResult(solution: x, residual: trueResidual, iterations: iterations,
                             operatorApplications: applications, termination: termination)
}
