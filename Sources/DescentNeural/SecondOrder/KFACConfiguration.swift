/// The settings of K-FAC (Martens & Grosse 2015) that do not depend on the network: how the
/// output-gradient factor is estimated, the damping, the running-average decay and how often the
/// damped factors are inverted.
///
/// The defaults follow kfac-jax's optimizer (`curvature_ema = 0.95`, `inverse_update_period = 5`,
/// π-adjusted factored damping unless exact inverses are asked for).
public struct KFACConfiguration: Sendable, Hashable {
    /// How G = E[g gᵀ], the second moment of the loss gradients with respect to a layer's
    /// pre-activations s, is estimated on a batch.
    public enum CurvatureEstimate: String, Sendable, Hashable, CaseIterable {
        /// The true Fisher by sampling (the default, as in Martens & Grosse §5 and kfac-jax's
        /// `"fisher_gradients"`): gᵢ = ∂ℓ(fᵢ, ŷᵢ)/∂sᵢ with one target ŷᵢ drawn from the model's
        /// predictive distribution per example: ŷᵢ ~ Categorical(softmax(fᵢ)) for cross-entropy,
        /// ŷᵢ ~ 𝒩(fᵢ, (k/2)·I) for the mean squared error (the Gaussian whose negative
        /// log-likelihood is ℓᵢ = (1/k)‖fᵢ − yᵢ‖² up to a constant). E over ŷ gives `exactFisher`.
        case sampledFisher = "sampled-fisher"
        /// The true Fisher without sampling (kfac-jax's `"fisher_exact"`): with the loss Hessian
        /// per example H_ℓ = LLᵀ, G = (1/n) Σᵢ Σⱼ (J_sᵢᵀ Lᵢ eⱼ)(J_sᵢᵀ Lᵢ eⱼ)ᵀ, one reverse sweep per
        /// output j (k sweeps instead of one). For these losses it equals the Gauss–Newton
        /// factor (kfac-jax's default `"ggn_curvature_prop"` estimates the same matrix).
        case exactFisher = "exact-fisher"
        /// The empirical Fisher (kfac-jax's `"fisher_empirical"`): the observed targets,
        /// gᵢ = ∂ℓ(fᵢ, yᵢ)/∂sᵢ. No extra sweep, but it is not a curvature matrix (Kunstner et
        /// al. 2019) and vanishes where the fit is perfect.
        case empiricalFisher = "empirical-fisher"
    }

    /// How the damped Kronecker blocks are inverted.
    public enum Inversion: String, Sendable, Hashable, CaseIterable {
        /// Factored Tikhonov damping with π-adjustment (Martens & Grosse §6.3): the block
        /// A ⊗ G + λI is replaced by (A + π√λ·I) ⊗ (G + (√λ/π)·I) with
        /// π = √((tr A / dim A) / (tr G / dim G)), and each damped factor is inverted through its
        /// Cholesky factorization. The default, as in kfac-jax.
        case factoredDamping = "factored-damping"
        /// The exact inverse of A ⊗ G + λI through the eigendecompositions A = Q_AΛ_AQ_Aᵀ and
        /// G = Q_GΛ_GQ_Gᵀ: U = Q_G[(Q_Gᵀ ∇W Q_A) ⊘ (λ_G λ_Aᵀ + λ)]Q_Aᵀ (kfac-jax's
        /// `use_exact_inverses`; George et al. 2018, EKFAC's basis).
        case eigen
    }

    /// How G is estimated (default `.sampledFisher`).
    public var curvatureEstimate: CurvatureEstimate
    /// How the damped factors are inverted (default `.factoredDamping`).
    public var inversion: Inversion
    /// The Tikhonov damping λ > 0 added to each Kronecker block A ⊗ G (default 10⁻³, kfac-jax's
    /// usual initial damping).
    public var damping: Double
    /// The decay ρ ∈ [0, 1) of the running averages of A and G (default 0.95, kfac-jax's
    /// `curvature_ema`); see `KFACPreconditioner.State.accumulate`.
    public var curvatureDecay: Double
    /// The damped factors are inverted again every `inverseUpdatePeriod` steps (T ≥ 1, default 5,
    /// kfac-jax's `inverse_update_period`); in between the cached inverses are reused.
    public var inverseUpdatePeriod: Int
    /// The seed of the generator that samples targets for `.sampledFisher`.
    public var seed: UInt64

    /// A configuration; the defaults are kfac-jax's.
    /// - Precondition: λ > 0 and finite, 0 ≤ ρ < 1, T ≥ 1 (programmer errors: the CLI validates
    ///   user input before it gets here).
    public init(curvatureEstimate: CurvatureEstimate = .sampledFisher, inversion: Inversion = .factoredDamping,
                damping: Double = 1e-3, curvatureDecay: Double = 0.95, inverseUpdatePeriod: Int = 5, seed: UInt64 = 0) {
        precondition(damping > 0 && damping.isFinite, "KFACConfiguration: damping must be positive and finite, got \(damping)")
        precondition(curvatureDecay >= 0 && curvatureDecay < 1, "KFACConfiguration: curvatureDecay must be in [0, 1), got \(curvatureDecay)")
        precondition(inverseUpdatePeriod >= 1, "KFACConfiguration: inverseUpdatePeriod must be at least 1, got \(inverseUpdatePeriod)")
        self.curvatureEstimate = curvatureEstimate
        self.inversion = inversion
        self.damping = damping
        self.curvatureDecay = curvatureDecay
        self.inverseUpdatePeriod = inverseUpdatePeriod
        self.seed = seed
    }
}
