import DescentAutodiff
import DescentCore

/// What the Hessian of a twice-differentiable objective says at a point: its spectrum (whole, or
/// both ends), the kind of point, the conditioning, the largest stable gradient-descent step, the
/// trace, and two runs of gradient descent that show the step bound.
///
/// - Spectrum: for n ≤ `CurvatureOptions.denseDimensionLimit` (and no `count`), H is formed from n
///   exact Hessian-vector products (batched) and diagonalized by `SymmetricEigen` (LAPACK `dsyevd`);
///   otherwise `lanczos` on the products gives the k largest and the k smallest eigenvalues.
/// - `stationaryPoint`: the driver's verdict (`StationaryPoint.kind`) from λmin, λmax and
///   τ = `relativeTolerance`·max(|λmin|, |λmax|); it classifies a stationary point, so read it with
///   `gradientNorm` (away from ∇f = 0 it describes only the local curvature).
/// - `conditionNumber` κ = λmax/λmin when λmin > 0 (gradient descent with the step 2/(λmin + λmax)
///   contracts by (κ − 1)/(κ + 1) per step), +∞ otherwise.
/// - `maxStableStep` 2/λmax when λmax > 0.
/// - `trace`: Hutchinson's estimate with its standard error; `exactTrace` Σλᵢ on the dense path.
/// - `belowStableStep`, `aboveStableStep`: `StepSizeTrial`s at 0.9·2/λmax and 1.1·2/λmax on the
///   local quadratic model (converges, then diverges, as predicted by |1 − ηλ|).
///
/// Reference: Nocedal & Wright, *Numerical Optimization*, 2nd ed., §2.1 and §3.3; Golub & Van Loan,
/// *Matrix Computations*, 4th ed., §10.1 (Lanczos); Hutchinson (1990).
public struct CurvatureReport: Sendable {
    /// The number n of variables.
    public var dimension: Int
    /// ∇f at the point.
    public var gradient: Tensor
    /// ‖∇f‖₂.
    public var gradientNorm: Double { gradient.norm(.two) }
    /// The n × n Hessian (symmetrized) on the dense path, else `nil`.
    public var hessian: Tensor?
    /// Ascending: all n eigenvalues (dense), or the k smallest then the k largest (iterative; an
    /// eigenvalue found by both runs, when 2k > n, appears once per run).
    public var eigenvalues: Tensor
    /// The smallest eigenvalue λmin.
    public var minEigenvalue: Double
    /// The largest eigenvalue λmax.
    public var maxEigenvalue: Double
    /// The verdict: minimum, saddle, maximum, degenerate or undetermined (an unconverged eigensolver
    /// that found no negative curvature), with its source (dense or Lanczos).
    public var stationaryPoint: StationaryPoint
    /// How the iterative eigensolver ended (both runs converged: `.convergedResidual`), `nil` on the dense path.
    public var eigensolverTermination: Termination?
    /// λmax/λmin when λmin > 0, else +∞.
    public var conditionNumber: Double
    /// 2/λmax when λmax > 0, else `nil`.
    public var maxStableStep: Double?
    /// Hutchinson's trace estimate.
    public var trace: TraceEstimate
    /// Σλᵢ on the dense path, else `nil`.
    public var exactTrace: Double?
    /// Gradient descent on the quadratic model at 0.9·2/λmax (`nil` when λmax ≤ 0).
    public var belowStableStep: StepSizeTrial?
    /// Gradient descent on the quadratic model at 1.1·2/λmax (`nil` when λmax ≤ 0).
    public var aboveStableStep: StepSizeTrial?

    /// Analyses a Hessian given as a symmetric operator (a `HessianOperator`, a dense matrix, …).
    /// - Parameters:
    ///   - hessian: H, n × n, symmetric (its products are trusted to be).
    ///   - gradient: ∇f at the same point (checked finite; reported).
    ///   - options: spectrum path, tolerances, probes, seed, trial limits.
    /// - Throws: `CurvatureError.emptyPoint` for n = 0; `.countExceedsDimension` when k > n;
    ///   `.countTooSmall` for k < 1 or no probes; `.nonFinite` for a NaN or ±∞ in ∇f, in H or in a
    ///   Hessian-vector product; `LinearAlgebraError` from the eigensolvers.
    public init(hessian: some LinearOperator, gradient: Tensor, options: CurvatureOptions = CurvatureOptions()) throws {
        guard hessian.shape.count == 2, hessian.shape[0] == hessian.shape[1] else {
            throw LinearAlgebraError.notSquare(operation: "curvature", shape: hessian.shape)
        }
        let n = hessian.shape[0]
        guard n > 0 else { throw CurvatureError.emptyPoint }
        if let i = gradient.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CurvatureError.nonFinite(what: "gradient", index: i, value: gradient.scalars[i])
        }
        if let k = options.count {
            guard k >= 1 else { throw CurvatureError.countTooSmall(what: "extreme eigenvalues", count: k, minimum: 1) }
            guard k <= n else { throw CurvatureError.countExceedsDimension(count: k, dimension: n) }
        }
        guard options.probes >= 1 else { throw CurvatureError.countTooSmall(what: "Hutchinson probes", count: options.probes, minimum: 1) }
        dimension = n
        self.gradient = gradient
        let dense = options.count == nil && n <= options.denseDimensionLimit
        let low: Double, high: Double
        var converged = true
        var matrix: Tensor?
        if dense {
            // A matrix is its own Hessian (a product with I would smear one NaN over its row).
            let raw = (hessian as? Tensor) ?? hessian.apply(toColumnsOf: Tensor.identity(n))
            if let i = raw.scalars.firstIndex(where: { !$0.isFinite }) {
                throw CurvatureError.nonFinite(what: "Hessian", index: i, value: raw.scalars[i])
            }
            // Reverse-over-reverse gives Hᵢⱼ and Hⱼᵢ by different sweeps; average away the rounding.
            let h = (raw + raw.transposed) * 0.5
            let eigen = try SymmetricEigen(h)
            matrix = h
            eigenvalues = eigen.eigenvalues
            low = eigen.eigenvalues.scalars.first!
            high = eigen.eigenvalues.scalars.last!
            exactTrace = eigen.eigenvalues.scalars.reduce(0, +)
            eigensolverTermination = nil
        } else {
            let k = options.count ?? Swift.min(6, n)
            let top = try lanczos(hessian, count: k, which: .largest, options: options.eigensolver)
            let bottom = try lanczos(hessian, count: k, which: .smallest, options: options.eigensolver)
            // A NaN or ±∞ in a Hessian-vector product is bad data here, not an outcome to report.
            if top.termination == .nonFiniteValue || bottom.termination == .nonFiniteValue {
                throw CurvatureError.nonFiniteProduct
            }
            converged = top.isConverged && bottom.isConverged
            eigensolverTermination = converged ? .convergedResidual : (top.isConverged ? bottom.termination : top.termination)
            eigenvalues = Tensor(bottom.eigenvalues.scalars + top.eigenvalues.scalars)
            low = bottom.eigenvalues.scalars.first ?? .nan
            high = top.eigenvalues.scalars.last ?? .nan
            exactTrace = nil
        }
        self.hessian = matrix
        minEigenvalue = low
        maxEigenvalue = high
        let tau = options.relativeTolerance * Swift.max(Swift.abs(low), Swift.abs(high))
        var kind = StationaryPoint.kind(minEigenvalue: low, maxEigenvalue: high, tolerance: tau)
        // An unconverged eigensolver proves negative curvature when it finds it, but nothing otherwise.
        if !converged && kind != .saddle && kind != .maximum { kind = .undetermined }
        stationaryPoint = StationaryPoint(kind: kind, minEigenvalue: low, maxEigenvalue: high, tolerance: tau,
                                          source: dense ? .denseEigen : .lanczos)
        conditionNumber = low > 0 ? high / low : .infinity
        maxStableStep = high > 0 ? 2 / high : nil
        trace = try hutchinsonTrace(of: hessian, probes: options.probes, seed: options.seed)
        if let step = maxStableStep {
            // The dense matrix (when formed) makes each trial step one small BLAS product.
            func trial(_ factor: Double) -> StepSizeTrial {
                if let matrix {
                    return StepSizeTrial(hessian: matrix, stepSize: factor * step, extremeEigenvalues: (low, high),
                                         tolerance: options.trialTolerance, maxIterations: options.trialMaxIterations, seed: options.seed)
                }
                return StepSizeTrial(hessian: hessian, stepSize: factor * step, extremeEigenvalues: (low, high),
                                     tolerance: options.trialTolerance, maxIterations: options.trialMaxIterations, seed: options.seed)
            }
            belowStableStep = trial(StepSizeTrial.belowFactor)
            aboveStableStep = trial(StepSizeTrial.aboveFactor)
        } else {
            belowStableStep = nil
            aboveStableStep = nil
        }
    }
}

extension StepSizeTrial {
    /// The step of the converging trial as a fraction of 2/λmax: 0.9.
    public static let belowFactor = 0.9
    /// The step of the diverging trial as a fraction of 2/λmax: 1.1.
    public static let aboveFactor = 1.1
}

/// The curvature report of f at x from exact Hessian-vector products (reverse over reverse).
///
/// f and ∇f are recorded once (`HessianOperator`); every product after that is one reverse sweep
/// (batched for the dense Hessian and the trace probes). See `CurvatureReport` for what is computed.
/// - Throws: as `CurvatureReport.init(hessian:gradient:options:)`.
public func curvature(of f: (Variable) -> Variable, at x: Tensor, options: CurvatureOptions = CurvatureOptions()) throws -> CurvatureReport {
    guard x.count > 0 else { throw CurvatureError.emptyPoint }
    let operator_ = HessianOperator(of: f, at: x)
    return try CurvatureReport(hessian: operator_, gradient: operator_.gradient.flattened, options: options)
}
