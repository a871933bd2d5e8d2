import CLAPACK

/// Which end of a symmetric spectrum an eigensolver should find (SciPy `eigsh`'s `which`).
public enum EigenvalueSelection: String, Sendable, Hashable, CaseIterable {
    /// The k algebraically largest eigenvalues (`'LA'`).
    case largest
    /// The k algebraically smallest eigenvalues (`'SA'`).
    case smallest
    /// ⌈k/2⌉ largest and ⌊k/2⌋ smallest (`'BE'`).
    case bothEnds
    /// The k eigenvalues of largest magnitude |λ| (`'LM'`).
    case largestMagnitude

    /// Indices (into `values`, sorted ascending) of the k wanted ones.
    func select(_ k: Int, fromAscending values: [Double]) -> [Int] {
        let m = values.count
        let k = Swift.min(k, m)
        switch self {
        case .largest: return Array((m - k)..<m)
        case .smallest: return Array(0..<k)
        case .bothEnds:
            let high = (k + 1) / 2
            return Array(0..<(k - high)) + Array((m - high)..<m)
        case .largestMagnitude:
            let byMagnitude = values.indices.sorted { Swift.abs(values[$0]) > Swift.abs(values[$1]) }
            return Array(byMagnitude.prefix(k)).sorted()
        }
    }
}

/// A few eigenpairs of a symmetric operator by the Lanczos method with full reorthogonalization.
///
/// From a random unit q₁, build an orthonormal basis Qⱼ of the Krylov space span{q₁, Aq₁, …, Aʲ⁻¹q₁}
/// by the three-term recurrence βⱼqⱼ₊₁ = Aqⱼ − αⱼqⱼ − βⱼ₋₁qⱼ₋₁, so that QⱼᵀAQⱼ = Tⱼ is tridiagonal
/// with diagonal α and off-diagonal β. Each new vector is then reorthogonalized against all previous
/// ones (one classical Gram–Schmidt pass, a second when the DGKS test asks for it), which prevents the
/// spurious copies of converged eigenvalues that plague plain Lanczos in floating point. The Ritz pairs (θᵢ, Qⱼsᵢ) from Tⱼ = SΘSᵀ (LAPACK `dstevd`)
/// approximate eigenpairs; their residual is exactly ‖AQⱼsᵢ − θᵢQⱼsᵢ‖ = βⱼ·|eⱼᵀsᵢ|, which is the
/// convergence test (against `tolerance` × the largest |θ| seen). If β vanishes, the Krylov space is
/// invariant; the method continues from a fresh random vector orthogonal to it, which also lets it
/// find further copies of repeated eigenvalues. A single Krylov space holds only one vector of a
/// repeated eigenvalue, so (as with ARPACK) multiplicities beyond one may be missed unless such a
/// restart happens.
///
/// The run is converged only if the residuals recomputed with the operator for the returned pairs
/// also meet the tolerance; the Ritz estimate βⱼ|eⱼᵀsᵢ| equals the true residual only for a
/// symmetric operator (up to rounding), so a closure that is not symmetric, which cannot be
/// checked up front, ends in `.stagnation` with its true residuals rather than a false convergence.
///
/// - Parameters:
///   - a: a symmetric n × n operator (only products A·x are used; a dense or sparse matrix is
///     checked for symmetry, see `LinearOperator.requireSymmetric`; a `FunctionOperator` is trusted).
///   - k: `count`, the number of eigenpairs wanted (0 ≤ k ≤ n).
///   - which: `.largest`, `.smallest`, `.bothEnds` or `.largestMagnitude`.
///   - options: tolerance, maximum Krylov dimension (`maxIterations`, capped at n; never exceeded,
///     so a limit below k gives fewer than k pairs, and 0 gives none), seed, memory budget,
///     progress observer (called at each convergence check).
/// - Returns: k pairs, eigenvalues ascending, with residuals ‖Avᵢ − λᵢvᵢ‖ recomputed with the operator.
///   On `.iterationLimit` the current Ritz pairs are returned; on `.nonFiniteValue` (a Ritz value,
///   αⱼ or βⱼ overflowed) those of the last finite step, possibly fewer than k; `.stagnation` when
///   the Ritz estimates converged but a recomputed residual exceeds tolerance × the scale.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (dense/sparse data), `.unsupported` if
///   k > n or the matrix is not symmetric; `MemoryBudgetError` when the basis and the
///   tridiagonal eigenvectors of the largest Krylov space allowed (n·m + 2·m² doubles for
///   m = min(n, maxIterations)) and the residual blocks (3·n·k) exceed `options.memoryBudget`.
/// - Complexity: j operator applications (one vector per Krylov step: the recurrence leaves no
///   block to batch) and O(n·j²) flops for reorthogonalization after j steps, then one block
///   product (`apply(toColumnsOf:)`) for the k residuals; memory n·j for the basis.
/// - Reference: C. Lanczos, J. Res. NBS 45, 1950; Golub & Van Loan, *Matrix Computations*, 4th ed.,
///   §10.1–10.3; Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., §6.6;
///   Parlett, *The Symmetric Eigenvalue Problem*, ch. 13.
public func lanczos(_ a: some LinearOperator, count k: Int, which: EigenvalueSelection = .largest,
                    options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "lanczos"
    let n = try requireEigenpairs(a, count: k, operation)
    if k == 0 {
        return EigenpairsResult(eigenvalues: Tensor.zeros([0]), eigenvectors: Tensor.zeros([n, 0]),
                                residuals: Tensor.zeros([0]), iterations: 0, operatorApplications: 0,
                                termination: .convergedResidual)
    }
    let maxDimension = Swift.min(n, options.maxIterations)
    let (length, dimension) = (Double(n), Double(maxDimension))
    try options.memoryBudget.requireRoom(forDoubles: length * dimension + 2 * dimension * dimension
                                             + 3 * length * Double(k) + 4 * length,
                                         "a Krylov basis of up to \(maxDimension) vectors of length \(n)", operation: operation)
    var generator = SeededGenerator(seed: options.seed)
    var basis = OrthonormalBasis(length: n)
    var alpha: [Double] = [], beta: [Double] = []
    var q = Tensor.randomUnitVector(n, using: &generator)
    var previous = q
    var applications = 0
    var scale = 0.0
    var breakdowns = 0
    var termination = Termination.iterationLimit
    var ritz: (values: [Double], vectors: Tensor, wanted: [Int]) = ([], Tensor.zeros([0, 0]), [])
    var lastCheck = 0

    while basis.count < maxDimension {
        basis.append(q)
        var w = a.apply(q)
        applications += 1
        guard w.isFinite else { termination = .nonFiniteValue; break }
        // The three-term recurrence removes the large components; full reorthogonalization then
        // removes the rounding-level rest, usually in one pass (the DGKS test decides on a second).
        if let last = beta.last, last != 0 { w.addScaled(previous, by: -last) }
        let a0 = dot(q, w)
        w.addScaled(q, by: -a0)
        let corrections = basis.orthogonalize(&w, always2: false)
        let diagonal = a0 + corrections[basis.count - 1]
        let b = w.norm(.two)
        // A·q finite does not make qᵀAq or ‖w‖ finite; with either overflowed, Tⱼ (and every later
        // stopping test against it) is meaningless, so stop with the Ritz pairs of the finite steps.
        guard diagonal.isFinite, b.isFinite else { termination = .nonFiniteValue; break }
        alpha.append(diagonal)
        previous = q
        let j = basis.count
        scale = Swift.max(scale, Swift.abs(alpha.last!), b)
        // β below this is rounding noise: w has left the numerical span of A on the remaining space.
        let invariant = b <= Double(n) * .ulpOfOne * Swift.max(scale, .leastNormalMagnitude)
        let dueForCheck = j >= k && (j - lastCheck >= Swift.max(1, j / 8) || j == maxDimension || invariant)
        if dueForCheck {
            lastCheck = j
            guard let (values, vectors) = tridiagonalEigen(alpha, beta) else { termination = .breakdown; break }
            // Ritz values of a finite Tⱼ can still overflow (|θ| ≤ ‖Tⱼ‖ may exceed the largest double).
            guard values.allSatisfy(\.isFinite) else { termination = .nonFiniteValue; break }
            let wanted = which.select(k, fromAscending: values)
            ritz = (values, vectors, wanted)
            scale = Swift.max(scale, Swift.abs(values.first!), Swift.abs(values.last!))
            let estimate = invariant ? 0 : b
            let largestEstimate = wanted.reduce(0) { Swift.max($0, estimate * Swift.abs(vectors[j - 1, $1])) }
            options.report(j, residual: largestEstimate, target: options.tolerance * scale)
            let converged = largestEstimate <= options.tolerance * scale
            // At a breakdown only a restarted (second) Krylov space is trusted to have seen the
            // wanted end of the spectrum; the first may have missed directions absent from q₁.
            if converged && (!invariant || breakdowns > 0 || j == n) {
                termination = .convergedResidual
                break
            }
        }
        if j == maxDimension {
            if j == n { termination = .convergedResidual }
            break
        }
        if invariant {
            breakdowns += 1
            beta.append(0)
            // Restart from a random direction orthogonal to the invariant subspace found so far.
            var fresh = Tensor.randomUnitVector(n, using: &generator)
            basis.orthogonalize(&fresh)
            let length = fresh.norm(.two)
            guard length > 0 else { termination = .breakdown; break }
            q = fresh / length
        } else {
            beta.append(b)
            q = w / b
        }
    }
    // The loop may end between checks (or on a non-finite product): Ritz pairs of all completed steps.
    let steps = alpha.count
    if ritz.values.count != steps, let (values, vectors) = tridiagonalEigen(alpha, Array(beta.prefix(Swift.max(steps - 1, 0)))) {
        ritz = (values, vectors, which.select(k, fromAscending: values))
    }
    let m = ritz.values.count
    let selected = ritz.wanted
    var eigenvectors: [Tensor] = []
    if m > 0 {
        let s = Tensor(rows: m, columns: selected.count) { i, c in ritz.vectors[i, selected[c]] }
        let basisPrefix = OrthonormalBasis(prefixOf: basis, count: m)
        let v = basisPrefix.combination(s)
        eigenvectors = (0..<selected.count).map { v.column($0) }
    }
    let values = selected.map { ritz.values[$0] }
    return assembleEigenpairs(a, values: values, vectors: eigenvectors, iterations: basis.count,
                              applications: applications, termination: termination,
                              tolerance: options.tolerance * scale)
}

/// Eigenvalues (ascending) and eigenvectors (columns) of the symmetric tridiagonal matrix with
/// diagonal `d` and off-diagonal `e` (LAPACK `dstevd`, divide and conquer); nil if LAPACK fails
/// or an entry is NaN/∞.
func tridiagonalEigen(_ d: [Double], _ e: [Double]) -> (values: [Double], vectors: Tensor)? {
    let m = d.count
    guard m > 0 else { return ([], Tensor.zeros([0, 0])) }
    var values = d
    var offDiagonal = Array(e.prefix(m - 1)) + [0]
    // A user operator can return NaN/∞; LAPACKE would report that as an illegal argument (a trap).
    guard (values + offDiagonal).allSatisfy(\.isFinite) else { return nil }
    var z = [Double](repeating: 0, count: m * m)
    let info = LAPACKE_dstevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), LAPACKInt(m), &values,
                              &offDiagonal, &z, LAPACKInt(m))
    checkArguments(info, "dstevd")
    guard info == 0 else { return nil }
    return (values, Tensor(shape: [m, m], scalars: z))
}

extension OrthonormalBasis {
    /// The first `count` vectors of `other`.
    init(prefixOf other: OrthonormalBasis, count: Int) {
        self.init(length: other.length)
        for i in 0..<count { append(other.vector(i)) }
    }
}
