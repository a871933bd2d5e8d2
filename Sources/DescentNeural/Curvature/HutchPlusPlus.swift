import DescentCore
import DescentOptimize

/// Hutch++: the trace of a symmetric operator from m products, with a low-rank part computed
/// exactly and Hutchinson's estimate only for the rest.
///
/// With s = ⌊m/3⌋ (at least 1) sign matrices S, G (n × s, entries ±1, seeded): Q = orth(A·S) spans
/// the dominant range of A, and
///
///   t̂ = tr(QᵀAQ) + (1/s)·tr(Gᵀ(I − QQᵀ)A(I − QQᵀ)G),
///
/// three blocks of s products. The first term is exact; the second is Hutchinson's estimator of
/// the deflated remainder, whose variance 2‖(I − QQᵀ)A(I − QQᵀ)‖²_F is small when A has a few large
/// eigenvalues — the outliers of a network's Hessian. For positive semi-definite A the relative
/// error is O(1/m) instead of Hutchinson's O(1/√m). The standard error reported is that of the
/// second term (its s samples' standard deviation over √s; 0 for s = 1).
///
/// - Parameters:
///   - a: a symmetric n × n operator (products go through `apply(toColumnsOf:)`).
///   - products: m ≥ 3, the budget of operator applications (3·⌊m/3⌋ are used).
///   - seed: the seed of the sign matrices.
/// - Throws: `CurvatureError.countTooSmall` for m < 3; `LinearAlgebraError.notSquare`, or from the
///   QR factorization when a product is not finite.
/// - Complexity: 3⌊m/3⌋ operator applications and O(n·m²) flops.
/// - Reference: R. A. Meyer, C. Musco, C. Musco & D. P. Woodruff, "Hutch++: Optimal stochastic
///   trace estimation", SOSA 2021, Algorithm 1.
public func hutchPlusPlusTrace(of a: some LinearOperator, products: Int, seed: UInt64 = 0) throws -> TraceEstimate {
    guard products >= 3 else { throw CurvatureError.countTooSmall(what: "Hutch++ products", count: products, minimum: 3) }
    guard a.shape.count == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.notSquare(operation: "hutchPlusPlusTrace", shape: a.shape)
    }
    let n = a.shape[0]
    let s = Swift.min(products / 3, n)
    var generator = SeededGenerator(seed: seed)
    let sketch = rademacherMatrix(rows: n, columns: s, using: &generator)
    let probes = rademacherMatrix(rows: n, columns: s, using: &generator)
    let q = try QR(a.apply(toColumnsOf: sketch)).q
    let exact = matmul(q, a.apply(toColumnsOf: q), transposeA: true).trace
    // (I − QQᵀ)G, then the s samples gᵢᵀ(I − QQᵀ)A(I − QQᵀ)gᵢ.
    let deflated = probes - matmul(q, matmul(q, probes, transposeA: true))
    let image = a.apply(toColumnsOf: deflated)
    let samples = (0..<s).map { j in dot(deflated.column(j), image.column(j)) }
    let mean = samples.reduce(0, +) / Double(s)
    let variance = s > 1 ? samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(s - 1) : 0
    return TraceEstimate(estimate: exact + mean, standardError: (variance / Double(s)).squareRoot(), probes: s)
}

/// An n × k matrix of independent signs ±1 (probability ½ each), row-major.
func rademacherMatrix(rows n: Int, columns k: Int, using generator: inout SeededGenerator) -> Tensor {
    Tensor(shape: [n, k], unsafeUninitialized: { out in
        for i in 0..<(n * k) { out[i] = generator.next() & 1 == 0 ? 1 : -1 }
    })
}
