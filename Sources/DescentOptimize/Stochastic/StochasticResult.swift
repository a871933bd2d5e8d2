import DescentCore

/// What a stochastic method returns: the point, the per-epoch objective, the work done and why
/// it stopped.
public struct StochasticResult: IterativeResult, Sendable {
    /// The final iterate; after divergence or a non-finite value, the best epoch-end iterate seen
    /// (lowest f when the value is known, else the last finite one).
    public let minimizer: Tensor
    /// f(θ₀) followed by f after each epoch, including the one that diverged (empty when the
    /// problem has no value).
    public let lossHistory: [Double]
    /// Completed epochs (passes of the outer loop).
    public let epochs: Int
    /// Parameter updates made.
    public let iterations: Int
    /// Component gradients ∇fᵢ evaluated (a full gradient counts n, a batch of b counts b).
    public let gradientEvaluations: Int
    /// ‖∇f(θ)‖₂ of the last full gradient checked against `StochasticOptions.gradientTolerance`
    /// (`nil` when no full gradient was checked).
    public let gradientNorm: Double?
    /// Why the method stopped: `.epochLimit` (all epochs ran), `.convergedGradient`, `.diverged`
    /// (‖θ‖∞ beyond the divergence limit, or f grew by more than 10⁸·max(1, |f(θ₀)|)) or
    /// `.nonFiniteValue` / `.nonFiniteGradient`; after a failure, `iterations` counts the updates
    /// made before the stop (the diverging update included).
    public let termination: Termination
}

/// Settings shared by the stochastic methods.
public struct StochasticOptions: Sendable {
    /// Outer iterations: passes over the data for SGD and SAGA, snapshots for SVRG and SARAH.
    public var epochs: Int
    /// Components per gradient estimate (SGD, SVRG, SARAH; SAGA uses single components).
    public var batchSize: Int
    /// Seed of the generator that shuffles the components; equal seeds give identical runs.
    public var seed: UInt64
    /// Stop when ‖∇f(θ)‖ ≤ this between epochs (costs one full gradient per epoch for SGD and
    /// SAGA; SVRG and SARAH compute it anyway). `nil` runs all epochs.
    public var gradientTolerance: Double?
    /// Divergence is declared when ‖θ‖∞ exceeds this; default 10⁸·max(1, ‖θ₀‖∞).
    public var divergenceLimit: Double?
    /// Inner iterations per outer iteration for SVRG and SARAH; default one pass, ⌈n/batchSize⌉.
    public var innerIterations: Int?

    /// Options; the defaults run 20 epochs of single-component steps with seed 0.
    public init(epochs: Int = 20, batchSize: Int = 1, seed: UInt64 = 0, gradientTolerance: Double? = nil,
                divergenceLimit: Double? = nil, innerIterations: Int? = nil) {
        precondition(epochs >= 0 && batchSize >= 1, "StochasticOptions: need epochs ≥ 0 and batchSize ≥ 1, got \(epochs), \(batchSize)")
        self.epochs = epochs; self.batchSize = batchSize; self.seed = seed; self.gradientTolerance = gradientTolerance
        self.divergenceLimit = divergenceLimit; self.innerIterations = innerIterations
    }
}
