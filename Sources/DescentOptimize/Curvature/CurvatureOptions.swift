import DescentCore

/// How `curvature(of:at:options:)` examines a Hessian (see `CurvatureReport`).
public struct CurvatureOptions: Sendable {
    /// Extreme eigenvalues wanted from the iterative eigensolver: the k largest and the k smallest.
    /// `nil`: the whole spectrum densely up to `denseDimensionLimit` variables, 6 at each end above it.
    public var count: Int?
    /// Form the dense Hessian (n batched Hessian-vector products) and diagonalize it up to this many
    /// variables when `count` is `nil`. Default 200, as `SecondOrderCheck`.
    public var denseDimensionLimit: Int
    /// τ/max(|λmin|, |λmax|): eigenvalues within this fraction of the largest count as zero in the
    /// classification. Default 1e-6, as `SecondOrderCheck` (see there for why).
    public var relativeTolerance: Double
    /// Options of the iterative eigensolver (`lanczos`): tolerance on the Ritz residuals relative to
    /// the spectrum's scale, and the largest Krylov dimension. Default 1e-10 and 300.
    public var eigensolver: IterativeOptions
    /// Rademacher probes of Hutchinson's trace estimate. Default 100.
    public var probes: Int
    /// The seed of the probes, of the eigensolver's start and of the step-size trials' start.
    public var seed: UInt64
    /// Error reduction (and, inverted, growth) at which the step-size trials stop. Default 1e-6.
    public var trialTolerance: Double
    /// Step limit of each step-size trial. Default 100 000.
    public var trialMaxIterations: Int

    /// Options with the documented defaults unless given.
    public init(count: Int? = nil, denseDimensionLimit: Int = 200, relativeTolerance: Double = 1e-6,
                eigensolver: IterativeOptions = IterativeOptions(tolerance: 1e-10, maxIterations: 300),
                probes: Int = 100, seed: UInt64 = 0, trialTolerance: Double = 1e-6, trialMaxIterations: Int = 100_000) {
        precondition(relativeTolerance >= 0 && relativeTolerance < 1, "CurvatureOptions: relativeTolerance must be in [0, 1), got \(relativeTolerance)")
        precondition(trialTolerance > 0 && trialTolerance < 1, "CurvatureOptions: trialTolerance must be in (0, 1), got \(trialTolerance)")
        precondition(trialMaxIterations >= 0, "CurvatureOptions: trialMaxIterations must be ≥ 0, got \(trialMaxIterations)")
        precondition(denseDimensionLimit >= 0, "CurvatureOptions: denseDimensionLimit must be ≥ 0, got \(denseDimensionLimit)")
        self.count = count
        self.denseDimensionLimit = denseDimensionLimit
        self.relativeTolerance = relativeTolerance
        self.eigensolver = eigensolver
        self.eigensolver.seed = seed
        self.probes = probes
        self.seed = seed
        self.trialTolerance = trialTolerance
        self.trialMaxIterations = trialMaxIterations
    }
}
