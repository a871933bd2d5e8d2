/// How single-vector thick-restart Lanczos decides, product by product, how much reorthogonalization
/// the new vector needs: none, a measurement (one read of the basis), or a full pass (two or more).
///
/// The loss of orthogonality ωᵢⱼ ≈ qᵢᵀqⱼ follows a recurrence of its own (Simon's ω-recurrence). The
/// Krylov–Schur decomposition A·qᵢ = Σₗ Hₗᵢ·qₗ + Cᵢ·q_c (i < c, q_c the front vector) holds up to
/// rounding, and the next vector is β·q_{c+1} = A·q_c − Σₗ Cₗ·qₗ − α·q_c, so for i < c
///
///     β·ω_{i,c+1} = Σₗ Hₗᵢ·ω_{l,c} + Cᵢ − Σₗ Cₗ·ω_{i,l} − α·ω_{i,c} ± ε√n·‖A‖,
///
/// and β·ω_{c,c+1} = −Σₗ Cₗ·ω_{c,l} ± ε√n·‖A‖ (the rounding of one step, added with the sign of the
/// rest so that it never cancels it). Between restarts C has one entry and this is Simon's recurrence;
/// right after a thick restart C is the arrowhead row of the kept Ritz vectors, and the kept block
/// maps to SᵀΩS.
///
/// The rule, with η set by the caller (`restartedLanczos`: the tolerance/100, at most 10⁻⁸, just below
/// √ε ≈ 1.5·10⁻⁸, Simon's semi-orthogonality):
/// - every estimate |ω_{i,c+1}| ≤ η: the new vector is taken as it is (no read of the basis);
/// - otherwise, and at least every `measureEvery` products, after a restart and after a fresh
///   direction: the coefficients Qᵀw are measured (one read), which replace the estimates; if all are at
///   most η·‖w‖ the vector is taken as it is, else it is orthogonalized (classical Gram–Schmidt with
///   the DGKS test) and its ω reset to the rounding level.
///
/// A semi-orthogonal basis keeps the projected matrix H equal, up to O(ε‖A‖), to the projection of A
/// on the basis's span (Simon's theorem), so the Ritz values are as accurate as with full
/// reorthogonalization. The residual estimates ‖C·s‖ rest on the decomposition itself, which a
/// reorthogonalization perturbs by the components it removes along V (about η·β, not recorded in H):
/// hence η well below the tolerance. The Ritz vectors are orthogonal only to about η, and
/// `restartedLanczos` returns them after a Rayleigh–Ritz step that makes them orthonormal. The regular
/// measurements bound how far a wrong estimate can let the loss grow before it is seen (it grows
/// geometrically, towards converged Ritz vectors); a measurement more than 100× above its estimate
/// turns the estimates off for the rest of the run. The recurrence assumes the decomposition holds to
/// rounding, so single-vector runs do not lock converged pairs: locking drops a coupling of the size
/// of the tolerance, which would feed loss of orthogonality towards the locked vector at
/// tolerance/β per product.
///
/// On the top six of a 300 × 300 grid Laplacian (basis 30, tolerance 10⁻⁸, so η = 10⁻¹⁰): 59% of the
/// products need no read of the basis, 37% one, 4% the full pass.
///
/// References: H. D. Simon, "The Lanczos algorithm with partial reorthogonalization", Math. Comp. 42,
/// 1984 (the ω-recurrence); R. M. Larsen, "Lanczos bidiagonalization with partial reorthogonalization",
/// DAIMI PB-357, 1998 (the rounding term); K. Wu & H. Simon, SIAM J. Matrix Anal. Appl. 22, 2000, §3
/// (the thick restart).
struct OrthogonalityEstimates {
    /// Ω, capacity × capacity row-major; entries of indices below the basis's count are current.
    private var omega: [Double]
    private let capacity: Int
    /// ε√n, the size of one step's rounding relative to ‖A‖ (and the level a full pass leaves).
    private let roundingLevel: Double
    /// A running estimate of ‖A‖₂: the largest |α|, β, ‖A·q‖ and coupling seen.
    private var scale = 0.0
    /// Products since the last measurement.
    private var sinceMeasured = 0
    /// Whether the next new vector is measured regardless of the estimates.
    private var measureNext = true
    /// False once a measurement contradicted the estimates: every vector is then measured.
    private var trusted = true

    /// η, the loss of orthogonality accepted in the basis (0: every new vector is orthogonalized).
    let level: Double
    /// The most products between two measurements.
    static let measureEvery = 4

    init(capacity: Int, length n: Int, level: Double) {
        self.capacity = capacity
        self.level = level
        omega = [Double](repeating: 0, count: capacity * capacity)
        roundingLevel = Double.ulpOfOne * Double(Swift.max(n, 1)).squareRoot()
        if capacity > 0 { omega[0] = 1 }
    }

    /// The estimates of qᵢᵀq_{c+1}, i = 0…c, for the remainder of A·q_c (norm `productNorm`) after its
    /// known components were removed: the coupling row `coupling` of the front to V (c entries) and
    /// α = `diagonal`; `h` is the c × c projected matrix, β = `remainderNorm`. Empty when β = 0.
    mutating func estimates(h: [Double], coupling: [Double], active c: Int, diagonal alpha: Double,
                            remainderNorm beta: Double, productNorm: Double) -> [Double] {
        scale = Swift.max(scale, Swift.abs(alpha), beta, productNorm, coupling.reduce(0) { Swift.max($0, Swift.abs($1)) })
        guard beta > 0, c + 1 < capacity else { return [] }
        let nonzero = coupling.indices.filter { coupling[$0] != 0 }
        let rounding = roundingLevel * scale
        var result = [Double](repeating: 0, count: c + 1)
        for i in 0...c {
            var sum = 0.0
            if i < c {
                // (A·qᵢ)ᵀq_c = Σₗ Hₗᵢ·ω_{l,c} + Cᵢ (ω_{c,c} = 1)
                for l in 0..<c { sum += h[l * c + i] * omega[l * capacity + c] }
                sum += coupling[i] - alpha * omega[i * capacity + c]
            }
            for l in nonzero { sum -= coupling[l] * omega[i * capacity + l] }
            result[i] = (sum + (sum < 0 ? -rounding : rounding)) / beta
        }
        return result
    }

    /// Whether the new vector must be measured: estimates missing, above η or not trusted, a forced
    /// measurement, or `measureEvery` products since the last one.
    func needsMeasurement(_ estimates: [Double]) -> Bool {
        !trusted || measureNext || estimates.isEmpty || sinceMeasured + 1 >= Self.measureEvery
            || estimates.contains { Swift.abs($0) > level }
    }

    /// The new vector at index j is taken with its estimates (no measurement).
    mutating func accept(_ estimates: [Double], at j: Int) {
        store(estimates, at: j)
        sinceMeasured += 1
    }

    /// The new vector at index j was measured: `measured` = Qᵀq (relative to its norm) over the vectors
    /// before it, against the estimates made for it; `orthogonalized` when it then got the full pass.
    mutating func measured(_ measured: [Double], estimates: [Double], orthogonalized: Bool, at j: Int) {
        if !estimates.isEmpty && !measureNext {
            let worstEstimate = estimates.reduce(level) { Swift.max($0, Swift.abs($1)) }
            if measured.contains(where: { Swift.abs($0) > 100 * worstEstimate }) { trusted = false }
        }
        if orthogonalized {
            store([Double](repeating: roundingLevel, count: j), at: j)
        } else {
            store(measured, at: j)
        }
        sinceMeasured = 0
        measureNext = false
    }

    /// A fresh random direction at index j, orthogonalized against the whole basis.
    mutating func fresh(at j: Int) {
        store([Double](repeating: roundingLevel, count: j), at: j)
        measureNext = true
    }

    private mutating func store(_ values: [Double], at j: Int) {
        guard j < capacity else { return }
        for (i, value) in values.enumerated() where i < j {
            omega[i * capacity + j] = value
            omega[j * capacity + i] = value
        }
        omega[j * capacity + j] = 1
    }

    /// The thick restart V·S of the first `leading` vectors (S leading × kept, row-major), the
    /// `trailing` front vectors moving down behind the kept ones: Ω ← SᵀΩS on the kept block and SᵀΩ
    /// between kept and front. The next new vector is measured.
    mutating func restart(leading c: Int, combinations s: [Double], kept p: Int, trailing f: Int) {
        guard c + f <= capacity else { return }
        var next = [Double](repeating: 0, count: capacity * capacity)
        var w = [Double](repeating: 0, count: c * p)   // Ω_VV·S
        for i in 0..<c {
            for l in 0..<c where omega[i * capacity + l] != 0 {
                let value = omega[i * capacity + l]
                for j in 0..<p { w[i * p + j] += value * s[l * p + j] }
            }
        }
        for a in 0..<p {
            for b in 0..<p {
                var sum = 0.0
                for i in 0..<c { sum += s[i * p + a] * w[i * p + b] }
                next[a * capacity + b] = a == b ? 1 : sum
            }
        }
        for t in 0..<f {
            let old = c + t, new = p + t
            for a in 0..<p {
                var sum = 0.0
                for i in 0..<c { sum += s[i * p + a] * omega[i * capacity + old] }
                next[a * capacity + new] = sum
                next[new * capacity + a] = sum
            }
            for u in 0..<f { next[new * capacity + p + u] = omega[old * capacity + c + u] }
        }
        omega = next
        measureNext = true
    }
}
