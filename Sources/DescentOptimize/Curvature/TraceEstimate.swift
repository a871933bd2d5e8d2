import DescentCore

/// A Monte Carlo estimate of tr(A) by Hutchinson's method, with its standard error.
public struct TraceEstimate: Sendable, Hashable {
    /// The estimate t̂ = (1/m) Σᵢ zᵢᵀA zᵢ.
    public var estimate: Double
    /// The standard error s/√m of the estimate, with s the sample standard deviation of the m values
    /// zᵢᵀA zᵢ (0 for one probe, where it cannot be estimated).
    public var standardError: Double
    /// The number m of probes.
    public var probes: Int

    /// An estimate from its parts.
    public init(estimate: Double, standardError: Double, probes: Int) {
        self.estimate = estimate
        self.standardError = standardError
        self.probes = probes
    }
}

/// Hutchinson's stochastic trace estimate of a square operator from products with random sign vectors.
///
/// For Rademacher probes z (entries ±1 with probability ½, so E[zzᵀ] = I), E[zᵀAz] = tr(A), and the
/// variance of one sample is 2(‖A‖²_F − Σᵢ Aᵢᵢ²) for symmetric A — the smallest of any i.i.d. probe
/// distribution. The m samples zᵢᵀAzᵢ are averaged; their sample standard deviation over √m is the
/// reported standard error. The probes come from `SeededGenerator(seed:)`, so the estimate is
/// deterministic for a seed. Products go through `apply(toColumnsOf:)` in blocks of 32 probes
/// (one batched sweep per block for a `HessianOperator`).
///
/// - Parameters:
///   - a: a square n × n operator (for a Hessian, `HessianOperator`: exact Hessian-vector products).
///   - probes: m ≥ 1.
///   - seed: the seed of the sign vectors.
/// - Throws: `CurvatureError.countTooSmall` for m < 1; `LinearAlgebraError.notSquare` for a
///   non-square operator.
/// - Complexity: m operator applications and O(mn) extra work.
/// - Reference: M. F. Hutchinson, "A stochastic estimator of the trace of the influence matrix for
///   Laplacian smoothing splines", Comm. Statist. Simul. Comput. 19(2), 1990; H. Avron and S. Toledo,
///   "Randomized algorithms for estimating the trace of an implicit symmetric positive
///   semi-definite matrix", J. ACM 58(2), 2011.
public func hutchinsonTrace(of a: some LinearOperator, probes: Int, seed: UInt64 = 0) throws -> TraceEstimate {
    guard probes >= 1 else { throw CurvatureError.countTooSmall(what: "Hutchinson probes", count: probes, minimum: 1) }
    guard a.shape.count == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.notSquare(operation: "hutchinsonTrace", shape: a.shape)
    }
    let n = a.shape[0]
    var generator = SeededGenerator(seed: seed)
    var samples: [Double] = []
    samples.reserveCapacity(probes)
    let block = 32
    var start = 0
    while start < probes {
        let width = Swift.min(block, probes - start)
        // n × width signs, row-major (probe j is column j).
        var signs = [Double](repeating: 0, count: n * width)
        for j in 0..<width {
            for i in 0..<n { signs[i * width + j] = generator.next() & 1 == 0 ? 1 : -1 }
        }
        let z = Tensor(shape: [n, width], scalars: signs)
        let products = a.apply(toColumnsOf: z).scalars
        for j in 0..<width {
            var sum = 0.0
            for i in 0..<n { sum += signs[i * width + j] * products[i * width + j] }
            samples.append(sum)
        }
        start += width
    }
    let m = Double(probes)
    let mean = samples.reduce(0, +) / m
    let variance = probes > 1 ? samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1) : 0
    return TraceEstimate(estimate: mean, standardError: (variance / m).squareRoot(), probes: probes)
}
