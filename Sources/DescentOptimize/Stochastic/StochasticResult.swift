import DescentCore

/// Why a stochastic method stopped.
public enum StochasticTermination: Equatable, Sendable {
    /// All requested epochs ran.
    case finishedEpochs
    /// ‖∇f(θ)‖ fell to the requested tolerance (checked between epochs on the full gradient).
    case converged(gradientNorm: Double)
    /// The iterates ran away: ‖θ‖∞ exceeded the divergence limit, or f grew by more than 10⁸·max(1, |f(θ₀)|),
    /// at this epoch (1-based) and iteration (1-based count of parameter updates since the start).
    case diverged(epoch: Int, iteration: Int)
    /// θ, a gradient or f became NaN or infinite at this epoch and iteration.
    case nonFinite(epoch: Int, iteration: Int)
}

/// What a stochastic method returns: the point, the per-epoch objective, the work done and why
/// it stopped.
public struct StochasticResult: Sendable {
    /// The final iterate; after divergence or a non-finite value, the best epoch-end iterate seen
    /// (lowest f when the value is known, else the last finite one).
    public let parameters: Tensor
    /// f(θ₀) followed by f after each epoch, including the one that diverged (empty when the
    /// problem has no value).
    public let lossHistory: [Double]
    /// Completed epochs (passes of the outer loop).
    public let epochs: Int
    /// Parameter updates made.
    public let iterations: Int
    /// Component gradients ∇fᵢ evaluated (a full gradient counts n, a batch of b counts b).
    public let gradientEvaluations: Int
    /// Why the method stopped.
    public let termination: StochasticTermination

    /// Whether the method ended without divergence or non-finite values.
    public var isSuccessful: Bool {
        switch termination {
        case .finishedEpochs, .converged: return true
        case .diverged, .nonFinite: return false
        }
    }
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
