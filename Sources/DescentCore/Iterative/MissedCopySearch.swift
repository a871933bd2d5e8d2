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
/// for `.smallest`): B's eigenvalues are those of A on the complement of V (with 0 on V), so such an
/// eigenvalue is a copy, or any eigenvalue, that the run missed. A single-vector Lanczos on B from a
/// fresh random vector (a new seed) stops as soon as its most wanted Ritz value θ′ is beyond θ_k by
/// more than `separation` (Ritz values never overshoot the extreme eigenvalue, so this is proof);
/// otherwise it converges to B's extreme pair, with the trust any Lanczos run places in its extreme
/// Ritz value, and compares. When B has
/// something beyond θ_k, its k most wanted pairs are computed (they are eigenpairs of A up to the
/// tolerance, orthogonal to V), merged with V, the k most wanted of the union kept, and the question
/// is asked again, up to `rounds` times.
///
/// Costs: on a spectrum without repeats, one run plus a probe that converges B's extreme eigenvalue
/// λ_{k+1}. On the top six of a 150 × 150 grid Laplacian (eigenvalues in pairs, basis 30): 2337
/// products, against 3148 with blocks of 2 and 912 for the single run that misses the copies; on
/// small matrices with a large basis, blocks of 2 can be cheaper.
///
/// - Returns: the pairs with residuals recomputed with A; iterations and products count every run
///   and probe. `possibleMissedMultiplicity` is false when the last probe found nothing beyond θ_k,
///   true when the rounds or the product budget ran out first.
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
        // neither look like a missed eigenvalue nor crowd the probe's extreme: 0 when it is not beyond
        // the boundary (no widening of the spectrum), otherwise one ‖A‖ away from it.
        let parked = sign * (0 - boundary) < -separation ? 0 : boundary - sign * scale
        let deflated = DeflatedOperator(a, removing: result.eigenvectors, value: parked)
        var probeOptions = options
        probeOptions.seed = options.seed &+ UInt64(round)
        probeOptions.maxIterations = options.maxIterations - iterations
        probeOptions.progress = options.progress(continuingAfter: iterations)
        guard probeOptions.maxIterations > 0 else { break }
        var verdict = 0   // +1: something beyond the boundary; −1: nothing; 0: undecided
        let probe = try restartedLanczos(deflated, count: 1, which: which, basisSize: basisSize, blockSize: 1,
                                         options: probeOptions, relativeToEachValue: false) { value, _ in
            // A Ritz value never overshoots the extreme eigenvalue, so one beyond the boundary is proof.
            if sign * (value - boundary) > separation { verdict = 1 }
            return verdict != 0
        }
        iterations += probe.iterations
        applications += probe.operatorApplications
        if verdict == 0, probe.termination == .convergedResidual, let extreme = probe.eigenvalues.scalars.first {
            verdict = sign * (extreme - boundary) > separation ? 1 : -1
        }
        guard verdict != 0 else { break }
        guard verdict == 1 else {
            result.possibleMissedMultiplicity = false
            result.iterations = iterations
            result.operatorApplications = applications
            return result
        }
        // Something was missed: B's k most wanted pairs join the search, and the union's k most wanted stay.
        probeOptions.maxIterations = options.maxIterations - iterations
        probeOptions.progress = options.progress(continuingAfter: iterations)
        let missed = try restartedLanczos(deflated, count: k, which: which, basisSize: basisSize, blockSize: 1,
                                          options: probeOptions, relativeToEachValue: false)
        iterations += missed.iterations
        applications += missed.operatorApplications
        scale = Swift.max(scale, missed.scale)
        guard missed.termination == .convergedResidual else { break }
        // Only B's pairs beyond the boundary are new (the others cannot enter the k most wanted).
        let beyond = (0..<k).filter { sign * (missed.eigenvalues[$0] - boundary) > separation }
        // B's Ritz vectors are orthogonal to V only to within their residuals (B's Krylov space holds
        // V's directions too, at the parked value), so they are orthonormalized against V before joining.
        // Gram–Schmidt in order (not a rotation of the block, which would mix eigenvectors).
        let union = Tensor(rows: n, columns: k + beyond.count) { i, j in
            j < k ? result.eigenvectors[i, j] : missed.eigenvectors[i, beyond[j - k]]
        }
        guard let joined = try? gramSchmidt(union), joined.rank == k + beyond.count else { break }
        let values = result.eigenvalues.scalars + beyond.map { missed.eigenvalues[$0] }
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
    /// V, n × k.
    let removed: Tensor
    /// σ, the eigenvalue B gives the directions of V.
    let value: Double

    init(_ base: Base, removing removed: Tensor, value: Double) {
        self.base = base
        self.removed = removed
        self.value = value
    }

    var shape: [Int] { base.shape }
    var canApplyTransposed: Bool { true }

    /// With c = Vᵀx and y = A(x − Vc): B·x = y − V(Vᵀy − σc).
    func apply(_ x: Tensor) -> Tensor {
        let n = x.count
        let c = matmul(removed, x.reshaped([n, 1]), transposeA: true)
        let y = base.apply(x - matmul(removed, c).reshaped([n]))
        let d = matmul(removed, y.reshaped([n, 1]), transposeA: true)
        return y - matmul(removed, d - value * c).reshaped([n])
    }

    func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }
}
