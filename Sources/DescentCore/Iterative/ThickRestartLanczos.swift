import CLAPACK

/// The Ritz pairs of a projected matrix H = SΘSᵀ with their residual estimates.
struct RitzPairs {
    /// θ, ascending.
    var values: [Double]
    /// S, c × c row-major: column i is the coefficient vector sᵢ of the Ritz vector V·sᵢ.
    var vectors: [Double]
    /// ‖C·sᵢ‖ = ‖A·V·sᵢ − θᵢ·V·sᵢ‖ (exact for a symmetric operator, up to rounding).
    var estimates: [Double]

    /// Indices from most to least wanted.
    func order(_ which: EigenvalueSelection) -> [Int] { which.preferenceOrder(ofAscending: values) }
}

/// The state of thick-restart block Lanczos: a block Krylov–Schur decomposition
/// A·V = V·H + F·C of a symmetric operator, held in one `OrthonormalBasis` of at most `basisSize`
/// vectors (the c active vectors V, then the f front vectors F).
///
/// `lanczos(_:count:which:basisSize:blockSize:options:)` drives it: `expand` grows V by the front
/// block, `ritzPairs` diagonalizes H, `restart` shrinks V to the wanted Ritz vectors and locks the
/// converged ones. Reference: Stewart, SIAM J. Matrix Anal. Appl. 23, 2001, §3–4.
struct ThickRestartLanczos {
    /// The operator's order n.
    let n: Int
    /// The most front vectors expanded at once.
    let blockSize: Int
    /// The most vectors the basis may hold.
    let basisSize: Int
    /// V then F.
    private(set) var basis: OrthonormalBasis
    /// c, the number of vectors of V.
    private(set) var active = 0
    /// H = VᵀAV, c × c row-major, symmetric.
    private var h: [Double] = []
    /// C, f × c row-major: A·V − V·H = F·C.
    private var coupling: [Double] = []
    private var generator: SeededGenerator
    /// The loss-of-orthogonality estimates that let single-vector expansions skip reads of the basis.
    private var orthogonality: OrthogonalityEstimates
    /// Projects a random vector onto the subspace the operator is applied on, when that is not all of
    /// ℝⁿ (a deflated operator defined on the complement of the pairs it removed); nil for ℝⁿ.
    private let confine: ((inout Tensor) -> Void)?

    /// What one expansion did.
    enum Outcome {
        /// V grew; `breakdown` when a front column vanished (an invariant subspace) and a random
        /// direction orthogonal to the basis replaced it.
        case expanded(breakdown: Bool)
        /// A product or a projection was NaN or infinite.
        case nonFinite
        /// No random vector orthogonal to the basis could be drawn.
        case noFreshDirection
    }

    /// A random orthonormal start block of min(blockSize, n) vectors.
    /// - Parameters:
    ///   - orthogonality: η, the loss of orthogonality single-vector expansions may leave in the
    ///     basis (see `OrthogonalityEstimates`); 0 orthogonalizes every new vector fully.
    ///   - confine: applied to every random vector (the start block and the replacements after an
    ///     invariant subspace), for an operator defined on a subspace only (`DeflatedOperator`).
    init(n: Int, blockSize: Int, basisSize: Int, seed: UInt64, orthogonality level: Double = 0,
         confine: ((inout Tensor) -> Void)? = nil) {
        self.n = n
        self.confine = confine
        self.blockSize = blockSize
        self.basisSize = basisSize
        basis = OrthonormalBasis(length: n, capacity: basisSize)
        generator = SeededGenerator(seed: seed)
        orthogonality = OrthogonalityEstimates(capacity: blockSize == 1 ? basisSize : 0, length: n, level: level)
        for _ in 0..<Swift.min(blockSize, n) {
            guard let q = freshDirection() else { break }
            basis.append(q)
        }
    }

    /// f, the number of front vectors.
    var front: Int { basis.count - active }

    /// Whether V spans the whole space the operator acts on: ℝⁿ, or the subspace `confine` projects on
    /// once no random vector in it is left orthogonal to the basis. H's eigenpairs are then exact.
    var spansDomain: Bool { active == n || (exhaustedDomain && front == 0) }
    /// Set when `confine` left no random direction orthogonal to the basis.
    private var exhaustedDomain = false

    /// max |Cᵢⱼ|, a lower bound of ‖A‖₂ that enters the convergence scale.
    var largestCoupling: Double { coupling.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// Frees the basis (n·m doubles) once the caller has formed the Ritz vectors it returns, so that
    /// what follows (the final Rayleigh–Ritz step and the residuals) does not add to the peak memory.
    mutating func releaseBasis() {
        basis = OrthonormalBasis(length: n)
        returnFreedMemory()
    }

    /// Whether the next expansion would overflow the basis.
    var needsRestart: Bool { basis.count + Swift.min(blockSize, n - basis.count) > basisSize }

    /// A unit vector orthogonal to the basis, from a random one (nil if three draws vanish, which
    /// happens only when the basis spans ℝⁿ numerically).
    mutating func freshDirection() -> Tensor? {
        for _ in 0..<3 {
            var v = Tensor.randomUnitVector(n, using: &generator)
            confine?(&v)
            basis.orthogonalize(&v)
            let length = v.fastNorm
            // A random unit vector keeps about √((n − count)/n) of its length; far less means the
            // basis already fills (numerically) the space.
            if length > 1e-8 { return v / length }
        }
        return nil
    }

    /// Applies A to the front block (at most `allowed` columns; the rest are dropped) and makes it
    /// part of V: the new columns of H are the projections of A·F on the basis, the next front is
    /// the orthonormalized remainder and its triangular factor the new coupling.
    /// - Returns: the products applied and the outcome.
    mutating func expand(_ a: some LinearOperator, atMost allowed: Int) -> (applications: Int, outcome: Outcome) {
        var f = front
        let c = active
        if f > allowed {
            basis.removeLast(f - allowed)
            coupling.removeLast((f - allowed) * c)
            f = allowed
        }
        let products: [Tensor]
        if f == 1 {
            products = [a.apply(basis.vector(c))]
        } else {
            let x = Tensor(shape: [f, n], scalars: (c..<(c + f)).flatMap { basis.vector($0).scalars }).transposed
            let ax = a.apply(toColumnsOf: x)
            products = (0..<f).map { ax.column($0) }
        }
        guard products.allSatisfy(\.isFinite) else { return (f, .nonFinite) }
        let grown = c + f
        // H grows by the coupling blocks (A·V = V·H + F·C, so FᵀAV = C) and the front's diagonal block FᵀAF.
        var h1 = [Double](repeating: 0, count: grown * grown)
        for i in 0..<c { for j in 0..<c { h1[i * grown + j] = h[i * c + j] } }
        for i in 0..<f {
            for j in 0..<c {
                h1[(c + i) * grown + j] = coupling[i * c + j]
                h1[j * grown + c + i] = coupling[i * c + j]
            }
        }
        let nextFront = Swift.min(f, n - grown)
        var r = [Double](repeating: 0, count: nextFront * grown)
        var diagonal = [Double](repeating: 0, count: f * f)
        var breakdown = false
        // The known components first (see removeKnownComponents), then one full reorthogonalization
        // against V and F for the whole block: what remains is orthogonal to the basis up to rounding,
        // so the DGKS test nearly always accepts a single classical Gram–Schmidt pass (ARPACK projects
        // A·fⱼ on the whole basis at once and then almost always needs two), and for a block both passes
        // read the basis once for all its columns. Single vectors reorthogonalize only as much as the
        // estimated loss of orthogonality asks for (`reorthogonalizeAsNeeded`).
        var remainders = products
        let initialNorms = products.map(\.fastNorm)
        var known = [Double](repeating: 0, count: f * f)
        for j in 0..<f {
            let column = removeKnownComponents(&remainders[j], ofFrontColumn: j, frontCount: f)
            for i in 0..<f { known[i * f + j] = column[i] }
        }
        let corrections: [Double]
        var singleNorm: Double? = nil   // ‖w‖ after a single vector's reorthogonalization
        if f == 1 && blockSize == 1 {
            (corrections, singleNorm) = reorthogonalizeAsNeeded(&remainders[0], productNorm: initialNorms[0], diagonal: known[0])
        } else if f == 1 {
            corrections = basis.orthogonalize(&remainders[0], against: 0..<grown, always2: false)
        } else {
            corrections = basis.orthogonalize(&remainders, against: 0..<grown)
        }
        guard corrections.allSatisfy(\.isFinite) else { return (f, .nonFinite) }
        for j in 0..<f {
            for i in 0..<f { diagonal[i * f + j] = known[i * f + j] + corrections[j * grown + c + i] }
        }
        for j in 0..<f {
            var w = remainders[j]
            let initial = initialNorms[j]
            // Then against the next front vectors accepted so far (the triangular factor). If that
            // removes most of w, rounding relative to the new, shorter w may no longer be orthogonal
            // to V and F, so the DGKS test decides on one more full pass.
            let before = singleNorm ?? w.fastNorm
            var coefficients = basis.orthogonalize(&w, against: grown..<basis.count)
            var remaining = before
            if basis.count > grown {
                remaining = w.fastNorm
                if remaining < before * 0.5.squareRoot() {
                    let again = basis.orthogonalize(&w, always2: false, norm: remaining)
                    for index in coefficients.indices { coefficients[index] += again[index] }
                    remaining = w.fastNorm
                }
            }
            for l in 0..<(basis.count - grown) { r[l * grown + c + j] = coefficients[grown + l] }
            guard remaining.isFinite, coefficients.allSatisfy(\.isFinite) else { return (f, .nonFinite) }
            guard basis.count - grown < nextFront else { continue }   // the basis spans ℝⁿ
            // A remainder at rounding level means A·fⱼ lies in the span: an invariant subspace.
            if remaining > Double(n) * .ulpOfOne * Swift.max(initial, .leastNormalMagnitude) {
                r[(basis.count - grown) * grown + c + j] = remaining
                basis.append(w, dividedBy: remaining)
            } else {
                breakdown = true
                guard let fresh = freshDirection() else {
                    // Within a subspace (a deflated operator), an invariant subspace with no direction
                    // left is all of it: the front ends here, and V's pairs are exact.
                    guard confine != nil else { return (f, .noFreshDirection) }
                    exhaustedDomain = true
                    continue
                }
                basis.append(fresh)
                if blockSize == 1 { orthogonality.fresh(at: basis.count - 1) }
            }
        }
        for i in 0..<f {
            for j in 0..<f { h1[(c + i) * grown + c + j] = (diagonal[i * f + j] + diagonal[j * f + i]) / 2 }
        }
        r.removeLast((nextFront - (basis.count - grown)) * grown)   // front columns a spent subspace could not fill
        h = h1
        coupling = r
        active = grown
        return (f, .expanded(breakdown: breakdown))
    }

    /// The reorthogonalization of a single new vector w (the remainder of A·q_c after its known
    /// components), as `OrthogonalityEstimates` decides: none when the estimated loss of orthogonality
    /// is below η; otherwise one read measures Qᵀw, and w is orthogonalized (classical Gram–Schmidt, a
    /// second pass on the DGKS test) only when a measured coefficient exceeds η·‖w‖. The loss grows only
    /// towards converged Ritz vectors, so most products need no read, or one, instead of two.
    /// - Returns: the coefficients removed (zero when none were), one per basis vector, and ‖w‖ after.
    private mutating func reorthogonalizeAsNeeded(_ w: inout Tensor, productNorm: Double,
                                                  diagonal alpha: Double) -> (coefficients: [Double], norm: Double) {
        let grown = basis.count
        let length = w.fastNorm
        let estimates = orthogonality.estimates(h: h, coupling: coupling, active: active, diagonal: alpha,
                                                remainderNorm: length, productNorm: productNorm)
        guard orthogonality.needsMeasurement(estimates) else {
            orthogonality.accept(estimates, at: grown)
            return ([Double](repeating: 0, count: grown), length)
        }
        let measured = basis.coefficients(of: w, against: 0..<grown)
        let relative = measured.map { length > 0 ? $0 / length : .infinity }
        if length > 0 && relative.allSatisfy({ Swift.abs($0) <= orthogonality.level }) {
            orthogonality.measured(relative, estimates: estimates, orthogonalized: false, at: grown)
            return ([Double](repeating: 0, count: grown), length)
        }
        basis.subtract(measured, of: 0..<grown, from: &w)
        var total = measured
        var after = w.fastNorm
        if after < length * 0.5.squareRoot() {
            let again = basis.orthogonalize(&w, against: 0..<grown, always2: false, norm: after)
            for i in total.indices { total[i] += again[i] }
            after = w.fastNorm
        }
        orthogonality.measured(relative, estimates: estimates, orthogonalized: true, at: grown)
        return (total, after)
    }

    /// Subtracts from w = A·fⱼ its components along V and F that need no full projection: Vᵀ·A·fⱼ is
    /// row j of C (A·V = V·H + F·C and H is symmetric), which is zero outside the few columns coupled
    /// to the front (one between restarts), and FᵀA·fⱼ takes f dot products. The remainder's norm then
    /// measures only what rounding left, which is what the DGKS test of the full pass should see.
    /// - Returns: the f coefficients FᵀA·fⱼ (the column j of the new diagonal block of H, before the
    ///   full pass adds its corrections).
    private func removeKnownComponents(_ w: inout Tensor, ofFrontColumn j: Int, frontCount f: Int) -> [Double] {
        let c = active
        let row = coupling[(j * c)..<((j + 1) * c)]
        if let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) {
            let start = first - j * c, end = last - j * c + 1
            basis.subtract(Array(coupling[first...last]), of: start..<end, from: &w)
        }
        var frontCoefficients = [Double](repeating: 0, count: f)
        for i in 0..<f { frontCoefficients[i] = basis.dot(c + i, w) }
        basis.subtract(frontCoefficients, of: c..<(c + f), from: &w)
        return frontCoefficients
    }

    /// The Ritz pairs of H (LAPACK `dsyevd`); nil if H holds a NaN/∞ or LAPACK fails.
    func ritzPairs() -> RitzPairs? {
        let c = active
        guard c > 0 else { return RitzPairs(values: [], vectors: [], estimates: []) }
        guard h.allSatisfy(\.isFinite) else { return nil }
        var s = h
        var values = [Double](repeating: 0, count: c)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), LAPACKInt(c),
                                  &s, LAPACKInt(c), &values)
        checkArguments(info, "dsyevd")
        guard info == 0 else { return nil }
        let f = front
        let estimates = (0..<c).map { i in
            var sum = 0.0
            for l in 0..<f {
                var entry = 0.0
                for j in 0..<c { entry += coupling[l * c + j] * s[j * c + i] }
                sum += entry * entry
            }
            return sum.squareRoot()
        }
        return RitzPairs(values: values, vectors: s, estimates: estimates)
    }

    /// The thick restart: keeps the p most wanted Ritz pairs, V ← V·S_p, H ← diag(θ_p), C ← C·S_p,
    /// and locks every kept pair whose residual ‖C·sᵢ‖ is at most `lockBelow` by zeroing its column of C.
    ///
    /// p = `keptCount(wanted:converged:room:)`: few beyond the k wanted while none has converged, more as
    /// they converge (ARPACK's `dsaup2` adjusts its kept count the same way).
    /// - Parameter convergedBelow: the convergence target; the k most wanted pairs whose estimate meets
    ///   it count as converged.
    mutating func restart(keeping pairs: RitzPairs, order: [Int], wanted k: Int, convergedBelow target: Double,
                          lockBelow threshold: Double) {
        let c = active
        let f = front
        let room = basisSize - f - blockSize
        let converged = order.prefix(k).filter { pairs.estimates[$0] <= target }.count
        let p = Swift.max(1, Swift.min(c - 1, Self.keptCount(wanted: k, converged: converged, room: room)))
        let kept = Array(order.prefix(p))
        var s = [Double](repeating: 0, count: c * p)
        for (column, index) in kept.enumerated() {
            for row in 0..<c { s[row * p + column] = pairs.vectors[row * c + index] }
        }
        basis.restart(leading: c, combinations: s, kept: p)
        if blockSize == 1 { orthogonality.restart(leading: c, combinations: s, kept: p, trailing: f) }
        var newCoupling = [Double](repeating: 0, count: f * p)
        for l in 0..<f {
            for column in 0..<p {
                var entry = 0.0
                for j in 0..<c { entry += coupling[l * c + j] * s[j * p + column] }
                newCoupling[l * p + column] = entry
            }
        }
        for column in 0..<p {
            let norm = (0..<f).reduce(0.0) { $0 + newCoupling[$1 * p + column] * newCoupling[$1 * p + column] }.squareRoot()
            if norm <= threshold { for l in 0..<f { newCoupling[l * p + column] = 0 } }
        }
        h = [Double](repeating: 0, count: p * p)
        for (i, index) in kept.enumerated() { h[i * p + i] = pairs.values[index] }
        coupling = newCoupling
        active = p
    }

    /// How many Ritz pairs a thick restart keeps, out of `room` (the basis size less two blocks), when
    /// `converged` of the k wanted pairs have converged:
    ///
    ///     p = min(room, k + q + min(converged, (room − k − q)/2)),  q = (room − k)/4.
    ///
    /// Keeping few vectors beyond the k wanted leaves most of the basis for new Krylov directions, which
    /// is what the unconverged pairs need; each converged pair then keeps one more vector (up to half of
    /// what is left), so that the converged ones do not crowd the next-wanted ones out of the kept
    /// space and stall them (ARPACK's `dsaup2` keeps nev + min(nconv, np/2), from nev itself). The
    /// quarter q is measured: a fixed p = (room + k)/2 took 5615 products for the top six of the
    /// 300 × 300 grid Laplacian (basis 30), this rule 4312; from k itself (q = 0) it lost on slowly
    /// converging spectra (the smallest six of a 2000-path Laplacian: 21333 products against 12516).
    static func keptCount(wanted k: Int, converged: Int, room: Int) -> Int {
        let spare = Swift.max(0, room - k)
        let quarter = spare / 4
        return Swift.min(room, k + quarter + Swift.min(converged, (spare - quarter) / 2))
    }
}
