import DescentCore

/// The elastic net g(x) = λ₁‖x‖₁ + (λ₂/2)‖x‖₂², whose prox is soft(v, tλ₁)/(1 + tλ₂).
///
/// Reference: H. Zou and T. Hastie, "Regularization and variable selection via the elastic net",
/// J. R. Stat. Soc. B 67(2), 2005; Parikh and Boyd 2014, §6.5.3.
public struct ElasticNetPenalty: ProximalOperator {
    /// The L1 weight λ₁ ≥ 0.
    public var l1: Double
    /// The L2 weight λ₂ ≥ 0 (of (λ₂/2)‖x‖²).
    public var l2: Double
    /// λ₁‖x‖₁ + (λ₂/2)‖x‖₂².
    public init(l1: Double, l2: Double) {
        precondition(l1 >= 0 && l2 >= 0, "ElasticNetPenalty: weights must be non-negative, got \(l1), \(l2)")
        self.l1 = l1
        self.l2 = l2
    }
    /// The name shown in results and traces.
    public var name: String { "elastic-net(\(l1), \(l2))" }
    /// g(x).
    public func value(_ x: Tensor) -> Double { l1 * x.norm(.one) + 0.5 * l2 * x.squaredNorm() }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { softThreshold(v, t * l1) * (1 / (1 + t * l2)) }
}
