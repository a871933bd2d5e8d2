import DescentCore
import DescentOptimize

/// K-FAC's preconditioner as a gradient transformation: each dense layer's gradient block is
/// multiplied by the inverse of its damped Kronecker-factored Fisher block,
/// U = (G + γ_G·I)⁻¹ ∇W̄ (A + γ_A·I)⁻¹ (`.factoredDamping`) or vec U = (A ⊗ G + λI)⁻¹ vec ∇W̄
/// (`.eigen`), where W̄ = [W | b] and A, G are running averages of the batch factors. Parameters
/// outside every dense block pass through unchanged.
///
/// The update is the natural-gradient direction; it carries no sign or step size, so the
/// transformation is meant to come first in a chain that ends with a learning rate, e.g.
/// `chain(preconditioner, clipByGlobalNorm(1), trace(decay: 0.9), scaleByLearningRate(0.1))`
/// (u = −η·m with m ← F̃⁻¹g + μ·m, kfac-jax's fixed learning rate and momentum).
///
/// The transformation sees only the gradient, so the curvature enters through its state: before
/// each `update`, fold the batch's factors in with `accumulate(_:into:)` (`KFACStep` does this
/// from the network and the batch; in a chain, the K-FAC state is `state.first`). The damped
/// factors are factored again (Cholesky, or eigendecompositions for `.eigen`) when the step
/// count is a multiple of T (`inverseUpdatePeriod`) and the factorizations reused in between.
///
/// - Complexity: per step O(Σ_l mₗdₗ(mₗ + dₗ)) for the triangular solves or products per layer
///   (mₗ outputs, dₗ augmented inputs); every T steps O(Σ_l mₗ³ + dₗ³) for the factorizations.
/// - Reference: Martens & Grosse, "Optimizing neural networks with Kronecker-factored
///   approximate curvature", ICML 2015, §4 and §6.3; kfac-jax (Botev & Martens 2022).
public struct KFACPreconditioner: GradientTransformation {
    /// The running curvature and the cached inverses.
    public struct State: Sendable {
        /// The running averages of A and G, one per block (empty until the first `accumulate`).
        public var factors: [KroneckerFactors]
        /// The total weight w of the running average (w ← ρw + 1 per batch).
        public var curvatureWeight: Double
        /// The number of preconditioned updates so far.
        public var count: Int
        /// The factored damped blocks, refreshed every T updates.
        var inverses: [KFACBlockInverse]
    }

    /// The dense blocks of θ.
    public let blocks: [KFACBlock]
    /// Damping, decay, inversion and refresh period.
    public let configuration: KFACConfiguration

    /// The preconditioner for the given blocks.
    public init(blocks: [KFACBlock], configuration: KFACConfiguration = KFACConfiguration()) {
        self.blocks = blocks
        self.configuration = configuration
    }

    /// The preconditioner for every dense layer of `network`.
    public init(network: Sequential, configuration: KFACConfiguration = KFACConfiguration()) {
        self.init(blocks: network.kfacBlocks, configuration: configuration)
    }

    /// No curvature yet.
    public func initialize(_ params: Tensor) -> State {
        State(factors: [], curvatureWeight: 0, count: 0, inverses: [])
    }

    /// Folds one batch's factors into the running averages, as kfac-jax's weighted moving
    /// average: w ← ρw + 1, then A ← (1 − 1/w)A + (1/w)Â and likewise G (so the first batch is
    /// taken as it is and, later, old batches decay by ρ per step: a bias-corrected exponential
    /// average).
    /// - Returns: `false`, leaving the state unchanged, when a batch factor is not finite.
    /// - Precondition: one factor pair per block, of the block's sizes.
    @discardableResult
    public func accumulate(_ batch: [KroneckerFactors], into state: inout State) -> Bool {
        precondition(batch.count == blocks.count, "KFACPreconditioner.accumulate: \(batch.count) factor pairs for \(blocks.count) blocks")
        for (factors, block) in zip(batch, blocks) {
            precondition(factors.activations.shape == [block.augmentedInputs, block.augmentedInputs]
                         && factors.outputGradients.shape == [block.outputs, block.outputs],
                         "KFACPreconditioner.accumulate: factors \(factors.activations.shape), \(factors.outputGradients.shape) for layer \(block.layerIndex) with \(block.augmentedInputs) inputs and \(block.outputs) outputs")
        }
        guard batch.allSatisfy({ $0.activations.isFinite && $0.outputGradients.isFinite }) else { return false }
        let weight = configuration.curvatureDecay * state.curvatureWeight + 1
        let eta = 1 / weight
        if state.factors.isEmpty {
            state.factors = batch
        } else {
            for l in batch.indices {
                state.factors[l].activations = Tensor.scaledSum(1 - eta, state.factors[l].activations, batch[l].activations * eta)
                state.factors[l].outputGradients = Tensor.scaledSum(1 - eta, state.factors[l].outputGradients, batch[l].outputGradients * eta)
            }
        }
        state.curvatureWeight = weight
        return true
    }

    /// The preconditioned gradient; refreshes the inverses first when `count` is a multiple of T.
    /// - Precondition: `accumulate` has been called at least once.
    public func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State) {
        precondition(state.factors.count == blocks.count,
                     "KFACPreconditioner.update: no curvature yet; accumulate a batch's factors before the first update")
        var next = state
        if next.inverses.isEmpty || next.count % configuration.inverseUpdatePeriod == 0 {
            next.inverses = next.factors.map { KFACBlockInverse($0, damping: configuration.damping, inversion: configuration.inversion) }
        }
        var update = gradient
        gradient.scalars.withUnsafeBufferPointer { g in
            update.scalars.withUnsafeMutableBufferPointer { u in
                for (block, inverse) in zip(blocks, next.inverses) {
                    block.scatter(inverse.apply(to: block.gather(g)), into: u)
                }
            }
        }
        next.count += 1
        return (update, next)
    }
}

/// The inverse of one damped Kronecker block, in the form the update applies.
enum KFACBlockInverse: Sendable {
    /// The damped factors G + γ_G I and A + γ_A I, factored.
    case factored(outputGradients: DampedFactor, activations: DampedFactor)
    /// Q_G, Q_A and the divisor λ_G λ_Aᵀ + λ (outputs × augmented inputs).
    case eigen(outputGradientsBasis: Tensor, activationsBasis: Tensor, divisor: Tensor)

    init(_ factors: KroneckerFactors, damping lambda: Double, inversion: KFACConfiguration.Inversion) {
        let (a, g) = (factors.activations, factors.outputGradients)
        switch inversion {
        case .factoredDamping:
            let (gammaA, gammaG) = Self.factoredDamping(a, g, lambda)
            self = .factored(outputGradients: DampedFactor(g, gammaG), activations: DampedFactor(a, gammaA))
        case .eigen:
            // The factors are finite (checked when accumulated), so dsyevd cannot fail but by
            // overflow; then the damping alone is what is left to invert.
            guard let ea = try? SymmetricEigen(a), let eg = try? SymmetricEigen(g) else {
                let root = lambda.squareRoot()
                self = .factored(outputGradients: .scaledIdentity(root), activations: .scaledIdentity(root))
                return
            }
            // Rounding can leave eigenvalues of a PSD factor at −1e-17; the products are clamped at 0.
            let la = ea.eigenvalues.scalars.map { Swift.max($0, 0) }, lg = eg.eigenvalues.scalars.map { Swift.max($0, 0) }
            let divisor = Tensor(rows: lg.count, columns: la.count) { i, j in lg[i] * la[j] + lambda }
            self = .eigen(outputGradientsBasis: eg.eigenvectors, activationsBasis: ea.eigenvectors, divisor: divisor)
        }
    }

    /// γ_A = π√λ and γ_G = √λ/π with π = √((tr A / dim A) / (tr G / dim G)) (Martens & Grosse
    /// §6.3, kfac-jax's `pi_adjusted_kronecker_factors`); π = 1 when either trace is 0.
    static func factoredDamping(_ a: Tensor, _ g: Tensor, _ lambda: Double) -> (a: Double, g: Double) {
        let normA = a.trace / Double(a.shape[0]), normG = g.trace / Double(g.shape[0])
        let pi = normA > 0 && normG > 0 ? (normA / normG).squareRoot() : 1
        let root = lambda.squareRoot()
        return (pi * root, root / pi)
    }

    /// The preconditioned block: (G + γ_G I)⁻¹ ∇W̄ (A + γ_A I)⁻¹ by Cholesky solves (A is
    /// symmetric, so X A⁻¹ = (A⁻¹Xᵀ)ᵀ), or Q_G[(Q_Gᵀ ∇W̄ Q_A) ⊘ (λ_G λ_Aᵀ + λ)]Q_Aᵀ.
    func apply(to gradient: Tensor) -> Tensor {
        switch self {
        case let .factored(g, a):
            return a.solve(g.solve(gradient).transposed).transposed
        case let .eigen(qg, qa, divisor):
            let rotated = matmul(matmul(qg, gradient, transposeA: true), qa) / divisor
            return matmul(matmul(qg, rotated), qa, transposeB: true)
        }
    }
}

/// A damped factor M + γI kept as its Cholesky factorization: applying its inverse is two
/// triangular solves, the flops of a product with an explicit inverse, without forming one
/// (which would cost 2n³ more per refresh).
enum DampedFactor: Sendable {
    /// M + γI = LLᵀ.
    case cholesky(Cholesky)
    /// γI alone (used only if M + γI could not be factored, which for a finite PSD M and γ > 0
    /// takes an overflow of its entries).
    case scaledIdentity(Double)

    init(_ m: Tensor, _ gamma: Double) {
        let damped = m + Tensor.identity(m.shape[0]) * gamma
        if let cholesky = try? Cholesky(damped) { self = .cholesky(cholesky) } else { self = .scaledIdentity(gamma) }
    }

    /// (M + γI)⁻¹ X for X with the factor's order of rows.
    func solve(_ x: Tensor) -> Tensor {
        switch self {
        case let .cholesky(c): return c.solve(x)
        case let .scaledIdentity(gamma): return x / gamma
        }
    }
}
