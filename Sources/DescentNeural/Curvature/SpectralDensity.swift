import DescentCore
import DescentOptimize
import Foundation

/// The spectral density of a symmetric operator by stochastic Lanczos quadrature (PyHessian's
/// "ESD"): a Gaussian-broadened estimate of the eigenvalue distribution φ(t) = (1/n)·Σᵢ δ(t − λᵢ).
///
/// For each of `probes` random unit vectors v (Rademacher signs over √n), m steps of Lanczos with
/// full reorthogonalization give a tridiagonal Tₘ = SΘSᵀ; its eigenvalues θₖ (the nodes) and the
/// squared first components wₖ = S₁ₖ² (the weights, Σₖ wₖ = 1) form the Gauss quadrature rule of
/// the measure μ_v = Σᵢ (vᵀuᵢ)² δ_{λᵢ}, exact for polynomials of degree ≤ 2m − 1:
/// Σₖ wₖ θₖʲ = vᵀAʲv. Since E[vvᵀ] = I/n, averaging over probes estimates φ, and
///
///   φ̂(t) = (1/probes)·Σ_v Σₖ wₖ·𝒩(t; θₖ, σ²),
///
/// a probability density (it integrates to 1). `moment(j)` is (1/probes)·Σ_v Σₖ wₖ θₖʲ, an unbiased
/// estimate of tr(Aʲ)/n (Hutchinson's, with the same probes) for j ≤ 2m − 1.
///
/// Reference: S. Ubaru, J. Chen & Y. Saad, "Fast estimation of tr(f(A)) via stochastic Lanczos
/// quadrature", SIAM J. Matrix Anal. Appl. 38, 2017; Z. Yao, A. Gholami, K. Keutzer & M. Mahoney,
/// "PyHessian: Neural networks through the lens of the Hessian", IEEE BigData 2020; B. Ghorbani,
/// S. Krishnan & Y. Xiao, "An investigation into neural net optimization via Hessian eigenvalue
/// density", ICML 2019.
public struct SpectralDensity: Sendable, Hashable {
    /// The evaluation points t, evenly spaced from min θ − 6σ to max θ + 6σ.
    public let grid: Tensor
    /// φ̂(t) at each grid point.
    public let values: Tensor
    /// The quadrature nodes θₖ of each probe (one array per probe, ascending).
    public let nodes: [[Double]]
    /// The quadrature weights wₖ of each probe (each array sums to 1).
    public let weights: [[Double]]
    /// σ, the standard deviation of the Gaussian kernel.
    public let bandwidth: Double
    /// n, the operator's order.
    public let dimension: Int

    /// (1/probes)·Σ_v Σₖ wₖ θₖʲ, the estimate of tr(Aʲ)/n.
    public func moment(_ j: Int) -> Double {
        precondition(j >= 0, "SpectralDensity.moment: power \(j) must be non-negative")
        var total = 0.0
        for (theta, w) in zip(nodes, weights) {
            for (t, weight) in zip(theta, w) { total += weight * Foundation.pow(t, Double(j)) }
        }
        return total / Double(nodes.count)
    }

    /// The estimate n·moment(j) of tr(Aʲ) with its standard error over the probes.
    public func traceOfPower(_ j: Int) -> TraceEstimate {
        let samples = zip(nodes, weights).map { theta, w in
            Double(dimension) * zip(theta, w).reduce(0) { $0 + $1.1 * Foundation.pow($1.0, Double(j)) }
        }
        let m = Double(samples.count)
        let mean = samples.reduce(0, +) / m
        let variance = samples.count > 1 ? samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (m - 1) : 0
        return TraceEstimate(estimate: mean, standardError: (variance / m).squareRoot(), probes: samples.count)
    }

    /// ∫φ̂ over the grid by the trapezoid rule (1 up to the kernel mass beyond 6σ, below 10⁻⁸).
    public var integral: Double {
        let t = grid.scalars, f = values.scalars
        guard t.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<t.count { total += 0.5 * (f[i] + f[i - 1]) * (t[i] - t[i - 1]) }
        return total
    }
}

/// The spectral density of a symmetric operator by stochastic Lanczos quadrature (see
/// `SpectralDensity`).
/// - Parameters:
///   - a: a symmetric n × n operator.
///   - probes: the number of random start vectors (≥ 1; PyHessian uses 1 to 10).
///   - steps: m, Lanczos steps per probe (≥ 1, capped at n; PyHessian's default is 100); a probe
///     stops early when its Krylov space becomes invariant (β below 10⁻¹²·‖T‖).
///   - gridPoints: the number of grid points (≥ 2).
///   - bandwidth: σ of the Gaussian kernel; `nil` for max(1%, 1.5/gridPoints) of the spread of the
///     nodes (so that the grid resolves each kernel with about one point per σ and the trapezoid
///     integral is 1 to ~10⁻⁸; at least 10⁻⁸ relative to their magnitude, so that a single-point
///     spectrum still has a width).
///   - seed: the seed of the probes.
/// - Throws: `CurvatureError.countTooSmall` for probes, steps or gridPoints below their minimum,
///   `.emptyPoint` for n = 0, `.nonFiniteProduct` for a NaN or ±∞ product;
///   `LinearAlgebraError.notSquare`.
/// - Complexity: probes·m operator applications and O(probes·n·m²) flops of reorthogonalization.
public func stochasticLanczosQuadrature(of a: some LinearOperator, probes: Int = 1, steps: Int = 80, gridPoints: Int = 1000,
                                        bandwidth: Double? = nil, seed: UInt64 = 0) throws -> SpectralDensity {
    guard probes >= 1 else { throw CurvatureError.countTooSmall(what: "SLQ probes", count: probes, minimum: 1) }
    guard steps >= 1 else { throw CurvatureError.countTooSmall(what: "Lanczos steps", count: steps, minimum: 1) }
    guard gridPoints >= 2 else { throw CurvatureError.countTooSmall(what: "grid points", count: gridPoints, minimum: 2) }
    guard a.shape.count == 2, a.shape[0] == a.shape[1] else {
        throw LinearAlgebraError.notSquare(operation: "stochasticLanczosQuadrature", shape: a.shape)
    }
    let n = a.shape[0]
    guard n > 0 else { throw CurvatureError.emptyPoint }
    var generator = SeededGenerator(seed: seed)
    var allNodes: [[Double]] = [], allWeights: [[Double]] = []
    for _ in 0..<probes {
        let start = rademacherMatrix(rows: n, columns: 1, using: &generator).reshaped([n]) / Double(n).squareRoot()
        let rule = try gaussQuadrature(a, start: start, steps: Swift.min(steps, n))
        allNodes.append(rule.nodes)
        allWeights.append(rule.weights)
    }
    let low = allNodes.compactMap(\.first).min()!, high = allNodes.compactMap(\.last).max()!
    let sigma = bandwidth ?? Swift.max(Swift.max(0.01, 1.5 / Double(gridPoints)) * (high - low), 1e-8 * Swift.max(Swift.abs(low), Swift.abs(high), 1))
    precondition(sigma > 0 && sigma.isFinite, "stochasticLanczosQuadrature: bandwidth \(sigma) must be positive and finite")
    let from = low - 6 * sigma, to = high + 6 * sigma
    let spacing = (to - from) / Double(gridPoints - 1)
    let grid = (0..<gridPoints).map { from + Double($0) * spacing }
    let norm = 1 / (Double(probes) * sigma * (2 * Double.pi).squareRoot())
    var values = [Double](repeating: 0, count: gridPoints)
    for (theta, w) in zip(allNodes, allWeights) {
        for (center, weight) in zip(theta, w) {
            for (i, t) in grid.enumerated() {
                let z = (t - center) / sigma
                values[i] += norm * weight * Foundation.exp(-0.5 * z * z)
            }
        }
    }
    return SpectralDensity(grid: Tensor(grid), values: Tensor(values), nodes: allNodes, weights: allWeights,
                           bandwidth: sigma, dimension: n)
}

/// The m-point Gauss quadrature rule of the measure Σᵢ (vᵀuᵢ)² δ_{λᵢ} by m steps of Lanczos from
/// the unit vector v with full reorthogonalization (twice, classical Gram–Schmidt): the
/// eigenvalues of the tridiagonal Tₘ and the squared first components of its eigenvectors.
func gaussQuadrature(_ a: some LinearOperator, start: Tensor, steps m: Int) throws -> (nodes: [Double], weights: [Double]) {
    var basis: [Tensor] = [start]
    var alphas: [Double] = [], betas: [Double] = []
    var scale = 0.0
    for j in 0..<m {
        var w = a.apply(basis[j])
        guard w.isFinite else { throw CurvatureError.nonFiniteProduct }
        let alpha = dot(basis[j], w)
        alphas.append(alpha)
        for _ in 0..<2 {
            for q in basis { w.addScaled(q, by: -dot(q, w)) }
        }
        let beta = w.norm(.two)
        scale = Swift.max(scale, Swift.abs(alpha), beta)
        // An invariant subspace: the rule with j + 1 nodes is already exact.
        guard j + 1 < m, beta > 1e-12 * scale else { break }
        betas.append(beta)
        basis.append(w / beta)
    }
    let k = alphas.count
    var t = Tensor.zeros([k, k])
    for i in 0..<k {
        t[i, i] = alphas[i]
        if i + 1 < k { t[i, i + 1] = betas[i]; t[i + 1, i] = betas[i] }
    }
    let eigen = try SymmetricEigen(t)
    let weights = (0..<k).map { eigen.eigenvectors[0, $0] * eigen.eigenvectors[0, $0] }
    return (eigen.eigenvalues.scalars, weights)
}
