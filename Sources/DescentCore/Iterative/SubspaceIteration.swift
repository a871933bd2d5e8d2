/// The k eigenpairs of largest |λ| of a symmetric operator by subspace (orthogonal) iteration with
/// Rayleigh–Ritz projection.
///
/// Keep an n × p orthonormal block V (p ≥ k). Each step: W = A·V; H = VᵀW (p × p, symmetric);
/// H = SΘSᵀ (`SymmetricEigen`); Ritz vectors V·S with values Θ, ordered by |θ|; stop when the k
/// leading Ritz residuals ‖A·vᵢ − θᵢvᵢ‖ are at most `tolerance` × the largest |θ| seen;
/// otherwise V ← orth(W·S) (Householder `QR`). Block power iteration converges for eigenvalue i
/// with ratio |λₚ₊₁/λᵢ|, so extra vectors (p > k) speed it up; Rayleigh–Ritz extracts the best
/// approximations from the block at each step.
///
/// - Parameters:
///   - a: a symmetric n × n operator (a dense or sparse matrix is checked, see
///     `LinearOperator.requireSymmetric`; a `FunctionOperator` is trusted).
///   - k: `count`, the number of pairs (0 ≤ k ≤ n).
///   - blockSize: p (default min(n, 2k + 2)); clamped to k…n.
///   - options: tolerance, iteration limit, seed of the random starting block, memory budget,
///     progress observer.
/// - Returns: the k dominant pairs in ascending eigenvalue order with true residuals; on
///   `.iterationLimit` the latest Ritz pairs; on `.nonFiniteValue` (VᵀAV overflowed) those of the
///   previous step (none if it was the first); `.stagnation` if the Ritz residuals met the
///   tolerance but the residuals recomputed for the returned (normalized) pairs do not.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.unsupported` if k > n or the matrix
///   is not symmetric; `MemoryBudgetError` when the blocks (6·n·p + 2·n·k + 3·p² doubles: V, A·V,
///   the Ritz vectors, their images, the QR factors, the residual blocks) exceed `options.memoryBudget`.
/// - Complexity: per step one block product A·V (`apply(toColumnsOf:)`, counted as p operator
///   applications) plus O(n·p²) flops; one more block product for the final residuals. The block
///   product is one GEMM for a dense matrix, one pass over the entries for a sparse one, and one
///   batched reverse sweep per block of columns for a `HessianOperator` (DescentAutodiff; all p
///   columns in one block when the function's intermediate values are small).
/// - Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §8.2.4 (orthogonal iteration) and
///   §8.1.3 (Rayleigh–Ritz); Saad, *Numerical Methods for Large Eigenvalue Problems*, §5.1.
public func subspaceIteration(_ a: some LinearOperator, count k: Int, blockSize: Int? = nil,
                              options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "subspaceIteration"
    let n = try requireEigenpairs(a, count: k, operation)
    let p = Swift.min(n, Swift.max(k, blockSize ?? (2 * k + 2)))
    if k == 0 {
        return assembleEigenpairs(a, values: [], vectors: [], iterations: 0, applications: 0,
                                  termination: .convergedResidual, tolerance: 0)
    }
    let (blockLength, blockWidth) = (Double(n), Double(p))
    try options.memoryBudget.requireRoom(forDoubles: 6 * blockLength * blockWidth + 2 * blockLength * Double(k)
                                             + 3 * blockWidth * blockWidth,
                                         "blocks of \(p) vectors of length \(n)", operation: operation)
    var generator = SeededGenerator(seed: options.seed)
    var v = try QR(Tensor.randomNormal([n, p], using: &generator)).q
    var applications = 0, iterations = 0
    var scale = 0.0
    var termination = Termination.iterationLimit
    var values: [Double] = [], vectors: [Tensor] = []
    while true {
        let w = a.apply(toColumnsOf: v)
        applications += p
        guard w.isFinite else { termination = .nonFiniteValue; break }
        // Entries of VᵀAV, or its eigenvalues, can overflow although A·V did not; that is a
        // numerical outcome, not bad data.
        guard let ritz = try ritzDecomposition(matmul(v, w, transposeA: true)) else { termination = .nonFiniteValue; break }
        let order = (0..<p).sorted { Swift.abs(ritz.eigenvalues.scalars[$0]) > Swift.abs(ritz.eigenvalues.scalars[$1]) }
        let s = Tensor(rows: p, columns: p) { i, c in ritz.eigenvectors[i, order[c]] }
        let theta = order.map { ritz.eigenvalues.scalars[$0] }
        let ritzVectors = matmul(v, s), images = matmul(w, s)
        scale = Swift.max(scale, Swift.abs(theta[0]))
        var worst = 0.0
        for i in 0..<k {
            var r = images.column(i)
            r.addScaled(ritzVectors.column(i), by: -theta[i])
            worst = Swift.max(worst, r.norm(.two))
        }
        values = Array(theta.prefix(k))
        vectors = (0..<k).map { ritzVectors.column($0) }
        options.report(iterations, residual: worst, target: options.tolerance * scale)
        if worst <= options.tolerance * scale {
            termination = .convergedResidual
            break
        }
        if iterations >= options.maxIterations { break }
        iterations += 1
        v = try QR(images).q
    }
    return assembleEigenpairs(a, values: values, vectors: vectors, iterations: iterations,
                              applications: applications, termination: termination,
                              tolerance: options.tolerance * scale)
}

/// The eigendecomposition of a Rayleigh–Ritz matrix H = QᵀAQ (symmetric in exact arithmetic, so
/// symmetrized first, halving before adding so that entries near the largest double cannot
/// overflow), or nil when H has a NaN/∞ entry or its eigenvalues overflow: for the eigensolvers a
/// numerical outcome (`.nonFiniteValue`), not bad data.
/// - Throws: `LinearAlgebraError.didNotConverge` (LAPACK, practically never).
func ritzDecomposition(_ h: Tensor) throws -> SymmetricEigen? {
    guard h.isFinite else { return nil }
    do {
        return try SymmetricEigen(h * 0.5 + h.transposed * 0.5)
    } catch LinearAlgebraError.overflow(_, _) {
        return nil
    }
}
