/// The operator (A − σI)⁻¹ of shift-invert mode, applied through a sparse LDLᵀ factorization:
/// each product is one solve, and a block of columns is one multi-right-hand-side solve.
struct ShiftInvertOperator: LinearOperator {
    let factorization: SparseCholesky

    var shape: [Int] { [factorization.order, factorization.order] }

    func apply(_ x: Tensor) -> Tensor { factorization.solve(x) }

    func apply(toColumnsOf x: Tensor) -> Tensor { factorization.solve(columnsOf: x) }
}

/// The k eigenpairs of a sparse symmetric matrix A with eigenvalues nearest σ, by thick-restart block
/// Lanczos in shift-invert mode (SciPy's `eigsh(A, k, sigma=σ, which='LM')`).
///
/// The eigenvalues λ of A nearest σ are those with the largest |θ| for θ = 1/(λ − σ), the
/// eigenvalues of (A − σI)⁻¹, whose eigenvectors are A's. So `lanczos` runs on (A − σI)⁻¹ with
/// `which: .largestMagnitude`, applied by solves with a `SparseCholesky` (LDLᵀ) factorization of
/// A − σI made once; the Ritz values are transformed back, λ = σ + 1/θ. Eigenvalues next to σ are
/// far apart in θ (well separated and dominant), so the few smallest or interior eigenvalues of a
/// large sparse matrix, which plain Lanczos reaches only after many products, converge in a few
/// dozen solves.
///
/// The residuals are recomputed with A itself, ‖A·vᵢ − λᵢ·vᵢ‖₂. Each pair is converged on
/// (A − σI)⁻¹ relative to its own Ritz value, ‖(A − σI)⁻¹v − θᵢv‖ ≤ tol·|θᵢ| (ARPACK's test in this
/// mode); since A·v − λ·v = −(A − σI)·r/θ for that residual r, the residual with A is then at most
/// tol·‖A − σI‖₂. So the run counts as converged only when every recomputed residual is within
/// tol·(‖A‖∞ + |σ|) (‖A‖∞, the largest absolute row sum, bounds ‖A‖₂ for a symmetric A), and ends
/// in `.stagnation` otherwise (a pair far from σ, |θᵢ| < 100·ε·max|θ|, cannot be resolved that well).
///
/// - Parameters:
///   - a: a symmetric n × n sparse matrix.
///   - k: the number of eigenpairs wanted (0 ≤ k ≤ n).
///   - sigma: the shift σ; it must not be an eigenvalue of A (A − σI must be non-singular).
///   - basisSize: the number of basis vectors kept between restarts, as for
///     `lanczos(_:count:which:basisSize:blockSize:options:)`.
///   - blockSize: the number of vectors per Lanczos block, as there.
///   - options: tolerance and limits, as there; `maxIterations` counts solves.
/// - Returns: k pairs, eigenvalues ascending, with residuals ‖Avᵢ − λᵢvᵢ‖ computed with A;
///   `iterations` and `operatorApplications` count solves with A − σI (plus the one block
///   product with A for the residuals).
/// - Throws: `SparseCholeskyError.singularShift` / `.nearlySingularShift` when σ is an eigenvalue
///   of A (to working precision), `.outOfMemory` when the factor does not fit; `MemoryBudgetError`
///   when the predicted factor exceeds `options.memoryBudget` (checked before it is computed); the errors of
///   `lanczos` (not square, not symmetric, non-finite entries, k > n, memory budget).
/// - Complexity: one sparse factorization of A − σI, then per Lanczos expansion a solve with b
///   right-hand sides (O(b·nnz(L))) and the reorthogonalization of `lanczos`.
/// - Reference: T. Ericsson & A. Ruhe, "The spectral transformation Lanczos method for the numerical
///   solution of large sparse generalized symmetric eigenvalue problems", Math. Comp. 35, 1980;
///   Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., §8.2.
public func lanczos(_ a: SparseMatrix, count k: Int, nearest sigma: Double,
                    basisSize: Int? = nil, blockSize: Int = 2,
                    options: IterativeOptions = IterativeOptions()) throws -> EigenpairsResult {
    let operation = "lanczos (shift-invert)"
    let n = try requireEigenpairs(a, count: k, operation)
    guard sigma.isFinite else {
        throw LinearAlgebraError.nonFinite(operation: operation + " (the shift σ)", index: [], value: sigma)
    }
    if k == 0 {
        return EigenpairsResult(eigenvalues: Tensor.zeros([0]), eigenvectors: Tensor.zeros([n, 0]),
                                residuals: Tensor.zeros([0]), iterations: 0, operatorApplications: 0,
                                termination: .convergedResidual)
    }
    let inverse = ShiftInvertOperator(factorization: try SparseCholesky(a, shift: sigma, memoryBudget: options.memoryBudget))
    let inner = try restartedLanczos(inverse, count: k, which: .largestMagnitude, basisSize: basisSize,
                                     blockSize: blockSize, options: options, relativeToEachValue: true, operation: operation)
    let theta = inner.eigenvalues.scalars
    let values = theta.map { sigma + 1 / $0 }
    let vectors = (0..<theta.count).map { inner.eigenvectors.column($0) }
    let tolerance = options.tolerance * (a.absoluteRowSumNorm + Swift.abs(sigma))
    var result = assembleEigenpairs(a, values: values, vectors: vectors, iterations: inner.iterations,
                                    applications: inner.operatorApplications,
                                    termination: inner.termination, tolerance: tolerance)
    result.possibleMissedMultiplicity = inner.possibleMissedMultiplicity
    return result
}

extension SparseMatrix {
    /// ‖A‖∞ = maxᵢ Σⱼ |aᵢⱼ|, the largest absolute row sum (an upper bound of ‖A‖₂ for symmetric A).
    var absoluteRowSumNorm: Double {
        var largest = 0.0
        for i in 0..<rows {
            var sum = 0.0
            for p in rowOffsets[i]..<rowOffsets[i + 1] { sum += Swift.abs(values[p]) }
            largest = Swift.max(largest, sum)
        }
        return largest
    }
}
