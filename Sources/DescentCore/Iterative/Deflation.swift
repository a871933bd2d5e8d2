/// The k eigenpairs of largest |λ| of a symmetric operator, by power iteration with Hotelling deflation.
///
/// After finding (λ₁, v₁), …, (λⱼ, vⱼ), power iteration runs on the deflated operator
/// Aⱼ = A − Σᵢ≤ⱼ λᵢ·vᵢvᵢᵀ (applied matrix-free: Aⱼx = Ax − Σ λᵢ vᵢ(vᵢᵀx)), whose dominant
/// eigenpair is the next one of A because the vᵢ are orthonormal for symmetric A. Errors in early
/// pairs propagate to later ones, so this is a teaching method; prefer `lanczos` for many pairs.
///
/// - Parameters:
///   - a: a symmetric square operator.
///   - count: k, the number of pairs (0 ≤ k ≤ n).
///   - options: tolerance and iteration limit for each power iteration; pair j uses seed `seed + j`.
/// - Returns: the pairs in ascending eigenvalue order with residuals ‖Avᵢ − λᵢvᵢ‖ computed on A itself;
///   `termination` is `.convergedResidual` only if every power iteration converged, otherwise the first
///   non-converged status.
/// - Throws: `LinearAlgebraError.notSquare`, `.nonFinite`, `.unsupported` when k > n.
/// - Complexity: k power iterations, each costing one application of A plus O(n·j) per step (one
///   vector at a time: there is no block to batch), and one block product for the residuals.
/// - Reference: Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., §4.2 (Hotelling
///   and Wielandt deflation); Golub & Van Loan, §7.3.
public func deflatedPowerIteration(_ a: some LinearOperator, count k: Int,
                                   options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "deflatedPowerIteration"
    let n = try requireEigenpairs(a, count: k, operation)
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
        let pair = try powerIteration(deflated, options: pairOptions)
        iterations += pair.iterations
        applications += pair.operatorApplications
        if termination.isConverged && !pair.termination.isConverged { termination = pair.termination }
        values.append(pair.eigenvalue)
        vectors.append(pair.eigenvector)
    }
    return assembleEigenpairs(a, values: values, vectors: vectors, iterations: iterations,
                              applications: applications, termination: termination)
}

/// Checks the operator for a k-eigenpair problem (finite, square, 0 ≤ k ≤ n) and returns its order n.
func requireEigenpairs(_ a: some LinearOperator, count k: Int, _ operation: String) throws -> Int {
    try a.validate(operation)
    try a.requireSquareOperator(operation)
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
/// "converged" must never be reported for a pair that is not a finite answer.
func assembleEigenpairs(_ a: some LinearOperator, values: [Double], vectors: [Tensor], iterations: Int,
                        applications: Int, termination: Termination) -> EigenpairsResult {
    let n = a.shape[0]
    let order = values.indices.sorted { values[$0] < values[$1] }
    let sortedValues = order.map { values[$0] }
    let sortedVectors = order.map { vectors[$0].normalizedEigenvector() }
    let v = sortedVectors.isEmpty ? Tensor.zeros([n, 0]) : Tensor.stack(sortedVectors, axis: 1)
    var residuals = [Double]()
    if !sortedVectors.isEmpty {
        let av = a.apply(toColumnsOf: v)
        residuals = (0..<sortedValues.count).map { i in
            var r = av.column(i)
            r.addScaled(sortedVectors[i], by: -sortedValues[i])
            return r.norm(.two)
        }
    }
    let allFinite = sortedValues.allSatisfy(\.isFinite) && residuals.allSatisfy(\.isFinite)
    return EigenpairsResult(eigenvalues: Tensor(sortedValues), eigenvectors: v, residuals: Tensor(residuals),
                            iterations: iterations, operatorApplications: applications + sortedValues.count,
                            termination: allFinite ? termination : .nonFiniteValue)
}
