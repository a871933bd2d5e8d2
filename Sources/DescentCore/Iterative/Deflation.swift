/// The k eigenpairs of largest |λ| of a symmetric operator, by power iteration with Hotelling deflation.
///
/// After finding (λ₁, v₁), …, (λⱼ, vⱼ), power iteration runs on the deflated operator
/// Aⱼ = A − Σᵢ≤ⱼ λᵢ·vᵢvᵢᵀ (applied matrix-free: Aⱼx = Ax − Σ λᵢ vᵢ(vᵢᵀx)), whose dominant
/// eigenpair is the next one of A because the vᵢ are orthonormal for symmetric A. Errors in early
/// pairs propagate to later ones, so this is a teaching method; prefer `lanczos` for many pairs.
/// To keep the propagated errors within the tolerance, each power iteration stops at half of it,
/// and the pairs returned are the Rayleigh–Ritz pairs of span{v₁, …, vₖ} (the eigenpairs of the
/// k × k matrix QᵀAQ for an orthonormal basis Q of the span): that removes the components the
/// vᵢ have along each other, which are most of the error deflation passes on.
///
/// - Parameters:
///   - a: a symmetric square operator (a dense or sparse matrix is checked, see
///     `LinearOperator.requireSymmetric`; a `FunctionOperator` is trusted).
///   - k: `count`, the number of pairs (0 ≤ k ≤ n).
///   - options: tolerance (each power iteration uses half of it) and iteration limit for each
///     power iteration (pair j uses seed `seed + j`), the memory budget for the k vectors, a
///     progress observer (iterations counted over all pairs).
/// - Returns: the pairs in ascending eigenvalue order with residuals ‖Avᵢ − λᵢvᵢ‖ computed on A itself;
///   `termination` is the first non-converged status of the power iterations, or `.stagnation` if
///   they all converged on their deflated operators but a residual on A exceeds tolerance·max|λᵢ|
///   (the errors of early pairs, or an operator that is not symmetric), else `.convergedResidual`.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.unsupported` when k > n or the matrix
///   is not symmetric; `MemoryBudgetError` when 5·n·k doubles (the vectors, the basis Q and A·Q,
///   the residual blocks) exceed `options.memoryBudget`.
/// - Complexity: k power iterations, each costing one application of A plus O(n·j) per step (one
///   vector at a time: there is no block to batch), then two block products (A·Q for the
///   Rayleigh–Ritz step when k > 1, and the residuals) and O(n·k²) flops.
/// - Reference: Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., §4.2 (Hotelling
///   and Wielandt deflation); Golub & Van Loan, §7.3.
public func deflatedPowerIteration(_ a: some LinearOperator, count k: Int,
                                   options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "deflatedPowerIteration"
    let n = try requireEigenpairs(a, count: k, operation)
    // The k vectors found, Q and A·Q of the Rayleigh–Ritz step, V and A·V of the residuals.
    try options.memoryBudget.requireRoom(forDoubles: 5 * Double(n) * Double(k) + 6 * Double(n),
                                         "\(k) eigenvectors of length \(n) and their Rayleigh–Ritz and residual blocks",
                                         operation: operation)
    var values: [Double] = []
    var vectors: [Tensor] = []
    var iterations = 0, applications = 0
    var termination = Termination.convergedResidual
    for j in 0..<k {
        let (foundValues, foundVectors) = (values, vectors)
        let deflated = FunctionOperator(symmetric: n) { x in
            var y = a.apply(x)
            for (lambda, v) in zip(foundValues, foundVectors) { y.addScaled(v, by: -lambda * dot(v, x)) }
            return y
        }
        var pairOptions = options
        pairOptions.seed = options.seed &+ UInt64(j)
        pairOptions.tolerance = options.tolerance / 2
        pairOptions.progress = options.progress(continuingAfter: iterations)
        let pair = try powerIteration(deflated, options: pairOptions)
        iterations += pair.iterations
        applications += pair.operatorApplications
        if termination.isConverged && !pair.termination.isConverged { termination = pair.termination }
        values.append(pair.eigenvalue)
        vectors.append(pair.eigenvector)
    }
    // (For one pair the Rayleigh–Ritz value is the Rayleigh quotient power iteration already has.)
    if k > 1 && values.allSatisfy(\.isFinite) && vectors.allSatisfy(\.isFinite) {
        let q = try QR(Tensor.stack(vectors, axis: 1)).q
        let aq = a.apply(toColumnsOf: q)
        applications += k
        if aq.isFinite, let ritz = try ritzDecomposition(matmul(q, aq, transposeA: true)) {
            let combined = matmul(q, ritz.eigenvectors)
            values = ritz.eigenvalues.scalars
            vectors = (0..<k).map { combined.column($0) }
        } else {
            termination = .nonFiniteValue
        }
    }
    let scale = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
    return assembleEigenpairs(a, values: values, vectors: vectors, iterations: iterations,
                              applications: applications, termination: termination,
                              tolerance: options.tolerance * scale)
}

/// Checks the operator for a k-eigenpair problem of a symmetric operator (finite, square,
/// symmetric when it can be inspected, 0 ≤ k ≤ n) and returns its order n.
func requireEigenpairs(_ a: some LinearOperator, count k: Int, _ operation: String) throws -> Int {
    try a.validate(operation)
    try a.requireSquareOperator(operation)
    try a.requireSymmetric(operation)
    let n = a.shape[0]
    guard k >= 0 && k <= n else {
        throw LinearAlgebraError.unsupported(operation: operation,
                                             reason: "asked for \(k) eigenpairs of an operator of order \(n)")
    }
    return n
}

/// Sorts pairs into ascending eigenvalue order, fixes eigenvector signs and computes the true
/// residuals ‖Avᵢ − λᵢvᵢ‖ with one block application of A (counted in `applications`).
///
/// A NaN or infinite eigenvalue or residual makes the termination `.nonFiniteValue` whatever the solver
/// concluded: a relative stopping test against an overflowed scale (∞ ≤ tol·∞) is vacuous, so
/// "converged" must never be reported for a pair that is not a finite answer. Likewise a solver's
/// own convergence (a Ritz estimate, a residual on a deflated operator) becomes `.stagnation` when
/// a residual reported here exceeds `tolerance` (the solver's tol·scale): nothing is called
/// converged beside a printed residual that contradicts it.
func assembleEigenpairs(_ a: some LinearOperator, values: [Double], vectors: [Tensor], images: Tensor? = nil, iterations: Int,
                        applications: Int, termination: Termination, tolerance: Double) -> EigenpairsResult {
    let n = a.shape[0]
    let order = values.indices.sorted { values[$0] < values[$1] }
    let sortedValues = order.map { values[$0] }
    let factors = order.map { vectors[$0].eigenvectorNormalization }
    let sortedVectors = zip(order, factors).map { vectors[$0] * $1 }
    let v = sortedVectors.isEmpty ? Tensor.zeros([n, 0]) : Tensor.stack(sortedVectors, axis: 1)
    var residuals = [Double]()
    if !sortedVectors.isEmpty {
        // A·V: given (the caller already has the images of `vectors`, scaled here as the vectors are),
        // or one block product.
        let av = images.map { given in
            Tensor(rows: n, columns: order.count) { i, j in given[i, order[j]] * factors[j] }
        } ?? a.apply(toColumnsOf: v)
        residuals = (0..<sortedValues.count).map { i in
            var r = av.column(i)
            r.addScaled(sortedVectors[i], by: -sortedValues[i])
            return r.norm(.two)
        }
    }
    let allFinite = sortedValues.allSatisfy(\.isFinite) && residuals.allSatisfy(\.isFinite)
    var outcome = allFinite ? termination : Termination.nonFiniteValue
    if outcome.isConverged && residuals.contains(where: { !($0 <= tolerance) }) { outcome = .stagnation }
    return EigenpairsResult(eigenvalues: Tensor(sortedValues), eigenvectors: v, residuals: Tensor(residuals),
                            iterations: iterations, operatorApplications: applications + (images == nil ? sortedValues.count : 0),
                            termination: outcome)
}
