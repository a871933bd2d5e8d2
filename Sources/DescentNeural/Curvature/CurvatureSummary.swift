import DescentCore
import DescentOptimize

/// The curvature of a trained network in three numbers and a curve: the top eigenvalues, the trace
/// and the spectral density of its Hessian (or another `CurvatureKind`) over a data set — what
/// `descent train --curvature` reports.
public struct CurvatureSummary: Sendable {
    /// Which matrix was analysed.
    public let kind: CurvatureKind
    /// The k largest eigenvalues, descending (thick-restart Lanczos, tolerance 10⁻⁸ relative).
    public let topEigenvalues: [Double]
    /// How the eigensolver ended (`.convergedResidual` when every pair met the tolerance).
    public let eigensolverTermination: Termination
    /// The trace by Hutch++ (exact when 3·P ≤ its product budget).
    public let trace: TraceEstimate
    /// The spectral density by stochastic Lanczos quadrature (`grid`, `values`).
    public let density: SpectralDensity
}

/// The top eigenvalues, trace and spectral density of the curvature of `network` at θ on a data set.
///
/// - Parameters:
///   - network: the network.
///   - theta: its flat parameters θ.
///   - inputs: the data set's rows.
///   - targets: their targets (class indices for cross-entropy).
///   - loss: the loss; the risk is the mean loss over all rows.
///   - k: the number k ≥ 1 of top eigenvalues (k ≤ P).
///   - kind: the matrix (default the Hessian).
///   - batchSize: rows per batch when the risk is summed in batches (`nil`: one batch).
///   - traceProducts: Hutch++'s product budget (default 99).
///   - densityProbes: SLQ's random probes (default 3).
///   - densitySteps: SLQ's Lanczos steps per probe (default 80, capped at P).
///   - gridPoints: points of the density grid (default 200).
///   - seed: the seed of every random choice.
/// - Throws: `NeuralNetworkError` for data that do not fit the network; `CurvatureError` for
///   k < 1 or k > P, non-finite parameters or outputs, or a non-finite product; `LinearAlgebraError`
///   from the eigensolver.
/// - Complexity: about k·10 + traceProducts + densityProbes·densitySteps curvature products.
public func curvatureSummary(of network: Sequential, parameters theta: Tensor, inputs: Tensor, targets: Tensor, loss: NetworkLoss,
                             top k: Int = 10, kind: CurvatureKind = .hessian, batchSize: Int? = nil,
                             traceProducts: Int = 99, densityProbes: Int = 3, densitySteps: Int = 80, gridPoints: Int = 200,
                             seed: UInt64 = 0) throws -> CurvatureSummary {
    let risk = try NetworkRisk(network: network, loss: loss, inputs: inputs, targets: targets, batchSize: batchSize)
    let p = risk.parameterCount
    guard k >= 1 else { throw CurvatureError.countTooSmall(what: "top eigenvalues", count: k, minimum: 1) }
    guard k <= p else { throw CurvatureError.countExceedsDimension(count: k, dimension: p) }
    precondition(theta.count == p, "curvatureSummary: θ has \(theta.count) elements for \(p) parameters")
    let op = try NetworkCurvature(kind, of: risk, at: theta)
    let top = try lanczos(op, count: k, which: .largest, options: IterativeOptions(tolerance: 1e-8, seed: seed))
    if top.termination == .nonFiniteValue { throw CurvatureError.nonFiniteProduct }
    let trace = try hutchPlusPlusTrace(of: op, products: traceProducts, seed: seed &+ 1)
    let density = try stochasticLanczosQuadrature(of: op, probes: densityProbes, steps: Swift.min(densitySteps, p),
                                                  gridPoints: gridPoints, seed: seed &+ 2)
    return CurvatureSummary(kind: kind, topEigenvalues: top.eigenvalues.scalars.reversed(), eigensolverTermination: top.termination,
                            trace: trace, density: density)
}
