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
/// on the complement of V has an eigenvalue beyond θ_k, the least wanted value returned (above it for
/// `.largest`, below it for `.smallest`): B's eigenvalues there are those of A on the complement of V,
/// so such an eigenvalue is a copy, or any eigenvalue, that the run missed. Each round is one
/// single-vector Lanczos run on B for k pairs from a fresh random vector (a new seed) in that
/// complement, which both answers and acts on the question:
///
/// - its most wanted Ritz values θ′₁, θ′₂, … never overshoot B's eigenvalues, so a θ′ beyond θ_k by
///   more than `separation` is proof of a missed eigenvalue;
/// - it stops as soon as `missedPairCount` can say how many of its pairs join V: the first j pairs
///   beyond t_j, the k-th most wanted value of V and the j − 1 pairs before, once they have converged
///   and the next pair shows where "beyond" ends. With j = 0 that is B's extreme pair, converged and
///   not beyond θ_k, which certifies V with the trust any Lanczos run places in its extreme Ritz value;
///   with j > 0 the j pairs (eigenpairs of A up to the tolerance, orthogonal to V) are merged with V,
///   the k most wanted of the union kept, and the next round asks again (a fresh seed sees copies that
///   are repeated within B too), up to `rounds` rounds; since that round certifies, the pair after the
///   j need only have its residual interval clear of t_j. Measuring "beyond" against t_j rather than
///   θ_k spares the round the pairs that the merge pushes out of the k.
///
/// Costs: on a spectrum without repeats, one run plus one that converges B's extreme eigenvalue
/// λ_{k+1}. On the top six of a 150 × 150 grid Laplacian (eigenvalues in pairs, basis 30): 1773
/// products (the merged pairs' residuals take 6), against 2396 with blocks of 2 and 738 for the
/// single run that misses the copies (ARPACK's, which misses them too: 808); on small matrices with a
/// large basis, blocks of 2 can be cheaper.
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
        returnFreedMemory()   // the last run's and merge's temporaries, before this round's basis
        let separation = 10 * options.tolerance * scale + 100 * .ulpOfOne * scale
        let found = result.eigenvalues.scalars
        var runOptions = options
        runOptions.seed = options.seed &+ UInt64(round)
        runOptions.maxIterations = options.maxIterations - iterations
        runOptions.progress = options.progress(continuingAfter: iterations)
        guard runOptions.maxIterations > 0 else { break }
        // The operator keeps V (as Vᵀ) for the run, and the result's copy is rebuilt from it after the
        // run, so that the run's peak memory holds V once.
        let deflated = DeflatedOperator(a, removing: result.eigenvectors)
        result.eigenvectors = Tensor.zeros([n, 0])
        // One single-vector run on B from a fresh seed in V's complement answers the question and, when
        // the answer is yes, computes the missed pairs: it stops as soon as `missedPairCount` can say how
        // many of its pairs join V (none certifies V).
        let run = try restartedLanczos(deflated, count: k, which: which, basisSize: basisSize, blockSize: 1,
                                       options: runOptions, relativeToEachValue: false,
                                       confine: deflated.confine) { wanted, target in
            missedPairCount(wanted, found: found, count: k, sign: sign, separation: separation, tolerance: target) != nil
        }
        result.eigenvectors = deflated.removed
        returnFreedMemory()   // the run's temporaries, before the merge
        iterations += run.iterations
        applications += run.operatorApplications
        scale = Swift.max(scale, run.scale)
        // The same verdict on B's final pairs, most wanted first, with their residuals computed with B.
        let order = which.preferenceOrder(ofAscending: run.eigenvalues.scalars)
        let candidates = order.map { RitzEstimate(value: run.eigenvalues[$0], estimate: run.residuals[$0]) }
        guard run.termination.isConverged || run.termination == .stagnation,
              let joining = missedPairCount(candidates, found: found, count: k, sign: sign, separation: separation,
                                            tolerance: options.tolerance * scale) else { break }
        guard joining > 0 else {
            result.possibleMissedMultiplicity = false
            result.iterations = iterations
            result.operatorApplications = applications
            return result
        }
        // B's Ritz vectors are orthogonal to V to rounding (every product is projected), and each is
        // orthonormalized against V and the ones before it (in order: a rotation of the block would mix
        // eigenvectors) before joining, so that the merged vectors are orthonormal to working precision.
        var joined = OrthonormalBasis(length: n, capacity: joining)
        for index in order.prefix(joining) {
            var x = run.eigenvectors.column(index)
            for _ in 0..<2 {
                deflated.removeComponents(from: &x)
                joined.orthogonalize(&x, always2: false)
            }
            let norm = x.norm(.two)
            guard norm > 0.5 else { break }   // not independent of V: B's pair was one of V's directions
            joined.append(x / norm)
        }
        guard joined.count == joining else { break }
        let values = found + order.prefix(joining).map { run.eigenvalues[$0] }
        let byValue = values.indices.sorted { values[$0] < values[$1] }
        let keptIndices = which.preferenceOrder(ofAscending: byValue.map { values[$0] }).prefix(k).map { byValue[$0] }
        result = assembleEigenpairs(a, values: keptIndices.map { values[$0] },
                                    vectors: keptIndices.map { $0 < k ? result.eigenvectors.column($0) : joined.vector($0 - k) },
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

/// How many of B's most wanted Ritz pairs w₀, w₁, … (most wanted first) belong among A's k most wanted
/// eigenpairs beside V's, or nil while that is undecided.
///
/// With t_j, the k-th most wanted of V's values `found` and w₀ … w_{j−1}, the answer is the first j
/// whose w_j is not beyond t_j (by more than `separation`): w₀ … w_{j−1} then displace V's least
/// wanted values, and w_j shows where "beyond" ends. The j joining pairs must have converged (estimates
/// ≤ `tolerance`), since they join the result. With j = 0 the answer certifies V, so w₀ must have
/// converged too: only a converged extreme Ritz pair carries a Lanczos run's trust that nothing lies
/// beyond it. (A residual interval of w₀ clear of t₀ is not enough: it shows that *some* eigenvalue is
/// near w₀, which on a dense spectrum is true long before the run has resolved its extreme; on the
/// 300 × 300 grid that rule certified the top six at once, copies missing.) With j > 0 the caller runs
/// another round, which certifies or finds what this one left, so w_j need only have its residual
/// interval [w_j − ‖r‖, w_j + ‖r‖] clear of t_j: converging it as well took the first round on the
/// 300 × 300 grid 1515 products instead of 1263, the next round's certificate unchanged. Against t_j
/// rather than the old boundary θ_k, the round need not converge B's pairs that the merge pushes out
/// of the k.
func missedPairCount(_ candidates: [RitzEstimate], found: [Double], count k: Int, sign: Double,
                     separation: Double, tolerance: Double) -> Int? {
    // V's values and the joining ones, most wanted first, as sign·λ (larger is more wanted).
    var kept = found.map { sign * $0 }.sorted(by: >)
    for (j, w) in candidates.enumerated() {
        let boundary = kept[k - 1]
        let s = sign * w.value
        guard s - boundary > separation else {
            let settled = w.estimate <= tolerance || (j > 0 && boundary - (s + w.estimate) > separation)
            return settled ? j : nil
        }
        guard w.estimate <= tolerance else { return nil }
        kept.insert(s, at: kept.firstIndex { $0 < s } ?? kept.count)
    }
    return candidates.count
}

/// B = (I − VVᵀ)·A on the complement of V, for V (n × k) with orthonormal columns that are eigenvectors
/// of A up to a tolerance: there B equals the symmetric (I − VVᵀ)·A·(I − VVᵀ), whose eigenvalues are A's
/// on that complement, and V's own directions are absent (a plain projection on all of ℝⁿ would give
/// them the eigenvalue 0, which is beyond θ_k when the smallest eigenvalues are positive).
///
/// B is meant for vectors orthogonal to V: a Lanczos run on it draws its random vectors through
/// `confine`, and every product B·x is orthogonal to V to rounding, so all its vectors are. For such an
/// x the components along V are O(ε), and B·x differs from the symmetric operator by (I − VVᵀ)(AV − VΘ)·Vᵀx,
/// the pairs' residuals times ε.
struct DeflatedOperator<Base: LinearOperator>: LinearOperator {
    let base: Base
    /// k, the number of columns of V.
    private let count: Int
    /// Vᵀ as k rows of length n (row-major), so that each `dgemv` reads every eigenvector
    /// contiguously (with V's own n × k layout, rows of k = 6 entries, each pass took about twice as long).
    private let rows: [Double]

    /// - Parameter removed: V, n × k with orthonormal columns.
    init(_ base: Base, removing removed: Tensor) {
        self.base = base
        count = removed.shape[1]
        rows = removed.transposed.scalars
    }

    var shape: [Int] { base.shape }
    var canApplyTransposed: Bool { true }

    /// V, n × k, as it was given.
    var removed: Tensor { Tensor(shape: [count, base.shape[0]], scalars: rows).transposed }

    /// With y = A·x: B·x = y − V(Vᵀy), two `dgemv` on Vᵀ per product of every search round. (The form
    /// that projected x first as well, B·x = (I − VVᵀ)A(x − VVᵀx), read Vᵀ four times, which on the
    /// 300 × 300 grid took 10% more time for the same 4060 products; it was needed while the random
    /// start vector was not confined to V's complement.)
    func apply(_ x: Tensor) -> Tensor {
        var y = base.apply(x).scalars
        subtract(coefficients(of: y), from: &y)
        return Tensor(shape: [x.count], scalars: y)
    }

    func applyTransposed(_ x: Tensor) -> Tensor { apply(x) }

    /// x with its components along V removed to rounding (two classical Gram–Schmidt passes: twice is
    /// enough), for the random vectors of a run on B.
    func confine(_ x: inout Tensor) {
        removeComponents(from: &x)
        removeComponents(from: &x)
    }

    /// x − V(Vᵀx): x with its components along V removed (one classical Gram–Schmidt pass).
    func removeComponents(from x: inout Tensor) {
        var scalars = x.scalars
        subtract(coefficients(of: scalars), from: &scalars)
        x = Tensor(shape: x.shape, scalars: scalars)
    }

    /// Vᵀx.
    private func coefficients(of x: [Double]) -> [Double] {
        let (n, k) = (x.count, count)
        var c = [Double](repeating: 0, count: k)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(k), Int32(n), 1, rows, Int32(n), x, 1, 0, &c, 1)
        return c
    }

    /// x − V·c, in place.
    private func subtract(_ c: [Double], from x: inout [Double]) {
        let (n, k) = (x.count, count)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), -1, rows, Int32(n), c, 1, 1, &x, 1)
    }
}
