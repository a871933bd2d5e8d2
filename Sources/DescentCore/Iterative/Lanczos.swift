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

    /// Whether the wanted eigenvalues are the k at one end of the spectrum (`.largest`, `.smallest`), so a
    /// single value, the least wanted one returned, separates them from the rest.
    public var isOneEnd: Bool { self == .largest || self == .smallest }

    /// All indices of `values` (sorted ascending), most wanted first: the first k are the k wanted
    /// ones, so keeping a prefix at a thick restart keeps the wanted Ritz pairs and the nearest
    /// unwanted ones.
    func preferenceOrder(ofAscending values: [Double]) -> [Int] {
        let m = values.count
        switch self {
        case .largest: return Array((0..<m).reversed())
        case .smallest: return Array(0..<m)
        case .bothEnds:
            // high, low, high, low, …: a prefix of length k holds ⌈k/2⌉ from the top and ⌊k/2⌋ from the bottom.
            var order: [Int] = []
            var (low, high) = (0, m - 1)
            while low <= high {
                order.append(high)
                high -= 1
                if low <= high { order.append(low); low += 1 }
            }
            return order
        case .largestMagnitude:
            return values.indices.sorted { (Swift.abs(values[$0]), $0) > (Swift.abs(values[$1]), $1) }
        }
    }
}

/// A few eigenpairs of a symmetric operator by thick-restart block Lanczos (Krylov–Schur) with
/// full reorthogonalization and locking, in a basis of at most `basisSize` vectors.
///
/// The method keeps a block Krylov–Schur decomposition A·V = V·H + F·C: V (n × c) and the front
/// block F (n × f, f ≤ `blockSize`) have orthonormal columns together, H = VᵀAV is the c × c
/// projected matrix and C (f × c) couples the front to V. An expansion applies A to F in one
/// block product, orthogonalizes the result against every basis vector (classical Gram–Schmidt,
/// a second pass when the DGKS test asks for it: full reorthogonalization, so no spurious copies)
/// and against itself, which gives the new columns of H and the next front block. The Ritz pairs
/// (θᵢ, V·sᵢ) come from H = SΘSᵀ (LAPACK `dsyevd`); the residual of pair i is exactly
/// ‖A·V·sᵢ − θᵢ·V·sᵢ‖ = ‖C·sᵢ‖, the convergence test (against `tolerance` × the largest |θ| and
/// coupling seen, an estimate of ‖A‖₂). When the basis is full, the thick restart keeps the p most
/// wanted Ritz vectors V·S_p with H = diag(θ_p) and C ← C·S_p (Wu & Simon's thick restart, in
/// Stewart's Krylov–Schur form), so memory stays at `basisSize` vectors; a kept pair whose
/// residual ‖C·sᵢ‖ already meets the tolerance is locked (its column of C is set to zero, a
/// perturbation of A below the tolerance), so later expansions leave it unchanged and only
/// orthogonalize against it.
///
/// Single vectors (block size 1) reorthogonalize selectively instead: an estimate of the basis's loss
/// of orthogonality, carried by Simon's ω-recurrence and checked by a measurement at least every four
/// products, decides whether a new vector needs no read of the basis, one read (a measurement), or the
/// full pass, keeping the basis orthogonal to η = tolerance/100 (at most 10⁻⁸, within Simon's
/// semi-orthogonality √ε, so the Ritz values are as accurate as with full reorthogonalization); they
/// do not lock (see `OrthogonalityEstimates`), and the
/// returned Ritz vectors pass through one Rayleigh–Ritz step (k products) that makes them orthonormal
/// to working precision.
///
/// Repeated eigenvalues. A start block of b random vectors sees up to b independent directions of
/// every eigenspace, so repeated eigenvalues of multiplicity up to b are found in full; when an
/// expansion finds an invariant subspace (a front column vanishes), a random vector orthogonal to
/// the basis replaces it, which finds further copies. With an explicit `blockSize`,
/// `possibleMissedMultiplicity` is set when a returned eigenvalue occurs `blockSize` or more times
/// (with block size 1: twice or more), i.e. when a further copy could have been invisible to the
/// start block. By default (`blockSize` nil) `.largest` and `.smallest` run with single vectors, as
/// ARPACK does, and then search for what a single vector can miss: a Lanczos run on
/// (I − VVᵀ)A(I − VVᵀ) from a fresh random vector tells whether any eigenvalue lies beyond the
/// least wanted one returned, and if so computes the missed pairs, which are merged (see
/// `lanczosSearchingMissedCopies`); `possibleMissedMultiplicity` is then false exactly when the last
/// such run found nothing. `.bothEnds` and `.largestMagnitude` default to blocks of 2.
///
/// The run is converged only if the residuals recomputed with the operator for the returned pairs
/// also meet the tolerance; the estimate ‖C·sᵢ‖ equals the true residual only for a symmetric
/// operator (up to rounding), so a closure that is not symmetric, which cannot be checked up
/// front, ends in `.stagnation` with its true residuals rather than a false convergence.
///
/// - Parameters:
///   - a: a symmetric n × n operator (only products A·X are used, through `apply(toColumnsOf:)`
///     for blocks; a dense or sparse matrix is checked for symmetry, see
///     `LinearOperator.requireSymmetric`; a `FunctionOperator` is trusted).
///   - k: `count`, the number of eigenpairs wanted (0 ≤ k ≤ n).
///   - which: `.largest`, `.smallest`, `.bothEnds` or `.largestMagnitude`.
///   - basisSize: the most basis vectors kept (V and F together), which bounds memory at about
///     n·basisSize doubles; `nil` for max(30, 2k + 2b) (ARPACK's default `ncv` is
///     max(20, 2k + 1); blocks of 2 converge in about half the products with 30 than with 20); capped at n and at `maxIterations` + b. A smaller explicit value must
///     leave room for k pairs and two blocks (basisSize ≥ min(n, k + 2b)).
///   - blockSize: b, the number of vectors expanded together (≥ 1): a larger block finds
///     eigenvalues of higher multiplicity from the start and batches products. `nil` (the default):
///     single vectors and the search for missed copies above for `.largest`/`.smallest`, 2 otherwise.
///   - options: tolerance, maximum number of operator applications in expansions over all
///     restarts (`maxIterations`; a limit below k gives fewer than k pairs, and 0 gives none),
///     seed, memory budget, progress observer (called after each expansion).
/// - Returns: k pairs, eigenvalues ascending, with residuals ‖Avᵢ − λᵢvᵢ‖ recomputed with the operator.
///   On `.iterationLimit` the current Ritz pairs are returned; on `.nonFiniteValue` (a product,
///   a projection or a Ritz value overflowed) those of the last finite step, possibly fewer than k;
///   `.breakdown` if no vector orthogonal to the basis can be drawn; `.stagnation` when the
///   estimates converged but a recomputed residual exceeds tolerance × the scale.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (dense/sparse data), `.unsupported` if
///   k > n, the matrix is not symmetric, b < 1 or the basis is too small; `MemoryBudgetError`
///   when the basis, the restart copy, the blocks and the residual blocks (n·(m + 3b + 3k) + 3m² doubles
///   for a basis of m) exceed `options.memoryBudget`.
/// - Complexity: per expansion one block product with b columns and O(n·m·b) flops of
///   reorthogonalization; per restart O(n·m·p) flops; one final block product for the residuals.
/// - Reference: K. Wu & H. Simon, "Thick-restart Lanczos method for large symmetric eigenvalue
///   problems", SIAM J. Matrix Anal. Appl. 22, 2000; G. W. Stewart, "A Krylov–Schur algorithm for
///   large eigenproblems", SIAM J. Matrix Anal. Appl. 23, 2001; Saad, *Numerical Methods for Large
///   Eigenvalue Problems*, 2nd ed., §6.6–6.8; Golub & Van Loan, *Matrix Computations*, 4th ed., §10.3.
public func lanczos(_ a: some LinearOperator, count k: Int, which: EigenvalueSelection = .largest,
                    basisSize: Int? = nil, blockSize: Int? = nil,
                    options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    if blockSize == nil && which.isOneEnd {
        return try lanczosSearchingMissedCopies(a, count: k, which: which, basisSize: basisSize, options: options)
    }
    return try restartedLanczos(a, count: k, which: which, basisSize: basisSize, blockSize: blockSize ?? 2, options: options,
                                relativeToEachValue: false)
}

/// `lanczos`, with the convergence test of each wanted pair either against tol × the scale (the
/// running estimate of ‖A‖₂) or, `relativeToEachValue`, against tol·|θᵢ| (ARPACK's test, which
/// shift-invert needs: there the residual with A is |1/θᵢ| times the transformed one), floored
/// at 100·ε × the scale, the accuracy a Ritz pair can reach in double precision.
///
/// `decided`, when given, is asked after every expansion about the k most wanted Ritz values and their
/// residual estimates (most wanted first) and the convergence target; true ends the run as converged
/// (a probe that only needs to know on which side of a value the extreme eigenvalue lies, or a search
/// that needs only the pairs beyond a value). The pairs returned are still the k most wanted, so some
/// may not have converged.
///
/// `confine`, when given, projects every random vector the run draws onto the subspace on which `a`
/// is defined (see `ThickRestartLanczos.init`); the run's products then stay in it.
func restartedLanczos(_ a: some LinearOperator, count k: Int, which: EigenvalueSelection, basisSize: Int?,
                      blockSize: Int, options: IterativeOptions, relativeToEachValue: Bool,
                      operation: String = "lanczos", confine: ((inout Tensor) -> Void)? = nil,
                      decided: ((_ wanted: [RitzEstimate], _ target: Double) -> Bool)? = nil) throws -> EigenpairsResult {
    let n = try requireEigenpairs(a, count: k, operation)
    guard blockSize >= 1 else {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "blockSize must be at least 1, got \(blockSize)")
    }
    let b = Swift.min(blockSize, Swift.max(n, 1))
    if let basisSize, basisSize < Swift.min(n, k + 2 * b) {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "basisSize \(basisSize) cannot hold \(k) wanted pairs and two blocks of \(b) vectors: needs at least \(Swift.min(n, k + 2 * b))")
    }
    if k == 0 {
        return EigenpairsResult(eigenvalues: Tensor.zeros([0]), eigenvectors: Tensor.zeros([n, 0]),
                                residuals: Tensor.zeros([0]), iterations: 0, operatorApplications: 0,
                                termination: .convergedResidual)
    }
    let m = Swift.min(n, basisSize ?? Swift.max(30, 2 * k + 2 * b), options.maxIterations + b)
    let (length, size) = (Double(n), Double(m))
    try options.memoryBudget.requireRoom(forDoubles: length * (size + 3 * Double(b) + 3 * Double(k)) + 3 * size * size,
                                         "a Krylov basis of up to \(m) vectors of length \(n)", operation: operation)
    // Single vectors may leave a loss of orthogonality η = tol/100 (at most 10⁻⁸, Simon's √ε): a
    // reorthogonalization removes components of about η·β, which the projected matrix does not record,
    // so the residual estimates stay within 1% of the target. Tests relative to each value (shift-invert)
    // orthogonalize fully.
    let level = relativeToEachValue ? 0 : Swift.min(1e-8, Swift.max(options.tolerance / 100, 10 * .ulpOfOne))
    var solver = ThickRestartLanczos(n: n, blockSize: b, basisSize: m, seed: options.seed, orthogonality: level,
                                     confine: confine)
    var termination = Termination.iterationLimit
    var iterations = 0
    var scale = 0.0
    var sawBreakdown = false
    var ritz = solver.ritzPairs()
    while true {
        let allowed = options.maxIterations - iterations
        guard allowed > 0, solver.front > 0 else {
            if solver.front == 0 && solver.spansDomain { termination = .convergedResidual }
            break
        }
        let step = solver.expand(a, atMost: allowed)
        iterations += step.applications
        switch step.outcome {
        case .nonFinite: termination = .nonFiniteValue
        case .noFreshDirection: termination = .breakdown
        case .expanded(let breakdown):
            guard let pairs = solver.ritzPairs(), pairs.values.allSatisfy(\.isFinite) else {
                termination = .nonFiniteValue
                break
            }
            ritz = pairs
            scale = Swift.max(scale, Swift.abs(pairs.values.first!), Swift.abs(pairs.values.last!), solver.largestCoupling)
            let wanted = Array(which.preferenceOrder(ofAscending: pairs.values).prefix(k))
            let floor = 100 * .ulpOfOne * scale
            let target = relativeToEachValue
                ? wanted.reduce(options.tolerance * scale) { Swift.min($0, Swift.max(options.tolerance * Swift.abs(pairs.values[$1]), floor)) }
                : options.tolerance * scale
            let largestEstimate = wanted.reduce(0) { Swift.max($0, pairs.estimates[$1]) }
            options.report(iterations, residual: largestEstimate, target: target)
            // After an invariant subspace only a second, randomly restarted one is trusted to have
            // seen the wanted end (the first may have missed directions absent from the start block).
            let trusted = !breakdown || sawBreakdown || solver.spansDomain
            if breakdown { sawBreakdown = true }
            if let decided, trusted,
               decided(wanted.map { RitzEstimate(value: pairs.values[$0], estimate: pairs.estimates[$0]) }, target) {
                termination = .convergedResidual
            } else if wanted.count == k && largestEstimate <= target && trusted {
                termination = .convergedResidual
            } else if iterations < options.maxIterations && solver.needsRestart {
                // Single vectors with orthogonality estimates do not lock: the estimates need the exact
                // decomposition.
                solver.restart(keeping: pairs, order: which.preferenceOrder(ofAscending: pairs.values), wanted: k,
                               convergedBelow: target, lockBelow: b == 1 && level > 0 ? 0 : target)
                ritz = solver.ritzPairs()
            }
        }
        if termination != .iterationLimit { break }
    }
    // The returned pairs: the most wanted Ritz pairs of the last finite projected matrix.
    guard let final = ritz, !final.values.isEmpty else {
        return assembleEigenpairs(a, values: [], vectors: [], iterations: iterations, applications: iterations,
                                  termination: termination, tolerance: options.tolerance * scale)
    }
    let selected = Array(final.order(which).prefix(k))
    let c = final.values.count
    var coefficients = [Double](repeating: 0, count: c * selected.count)
    for (column, index) in selected.enumerated() {
        for row in 0..<c { coefficients[row * selected.count + column] = final.vectors[row * c + index] }
    }
    returnFreedMemory()   // the expansions' temporaries, before the Ritz vectors are formed
    var v = solver.basis.combination(leading: c, coefficients, columns: selected.count)
    solver.releaseBasis()
    var values = selected.map { final.values[$0] }
    var images: Tensor?
    // Single vectors keep the basis orthogonal only to the level η of their orthogonality estimates,
    // and so their Ritz vectors; a Rayleigh–Ritz step on them returns vectors orthonormal to working
    // precision, and its block product A·Q gives the residuals too.
    if b == 1, let refined = refinedRitzPairs(a, v) {
        (values, v, images) = (refined.values, refined.vectors, refined.images)
    }
    var result = assembleEigenpairs(a, values: values, vectors: (0..<selected.count).map { v.column($0) }, images: images,
                                    iterations: iterations, applications: iterations + (images == nil ? 0 : selected.count),
                                    termination: termination, tolerance: options.tolerance * scale)
    result.scale = scale
    result.possibleMissedMultiplicity = possibleMissedMultiplicity(values, blockSize: b,
                                                                   separation: 10 * options.tolerance * scale + 100 * .ulpOfOne * scale)
    return result
}

/// The Rayleigh–Ritz pairs of A on the span of the columns of `v` (n × k): Q = orthonormalized V
/// (Gram–Schmidt with reorthogonalization), QᵀAQ = SΘSᵀ (`ritzDecomposition`), pairs (θᵢ, Q·sᵢ) and their
/// images A·Q·sᵢ, for one block product of k columns. Nil when V is numerically rank-deficient or QᵀAQ
/// is not finite (the caller keeps the pairs it had).
func refinedRitzPairs(_ a: some LinearOperator, _ v: Tensor) -> (values: [Double], vectors: Tensor, images: Tensor)? {
    let k = v.shape[1]
    guard k > 0, let q = try? gramSchmidt(v), q.rank == k else { return nil }
    let aq = a.apply(toColumnsOf: q.basis)
    guard let eigen = try? ritzDecomposition(matmul(q.basis, aq, transposeA: true)) else { return nil }
    return (eigen.eigenvalues.scalars, matmul(q.basis, eigen.eigenvectors), matmul(aq, eigen.eigenvectors))
}

/// A Ritz value and the estimate ‖C·s‖ of its residual, as `restartedLanczos` shows them to `decided`.
struct RitzEstimate {
    var value: Double
    var estimate: Double
}

/// Whether some value occurs `blockSize` or more times (at least twice for block size 1) within
/// `separation` of its neighbours: a block Krylov method sees at most b copies of a repeated
/// eigenvalue from its start block, so a further copy may then have been missed.
func possibleMissedMultiplicity(_ values: [Double], blockSize: Int, separation: Double) -> Bool {
    let sorted = values.sorted()
    var run = 1
    let threshold = Swift.max(blockSize, 2)
    for i in sorted.indices.dropFirst() {
        run = sorted[i] - sorted[i - 1] <= separation ? run + 1 : 1
        if run >= threshold { return true }
    }
    return false
}
