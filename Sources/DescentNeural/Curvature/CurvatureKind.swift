/// Which curvature matrix of a network's risk L(θ) = (1/N)·Σₙ ℓₙ(f(θ, xₙ)) a `NetworkCurvature`
/// applies. With Jₙ = ∂f(θ, xₙ)/∂θ (k × P), c the loss's normalization (1/N for cross-entropy,
/// 1/(N·k) for mean squared error, PyTorch's `reduction="mean"`), ℓₙ the per-example loss without
/// it (−log softmax(fₙ)_{yₙ}, or ‖fₙ − yₙ‖²) and gₙ(y) = ∇_f ℓₙ at label y:
///
/// | kind | matrix |
/// |---|---|
/// | `hessian` | H = ∇²L(θ) |
/// | `gaussNewton` | G = c Σₙ Jₙᵀ ∇²_f ℓₙ Jₙ (positive semi-definite) |
/// | `fisher` | F = c Σₙ Jₙᵀ E_{y∼p(·∣fₙ)}[gₙ(y) gₙ(y)ᵀ] Jₙ, the expectation in closed form |
/// | `monteCarloFisher(samples: M, seed:)` | c Σₙ Jₙᵀ (1/M) Σₘ gₙ(ỹₙₘ) gₙ(ỹₙₘ)ᵀ Jₙ, ỹₙₘ ∼ p(·∣fₙ) |
/// | `empiricalFisher` | c Σₙ Jₙᵀ gₙ(yₙ) gₙ(yₙ)ᵀ Jₙ at the observed labels |
/// | `gaussNewtonResidual` | H − G = Σₙ Σⱼ (∂L/∂fₙⱼ) ∇²fₙⱼ (the second-order term of the network) |
///
/// The predictive distribution p(·∣f) is categorical softmax(f) for cross-entropy and the Gaussian
/// N(f, ½I) for squared error (whose negative log-likelihood is ‖f − y‖² up to a constant); for
/// both, E[g gᵀ] = ∇²_f ℓ (diag(p) − ppᵀ, and 2I), so `fisher` equals `gaussNewton` exactly and
/// `monteCarloFisher` is an unbiased estimate of it. These conventions are curvlinops'
/// (`GGNLinearOperator`, `FisherMCLinearOperator`, `EFLinearOperator`).
///
/// Reference: N. N. Schraudolph, "Fast curvature matrix-vector products for second-order gradient
/// descent", Neural Computation 14, 2002; J. Martens, "New insights and perspectives on the natural
/// gradient method", JMLR 21, 2020; F. Kunstner, L. Balles & P. Hennig, "Limitations of the
/// empirical Fisher approximation", NeurIPS 2019; F. Dangel et al., curvlinops (2023).
public enum CurvatureKind: Sendable, Hashable {
    /// The Hessian ∇²L.
    case hessian
    /// The generalized Gauss–Newton matrix G = Jᵀ ∇²_f L J.
    case gaussNewton
    /// The (true, type-2) Fisher with the expectation over the model's predictive distribution
    /// taken exactly; equal to G for cross-entropy and squared error.
    case fisher
    /// The true Fisher with the expectation estimated from M labels sampled per example from the
    /// model's predictive distribution (seeded).
    case monteCarloFisher(samples: Int, seed: UInt64)
    /// The empirical Fisher: outer products of the per-example gradients at the observed labels.
    case empiricalFisher
    /// H − G: the curvature of the network's outputs weighted by the loss gradient.
    case gaussNewtonResidual

    /// Whether the matrix is positive semi-definite for every network and point (all but the
    /// Hessian and the residual term).
    public var isPositiveSemidefinite: Bool {
        switch self {
        case .hessian, .gaussNewtonResidual: return false
        case .gaussNewton, .fisher, .monteCarloFisher, .empiricalFisher: return true
        }
    }

    /// The snake-case name used in JSON and on the command line ("gauss_newton", …).
    public var name: String {
        switch self {
        case .hessian: return "hessian"
        case .gaussNewton: return "gauss_newton"
        case .fisher: return "fisher"
        case .monteCarloFisher: return "monte_carlo_fisher"
        case .empiricalFisher: return "empirical_fisher"
        case .gaussNewtonResidual: return "gauss_newton_residual"
        }
    }
}
