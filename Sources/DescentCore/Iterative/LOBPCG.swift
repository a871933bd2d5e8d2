/// The k largest or smallest eigenpairs of a symmetric operator by LOBPCG, the locally optimal
/// block preconditioned conjugate gradient method, with soft locking and an orthonormalized basis.
///
/// A block X of m ≥ k orthonormal Ritz vectors (values θ, in order of preference) is improved each
/// iteration by a Rayleigh–Ritz projection on span[X, W, P]: the residuals R = A·X − X·diag(θ) of
/// the columns not yet converged (soft locking: a converged column stays in X and in the
/// projection but contributes no new direction), preconditioned, W = T·R, and the previous step
/// directions P. The projected matrix G = SᵀAS of S = [X W P] gives G = YΘYᵀ (LAPACK `dsyevd`); the
/// m most wanted columns of Y make the new X = S·Y and the new P = [W P]·Y_{W,P}, the part of the
/// step outside the old X (Knyazev's three-term recurrence, so each iteration minimizes — or
/// maximizes — the trace of the Rayleigh quotient over a 3m-dimensional space at the cost of one
/// block product). With m ≥ multiplicity the block sees every copy of a repeated eigenvalue, so
/// clustered and repeated eigenvalues converge together, at a rate governed by the gap to θ₍ₘ₊₁₎.
///
/// Basis safeguards: W and P are made orthonormal against X and among themselves (two rounds of
/// projection and SVQB), and directions whose part outside the span so far is below 10⁻⁷ (W) or
/// 10⁻⁵ (P) of their length are dropped instead of being divided by a tiny norm, so the projection
/// is a standard symmetric eigenproblem even when [X W P] is rank-deficient (which SciPy's
/// Cholesky-based `lobpcg` turns into a failure or a restart). A·X and A·P are carried along by
/// the same combinations (one block product A·W per iteration); when the carried residuals meet
/// the tolerance, and every 20 iterations, X is re-orthonormalized and A·X recomputed with the
/// operator, so convergence is decided on true residuals.
///
/// A pair is converged when ‖A·xᵢ − θᵢ·xᵢ‖ ≤ `tolerance` × the scale, the largest |θ| of any
/// projection and ‖A·w‖ of any unit direction w seen (lower bounds of ‖A‖₂), as in `lanczos`; the run
/// is converged when the k wanted pairs are, and only if the residuals recomputed for the returned
/// pairs also meet the tolerance (otherwise `.stagnation`).
///
/// - Parameters:
///   - a: a symmetric n × n operator (a dense or sparse matrix is checked for symmetry; a
///     `FunctionOperator` is trusted).
///   - k: `count`, the number of eigenpairs (0 ≤ k ≤ n).
///   - which: `.largest` or `.smallest` (LOBPCG optimizes a Rayleigh quotient, so only the ends).
///   - blockSize: m, the block width (default min(n, max(2k, k + 4)): extra columns speed up
///     convergence of clustered eigenvalues); must be at least k (and is capped at n).
///   - preconditioner: T ≈ A⁻¹ (or (A − σI)⁻¹ for σ below the wanted end), symmetric positive
///     definite, n × n, applied to the residual block; nil for none (T = I).
///   - options: tolerance, maximum number of iterations (each one block product), seed of the random
///     start block, memory budget, progress observer (called once per iteration with the largest
///     residual of the wanted pairs).
/// - Returns: k pairs, eigenvalues ascending, with residuals ‖Avᵢ − λᵢvᵢ‖ recomputed with the
///   operator; `iterations` counts LOBPCG iterations and `operatorApplications` products with A
///   (a block product with c columns counts c). `.iterationLimit` with the latest Ritz pairs;
///   `.nonFiniteValue` (a product or a projection overflowed) with the last finite ones; `.breakdown`
///   when no direction outside X is left to search while a wanted pair is not converged;
///   `.stagnation` as above. `possibleMissedMultiplicity` is always false: a block of m ≥ k
///   vectors sees m copies of every eigenvalue, and the k wanted ones hold at most k copies.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite` (dense/sparse data), `.unsupported` if
///   k > n, the matrix is not symmetric, `which` is not an end or the block is narrower than k;
///   `.shapeMismatch` for a preconditioner that is not n × n; `MemoryBudgetError` when the blocks
///   (about 14·n·m + 20·m² doubles) exceed `options.memoryBudget`.
/// - Complexity: per iteration one block product with at most m columns (the unconverged ones),
///   one with T, and O(n·m²) flops of projections (about 30·n·m² for a full block).
/// - Reference: A. V. Knyazev, "Toward the optimal preconditioned eigensolver: locally optimal block
///   preconditioned conjugate gradient method", SIAM J. Sci. Comput. 23, 2001; U. Hetmaniuk &
///   R. Lehoucq, "Basis selection in LOBPCG", J. Comput. Phys. 218, 2006; SciPy's
///   `scipy.sparse.linalg.lobpcg` (soft locking of converged columns).
public func lobpcg(_ a: some LinearOperator, count k: Int, which: EigenvalueSelection = .largest,
                   blockSize: Int? = nil, preconditioner: (any LinearOperator)? = nil,
                   options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "lobpcg"
    let n = try requireEigenpairs(a, count: k, operation)
    guard which.isOneEnd else {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "finds the largest or smallest eigenvalues, not \(which.rawValue)")
    }
    if let blockSize, blockSize < k {
        throw LinearAlgebraError.unsupported(operation: operation, reason: "blockSize \(blockSize) is smaller than the \(k) pairs wanted")
    }
    if let preconditioner {
        guard preconditioner.shape == [n, n] else {
            throw LinearAlgebraError.shapeMismatch(operation: operation + " (preconditioner)", shapes: [a.shape, preconditioner.shape])
        }
        try preconditioner.validate(operation + " (preconditioner)")
    }
    if k == 0 {
        return assembleEigenpairs(a, values: [], vectors: [], iterations: 0, applications: 0,
                                  termination: .convergedResidual, tolerance: 0)
    }
    let m = Swift.min(n, blockSize ?? Swift.max(2 * k, k + 4))
    try options.memoryBudget.requireRoom(forDoubles: 14 * Double(n) * Double(m) + 20 * Double(m) * Double(m),
                                         "LOBPCG blocks of \(m) vectors of length \(n)", operation: operation)
    var generator = SeededGenerator(seed: options.seed)
    var state = LOBPCGState(which: which, wanted: k)
    var termination = Termination.iterationLimit
    // The start: a random orthonormal block and its Rayleigh–Ritz pairs.
    if let failure = state.refresh(a, block: Tensor.randomNormal([n, m], using: &generator)) { termination = failure }
    var iterations = 0
    while termination == .iterationLimit {
        let residuals = state.residuals()
        let norms = (0..<residuals.shape[1]).map { residuals.column($0).norm(.two) }
        guard norms.allSatisfy(\.isFinite) else { termination = .nonFiniteValue; break }
        let target = options.tolerance * state.scale
        let largest = norms.prefix(k).max() ?? 0
        options.report(iterations, residual: largest, target: target)
        if largest <= target && norms.count >= k {
            // Converged on carried products: confirm with the operator before stopping.
            if state.imagesAreFresh { termination = .convergedResidual; break }
            if let failure = state.refresh(a, block: state.x) { termination = failure }
            continue
        }
        guard iterations < options.maxIterations else { break }
        let active = norms.indices.filter { norms[$0] > target }
        var w = state.columns(residuals, active)
        if let preconditioner { w = preconditioner.apply(toColumnsOf: w) }
        switch state.step(a, directions: w, active: active) {
        case .improved: break
        case .nonFinite: termination = .nonFiniteValue
        case .noDirections: termination = .breakdown
        }
        iterations += 1
        // Carried images drift by rounding: recompute them now and then.
        if termination == .iterationLimit && iterations % 20 == 0, let failure = state.refresh(a, block: state.x) {
            termination = failure
        }
    }
    let values = Array(state.theta.prefix(k))
    let vectors = (0..<Swift.min(k, state.x.shape[1])).map { state.x.column($0) }
    return assembleEigenpairs(a, values: values, vectors: vectors, iterations: iterations,
                              applications: state.applications, termination: termination,
                              tolerance: options.tolerance * state.scale)
}

/// The iterate of `lobpcg`: the Ritz block X with values θ (most wanted first), the step block P
/// (one column per column of X, or none), their images under A, and the running scale.
struct LOBPCGState {
    let which: EigenvalueSelection
    let wanted: Int
    /// X, n × m, orthonormal Ritz vectors.
    private(set) var x = Tensor.zeros([0, 0])
    /// A·X (carried, or recomputed when `imagesAreFresh`).
    private(set) var ax = Tensor.zeros([0, 0])
    /// θ, the Ritz values of X's columns.
    private(set) var theta: [Double] = []
    /// P and A·P (nil before the first step).
    private var p: Tensor?
    private var ap: Tensor?
    /// Whether A·X was computed with the operator since X last changed.
    private(set) var imagesAreFresh = false
    /// Products with A so far.
    var applications = 0
    /// The largest |θ| and ‖A·w‖ seen: a lower bound of ‖A‖₂ and the convergence scale.
    private(set) var scale = 0.0

    /// Drops for W (its image is recomputed) and P (its image is carried, so rounding grows like 1/√drop).
    static let directionDrop = 1e-14, stepDrop = 1e-10

    /// What one iteration did.
    enum Outcome { case improved, nonFinite, noDirections }

    init(which: EigenvalueSelection, wanted: Int) {
        self.which = which
        self.wanted = wanted
    }

    /// R = A·X − X·diag(θ).
    func residuals() -> Tensor {
        ax - matmul(x, Tensor.diagonal(theta))
    }

    /// The given columns of a matrix, in that order.
    func columns(_ matrix: Tensor, _ indices: [Int]) -> Tensor {
        Tensor(rows: matrix.shape[0], columns: indices.count) { i, j in matrix[i, indices[j]] }
    }

    /// X ← the Ritz vectors of span(`block`) (orthonormalized), A·X computed with the operator;
    /// unchanged on failure.
    /// - Returns: nil, or why it failed: `.nonFiniteValue` (a product or the projection), `.breakdown`
    ///   (no column of the block is left).
    mutating func refresh(_ a: some LinearOperator, block: Tensor) -> Termination? {
        guard let basis = orthonormalizeBlock(block, dropBelow: Self.directionDrop) else { return .nonFiniteValue }
        guard basis.width > 0 else { return .breakdown }
        let image = a.apply(toColumnsOf: basis.basis)
        applications += basis.width
        guard image.isFinite,
              let eigen = try? ritzDecomposition(matmul(basis.basis, image, transposeA: true)) else { return .nonFiniteValue }
        let values = eigen.eigenvalues.scalars
        let order = which.preferenceOrder(ofAscending: values)
        let rotation = columns(eigen.eigenvectors, order)
        x = matmul(basis.basis, rotation)
        ax = matmul(image, rotation)
        theta = order.map { values[$0] }
        scale = Swift.max(scale, values.map(Swift.abs).max() ?? 0)
        imagesAreFresh = true
        // P stays a valid direction (it is projected against the new X next step), with its carried image.
        return nil
    }

    /// One LOBPCG iteration with the (preconditioned) residual directions W of the `active` columns.
    mutating func step(_ a: some LinearOperator, directions: Tensor, active: [Int]) -> Outcome {
        let m = x.shape[1]
        guard let w = orthonormalizeBlock(directions, against: [x], dropBelow: Self.directionDrop) else { return .nonFinite }
        let aw = a.apply(toColumnsOf: w.basis)
        applications += w.width
        guard aw.isFinite else { return .nonFinite }
        for j in 0..<w.width { scale = Swift.max(scale, aw.column(j).norm(.two)) }
        // The step directions of the active columns (SciPy keeps only those), against X and W.
        var steps = OrthonormalizedBlock(basis: Tensor.zeros([x.shape[0], 0]), image: Tensor.zeros([x.shape[0], 0]))
        if let p, let ap {
            guard let projected = orthonormalizeBlock(columns(p, active), image: columns(ap, active), against: [x, w.basis],
                                                      againstImages: [ax, aw], dropBelow: Self.stepDrop) else { return .nonFinite }
            steps = projected
        }
        let (widthW, widthP) = (w.width, steps.width)
        guard widthW + widthP > 0 else { return .noDirections }
        // G = SᵀAS by blocks of S = [X W P]: the upper blocks computed, the lower ones their transposes.
        let blocks = [x, w.basis, steps.basis], images = [ax, aw, steps.image!]
        let widths = [m, widthW, widthP], offsets = [0, m, m + widthW]
        let size = m + widthW + widthP
        var g = [Double](repeating: 0, count: size * size)
        for i in 0..<3 where widths[i] > 0 {
            for j in i..<3 where widths[j] > 0 {
                let block = matmul(blocks[i], images[j], transposeA: true)
                for r in 0..<widths[i] {
                    for c in 0..<widths[j] {
                        g[(offsets[i] + r) * size + offsets[j] + c] = block[r, c]
                        if i != j { g[(offsets[j] + c) * size + offsets[i] + r] = block[r, c] }
                    }
                }
            }
        }
        guard let eigen = try? ritzDecomposition(Tensor(shape: [size, size], scalars: g)) else { return .nonFinite }
        let values = eigen.eigenvalues.scalars
        scale = Swift.max(scale, values.map(Swift.abs).max() ?? 0)
        let order = Array(which.preferenceOrder(ofAscending: values).prefix(m))
        let y = columns(eigen.eigenvectors, order)
        let yx = y.slice(rows: 0..<m), yw = y.slice(rows: m..<(m + widthW)), yp = y.slice(rows: (m + widthW)..<size)
        var newP = matmul(w.basis, yw), newAP = matmul(aw, yw)
        if widthP > 0 {
            newP = newP + matmul(steps.basis, yp)
            newAP = newAP + matmul(steps.image!, yp)
        }
        x = matmul(x, yx) + newP
        ax = matmul(ax, yx) + newAP
        p = newP
        ap = newAP
        theta = order.map { values[$0] }
        imagesAreFresh = false
        return .improved
    }
}
