/// An orthonormal basis Q (m × l) whose span approximately contains the range of A, found by
/// randomized subspace iteration.
///
/// Draw a Gaussian n × l test matrix Ω, form Y = A·Ω and Q = orth(Y); then q times:
/// Q ← orth(A·orth(AᵀQ)). Each power iteration sharpens the decay of the singular values seen by
/// the sketch (σⱼ²ᑫ⁺¹), which matters when they decay slowly; re-orthonormalizing between products
/// keeps the small singular directions from being lost to rounding (HMT Algorithm 4.4).
/// With E ≈ ‖A − QQᵀA‖, E ≤ (1 + 9√(l·min(m,n)))·σₖ₊₁ with high probability for l = k + p, p ≥ 2
/// (HMT §1.5, q = 0).
///
/// - Parameters:
///   - a: an m × n operator (needs `applyTransposed` when q > 0).
///   - l: `size`, the number of sample vectors (clamped to min(m, n)).
///   - q: `powerIterations`, q ≥ 0.
///   - seed: seed of Ω.
///   - memoryBudget: the most the sketches may need (default 4 GiB, see `MemoryBudget`).
/// - Returns: Q, m × min(l, m, n) with orthonormal columns.
/// - Throws: `LinearAlgebraError.nonFinite` for a non-finite dense or sparse matrix or sketch;
///   `MemoryBudgetError` when the sketches and their QR factors (3·(m + n)·l doubles) exceed the budget.
/// - Complexity: (2q + 1)·l operator applications, made as 2q + 1 block products
///   (`apply(toColumnsOf:)`, `applyTransposed(toColumnsOf:)`), plus O((m + n)·l²) flops.
/// - Reference: N. Halko, P.-G. Martinsson, J. A. Tropp, "Finding structure with randomness:
///   probabilistic algorithms for constructing approximate matrix decompositions", SIAM Review 53(2),
///   2011, Algorithms 4.1 and 4.4.
public func randomizedRangeFinder(_ a: some LinearOperator, size l: Int, powerIterations q: Int = 2,
                                  seed: UInt64 = 0, memoryBudget: MemoryBudget = .default) throws -> Tensor {
    let operation = "randomizedRangeFinder"
    precondition(l >= 0, "randomizedRangeFinder: size \(l) must be non-negative")
    let (m, n) = (a.shape[0], a.shape[1])
    try requireSketchRoom(rows: m, columns: n, samples: Swift.min(l, m, n), extra: 0, memoryBudget, operation)
    return try randomizedRange(a, size: l, powerIterations: q, seed: seed).basis
}

/// Refuses a sketch whose arrays exceed the budget: Ω or AᵀQ (n × l), Y and Q (m × l), a QR's
/// copy and factor (the larger side × l) — 3·(m + n)·l doubles — plus `extra` doubles.
func requireSketchRoom(rows m: Int, columns n: Int, samples l: Int, extra: Double,
                       _ budget: MemoryBudget, _ operation: String) throws {
    try budget.requireRoom(forDoubles: 3 * (Double(m) + Double(n)) * Double(l) + extra,
                           "sketches of \(l) vectors of lengths \(m) and \(n)", operation: operation)
}

/// The range finder with the number of operator applications it used.
func randomizedRange(_ a: some LinearOperator, size l: Int, powerIterations q: Int,
                     seed: UInt64) throws -> (basis: Tensor, applications: Int) {
    let operation = "randomizedRangeFinder"
    try a.validate(operation)
    precondition(l >= 0 && q >= 0, "randomizedRangeFinder: size \(l) and powerIterations \(q) must be non-negative")
    precondition(q == 0 || a.canApplyTransposed,
                 "randomizedRangeFinder: power iterations need Aᵀ, but \(type(of: a)) of shape \(a.shape) cannot apply its transpose")
    let (m, n) = (a.shape[0], a.shape[1])
    let size = Swift.min(l, m, n)
    var generator = SeededGenerator(seed: seed)
    let omega = Tensor.randomNormal([n, size], using: &generator)
    var y = a.apply(toColumnsOf: omega)
    var applications = size
    try y.requireFinite(operation)
    var basis = try QR(y).q
    for _ in 0..<q {
        let z = try QR(a.applyTransposed(toColumnsOf: basis)).q
        y = a.apply(toColumnsOf: z)
        applications += 2 * size
        try y.requireFinite(operation)
        basis = try QR(y).q
    }
    return (basis, applications)
}

/// A rank-k approximation A ≈ U·diag(σ)·Vᵀ by randomized SVD: sketch the range with
/// `randomizedRangeFinder` (l = k + p samples, q power iterations), project B = QᵀA (l × n, computed
/// as (AᵀQ)ᵀ), take the SVD B = ŨΣVᵀ (through a QR of Bᵀ, so only an l × l matrix meets the dense
/// `SVD`), and set U = QŨ; keep the leading k triplets.
///
/// For an exactly rank-k matrix the result reproduces A to rounding error; in general the error
/// ‖A − UΣVᵀ‖₂ is close to the optimum σₖ₊₁ (Eckart–Young) with high probability.
///
/// - Complexity: (2q + 2)·l operator applications, made as 2q + 2 block products, plus
///   O((m + n)·l²) flops.
/// - Reference: Halko, Martinsson & Tropp, SIAM Review 53(2), 2011, Algorithm 5.1 with 4.4.
public struct RandomizedSVD: Sendable {
    /// U: m × k with orthonormal columns, each with its largest-magnitude entry positive (as `SVD`).
    public let u: Tensor
    /// σ₁ ≥ … ≥ σₖ ≥ 0.
    public let singularValues: Tensor
    /// Vᵀ: k × n with orthonormal rows.
    public let vt: Tensor
    /// Number of products with A or Aᵀ (a block product with l columns counts as l).
    public let operatorApplications: Int

    /// Computes a rank-k randomized SVD.
    ///
    /// - Parameters:
    ///   - a: an m × n operator that can apply its transpose.
    ///   - k: `rank`, 0 ≤ k ≤ min(m, n).
    ///   - p: `oversampling`, p ≥ 0 extra samples (default 10, HMT's recommendation); l = min(k + p, min(m, n)).
    ///   - q: `powerIterations` (default 2; use more for slowly decaying spectra).
    ///   - seed: seed of the Gaussian test matrix.
    ///   - memoryBudget: the most the working arrays may need (default 4 GiB, see `MemoryBudget`).
    /// - Throws: `LinearAlgebraError.nonFinite`; `.unsupported` if k > min(m, n); `MemoryBudgetError`
    ///   when the sketches, the projected factor and the results (4·(m + n)·l + 4·l² doubles for
    ///   l = k + p samples) exceed the budget.
    public init(_ a: some LinearOperator, rank k: Int, oversampling p: Int = 10, powerIterations q: Int = 2,
                seed: UInt64 = 0, memoryBudget: MemoryBudget = .default) throws {
        let operation = "RandomizedSVD"
        let (m, n) = (a.shape[0], a.shape[1])
        guard k >= 0 && k <= Swift.min(m, n) else {
            throw LinearAlgebraError.unsupported(operation: operation,
                                                 reason: "rank \(k) is not between 0 and min(m, n) = \(Swift.min(m, n))")
        }
        precondition(p >= 0, "RandomizedSVD: oversampling \(p) must be non-negative")
        precondition(a.canApplyTransposed, "RandomizedSVD: needs Aᵀ, but \(type(of: a)) of shape \(a.shape) cannot apply its transpose")
        // l = min(k + p, min(m, n)), written so that a huge p cannot overflow (k ≤ min(m, n) here).
        let samples = k + Swift.min(p, Swift.min(m, n) - k)
        // Beyond the sketch: Bᵀ and its QR (n × l), the l × l SVD, U and Vᵀ.
        let l = Double(samples)
        try requireSketchRoom(rows: m, columns: n, samples: samples, extra: (Double(m) + Double(n)) * l + 4 * l * l,
                              memoryBudget, operation)
        let (q, sketchApplications) = try randomizedRange(a, size: samples, powerIterations: q, seed: seed)
        let bt = a.applyTransposed(toColumnsOf: q)   // Bᵀ = (QᵀA)ᵀ = AᵀQ, n × l
        try bt.requireFinite(operation)
        // SVD of the small factor only: Bᵀ = Q₂R₂ (n × l, l × l), R₂ᵀ = ŨΣWᵀ, so B = R₂ᵀQ₂ᵀ = ŨΣ(Q₂W)ᵀ.
        // An l × l SVD plus a tall QR costs O(n·l²) and stays fast for any n.
        let factored = try QR(bt)
        let small = try SVD(factored.r.transposed)
        let kept = Swift.min(k, small.singularValues.count)
        var leftVectors = matmul(q, small.u.slice(columns: 0..<kept))
        var rightVectors = matmul(small.vt.slice(rows: 0..<kept), factored.q, transposeB: true)
        // The same sign convention as `SVD`: each uᵢ has its largest-magnitude entry positive.
        SVD.normalizeSigns(&leftVectors, &rightVectors, k: kept)
        u = leftVectors
        singularValues = Tensor(Array(small.singularValues.scalars.prefix(kept)))
        vt = rightVectors
        operatorApplications = sketchApplications + q.shape[1]
    }

    /// The rank-k matrix U·diag(σ)·Vᵀ.
    public var reconstruction: Tensor {
        matmul(u * singularValues, vt)
    }
}
