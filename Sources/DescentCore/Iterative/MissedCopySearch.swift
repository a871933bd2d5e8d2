import CLAPACK

/// Single-vector restarted Lanczos made safe against repeated eigenvalues: `lanczos`'s default for
/// `.largest` and `.smallest`.
///
/// A single start vector v₀ has, in exact arithmetic, one direction in each eigenspace (the projection
/// of v₀), so it finds one copy of a repeated eigenvalue and may return a smaller eigenvalue in place
/// of the second copy (ARPACK's `eigsh` does exactly this on a grid Laplacian). After the run has
/// converged to k pairs (V, Θ), the search asks whether the deflated operator
///
///     B = (I − VVᵀ)·A·(I − VVᵀ)
///
/// has an eigenvalue beyond θ_k, the least wanted value returned (above it for `.largest`, below it
/// for `.smallest`): B's eigenvalues are those of A on the complement of V (V's own directions are
/// parked at a value σ on the unwanted side), so such an eigenvalue is a copy, or any eigenvalue,
/// that the run missed. Each round is one single-vector Lanczos run on B for k pairs from a fresh
/// random vector (a new seed), which both answers and acts on the question:
///
/// - its most wanted Ritz values θ′₁, θ′₂, … never overshoot B's eigenvalues, so a θ′ beyond θ_k by
///   more than `separation` is proof of a missed eigenvalue;
/// - it stops when the j Ritz pairs beyond θ_k and the next one (which shows where "beyond" ends)
///   have converged: with j = 0 that is B's extreme pair, converged and not beyond θ_k, which
///   certifies V with the trust any Lanczos run places in its extreme Ritz value; with j > 0 the j
///   pairs (eigenpairs of A up to the tolerance, orthogonal to V) are merged with V, the k most wanted
///   of the union kept, and the next round asks again (a fresh seed sees copies that are repeated
///   within B too), up to `rounds` rounds.
///
/// Costs: on a spectrum without repeats, one run plus one that converges B's extreme eigenvalue
/// λ_{k+1}. On the top six of a 150 × 150 grid Laplacian (eigenvalues in pairs, basis 30): 2185
/// products (912 + 765 + 502, and 6 for the merged pairs' residuals), against 3148 with blocks of 2
/// and 912 for the single run that misses the copies; on small matrices with a large basis, blocks
/// of 2 can be cheaper.
///
/// - Returns: the pairs with residuals recomputed with A; iterations and products count every run.
///   `possibleMissedMultiplicity` is false when the last round found nothing beyond θ_k, true when
///   the rounds or the product budget ran out first.
/// - Reference: the deflated restart is Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed.,
///   §4.2 (Wielandt/Hotelling deflation with an orthogonal projector) applied to the Krylov–Schur run of
///   `restartedLanczos`.
func lanczosSearchingMissedCopies(_ a: some LinearOperator, count k: Int, which: EigenvalueSelection, basisSize: Int?,
                                  options: IterativeOptions, rounds: Int = 4) throws -> EigenpairsResult {
    precondition(which.isOneEnd, "lanczosSearchingMissedCopies: \(which) has no single boundary")
    var result = try restartedLanczos(a, count: k, which: which, basisSize: basisSize, blockSize: 1, options: options,
                                      relativeToEachValue: false)
    let n = a.shape[0]
    guard result.termination == .convergedResidual, k > 0, k < n else { return result }
    let sign = which == .largest ? 1.0 : -1.0   // "beyond" means larger for .largest, smaller for .smallest
    var (iterations, applications, scale) = (result.iterations, result.operatorApplications, result.scale)
    for round in 1...rounds {
        let boundary = sign * (sign * result.eigenvalues).scalars.min()!
        let separation = 10 * options.tolerance * scale + 100 * .ulpOfOne * scale
        // V's directions get a value on the unwanted side, away from the boundary, so that they can
        // neither look like a missed eigenvalue nor crowd the run's extreme: 0 when it is not beyond
        // the boundary (no widening of the spectrum), otherwise one ‖A‖ away from it.
        let parked = sign * (0 - boundary) < -separation ? 0 : boundary - sign * scale
        let deflated = DeflatedOperator(a, removing: result.eigenvectors, value: parked)
        var runOptions = options
        runOptions.seed = options.seed &+ UInt64(round)
        runOptions.maxIterations = options.maxIterations - iterations
        runOptions.progress = options.progress(continuingAfter: iterations)
        guard runOptions.maxIterations > 0 else { break }
        // One single-vector run on B from a fresh seed answers the question and, when the answer is yes,
        // computes the missed pairs: it stops when nothing is beyond the boundary and B's extreme pair
        // has converged (certified), or when the pairs beyond it and the next one, which shows where
        // "beyond" ends, have converged. A Ritz value never overshoots the extreme eigenvalue, so one
        // beyond the boundary is proof that something was missed.
        let run = try restartedLanczos(deflated, count: k, which: which, basisSize: basisSize, blockSize: 1,
                                       options: runOptions, relativeToEachValue: false) { wanted, target in
            let beyond = wanted.prefix { sign * ($0.value - boundary) > separation }.count
            return beyond < wanted.count && wanted.prefix(beyond + 1).allSatisfy { $0.estimate <= target }
        }
        iterations += run.iterations
        applications += run.operatorApplications
        scale = Swift.max(scale, run.scale)
        // The k most wanted of B, most wanted first; each pair beyond the boundary, and the first one
        // that is not, must have converged (the early stop leaves the pairs after them unconverged).
        let order = which.preferenceOrder(ofAscending: run.eigenvalues.scalars)
        let beyond = Array(order.prefix { sign * (run.eigenvalues[$0] - boundary) > separation })
        let decisive = order.prefix(Swift.min(beyond.count + 1, order.count))
        guard run.termination.isConverged || run.termination == .stagnation,
              decisive.allSatisfy({ run.residuals[$0] <= options.tolerance * scale }) else { break }
        guard !beyond.isEmpty else {
            result.possibleMissedMultiplicity = false
            result.iterations = iterations
            result.operatorApplications = applications
            return result
        }
        // B's Ritz vectors are orthogonal to V only to within their residuals (B's Krylov space holds
        // V's directions too, at the parked value), so they are orthonormalized against V before joining.
        // Gram–Schmidt in order (not a rotation of the block, which would mix eigenvectors).
        let union = Tensor(rows: n, columns: k + beyond.count) { i, j in
            j < k ? result.eigenvectors[i, j] : run.eigenvectors[i, beyond[j - k]]
        }
        guard let joined = try? gramSchmidt(union), joined.rank == k + beyond.count else { break }
        let values = result.eigenvalues.scalars + beyond.map { run.eigenvalues[$0] }
        let vectors = (0..<joined.rank).map { joined.basis.column($0) }
        let kept = Array(which.preferenceOrder(ofAscending: values.sorted()).prefix(k))
        let byValue = values.indices.sorted { values[$0] < values[$1] }
        result = assembleEigenpairs(a, values: kept.map { values[byValue[$0]] }, vectors: kept.map { vectors[byValue[$0]] },
                                    iterations: iterations, applications: applications, termination: .convergedResidual,
                                    tolerance: options.tolerance * scale)
        applications = result.operatorApplications
        guard result.termination == .convergedResidual else { return result }
    }
    result.iterations = iterations
    result.operatorApplications = applications
    result.possibleMissedMultiplicity = true
    return result
}

/// B = (I − VVᵀ)·A·(I − VVᵀ) + σ·VVᵀ for V (n × k) with orthonormal columns: A on the complement of
/// V, and σ on V itself. The caller puts σ on the unwanted side of the boundary θ_k, so the directions
/// of V never look "beyond" θ_k (a plain projection would give them 0, which is beyond θ_k when the
/// smallest eigenvalues are positive).
struct DeflatedOperator<Base: LinearOperator>: LinearOperator {
    let base: Base
    /// σ, the eigenvalue B gives the directions of V.
    let value: Double
    /// k, the number of columns of V.
    private let count: Int
    /// Vᵀ as k rows of length n (row-major), so that each product reads every eigenvector contiguously
    /// (the only copy of V the operator keeps).
    private let rows: [Double]

    /// - Parameter removed: V, n × k with orthonormal columns.
    init(_ base: Base, removing removed: Tensor, value: Double) {
        self.base = base
        self.value = value
        count = removed.shape[1]
        rows = removed.transposed.scalars
    }

    var shape: [Int] { base.shape }
    var canApplyTransposed: Bool { true }

    /// With c = Vᵀx and y = A(x − Vc): B·x = y − V(Vᵀy − σc). Four `dgemv` on Vᵀ (k contiguous rows);
    /// this runs once per product of every search round.
    func apply(_ x: Tensor) -> Tensor {
        let (n, k) = (x.count, count)
        var c = [Double](repeating: 0, count: k)
        var projected = x.scalars
        // c = Vᵀx, then x − V·c.
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(k), Int32(n), 1, rows, Int32(n), projected, 1, 0, &c, 1)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), -1, rows, Int32(n), c, 1, 1, &projected, 1)
        var y = base.apply(Tensor(shape: [n], scalars: projected)).scalars
        // d = Vᵀy − σc, then y − V·d.
        var d = c.map { -value * $0 }
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(k), Int32(n), 1, rows, Int32(n), y, 1, 1, &d, 1)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), -1, rows, Int32(n), d, 1, 1, &y, 1)
        return Tensor(shape: [n], scalars: y)
    }

    func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }
}
