import DescentCore

/// A convex (possibly non-smooth) regularizer g with a cheap proximal operator
/// prox_{tg}(v) = argmin_x g(x) + ‖x − v‖²/(2t), for composite minimization of f + g.
///
/// Reference: N. Parikh and S. Boyd, "Proximal Algorithms", Found. Trends Optim. 1(3), 2014, §6.
public protocol ProximalOperator: Sendable {
    /// A short name for results.
    var name: String { get }
    /// g(x) (0 or +∞ for indicator functions of sets).
    func value(_ x: Tensor) -> Double
    /// prox_{tg}(v) for step t > 0.
    func proximal(_ v: Tensor, step t: Double) -> Tensor
}

/// g = 0, whose prox is the identity: proximal gradient then is plain (or Nesterov-accelerated)
/// gradient descent.
public struct NoRegularization: ProximalOperator {
    /// The zero regularizer.
    public init() {}
    public var name: String { "none" }
    public func value(_ x: Tensor) -> Double { 0 }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v }
}

/// g(x) = λ‖x‖₁, whose prox is soft-thresholding sign(vᵢ)·max(|vᵢ| − tλ, 0): entries with |vᵢ| ≤ tλ
/// become exactly 0 (this is how the lasso produces exact zeros).
///
/// Reference: D. L. Donoho, "De-noising by soft-thresholding", IEEE Trans. Inf. Theory 41(3), 1995.
public struct L1Penalty: ProximalOperator {
    /// The weight λ ≥ 0.
    public var lambda: Double
    /// λ‖x‖₁.
    public init(_ lambda: Double) {
        precondition(lambda >= 0, "L1Penalty: lambda must be non-negative, got \(lambda)")
        self.lambda = lambda
    }
    public var name: String { "l1(\(lambda))" }
    public func value(_ x: Tensor) -> Double { lambda * x.norm(.one) }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { softThreshold(v, t * lambda) }
}

/// sign(vᵢ)·max(|vᵢ| − κ, 0) element-wise; returns exactly 0.0 (not −0.0 or a tiny residue) when |vᵢ| ≤ κ.
public func softThreshold(_ v: Tensor, _ kappa: Double) -> Tensor {
    v.map { $0 > kappa ? $0 - kappa : ($0 < -kappa ? $0 + kappa : 0) }
}

/// g(x) = λ‖x‖₂² (ridge, gradient 2λx), whose prox is v/(1 + 2tλ): geometric shrinkage, never exactly 0.
public struct L2SquaredPenalty: ProximalOperator {
    /// The weight λ ≥ 0.
    public var lambda: Double
    /// λ‖x‖₂².
    public init(_ lambda: Double) {
        precondition(lambda >= 0, "L2SquaredPenalty: lambda must be non-negative, got \(lambda)")
        self.lambda = lambda
    }
    public var name: String { "l2^2(\(lambda))" }
    public func value(_ x: Tensor) -> Double { lambda * x.squaredNorm() }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v * (1 / (1 + 2 * t * lambda)) }
}

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
    public var name: String { "elastic-net(\(l1), \(l2))" }
    public func value(_ x: Tensor) -> Double { l1 * x.norm(.one) + 0.5 * l2 * x.squaredNorm() }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { softThreshold(v, t * l1) * (1 / (1 + t * l2)) }
}

/// The indicator of the box lower ≤ x ≤ upper (0 inside, +∞ outside); its prox is the projection
/// clamp(v, lower, upper) for every t.
public struct BoxConstraint: ProximalOperator {
    /// Lower bounds (one per entry, or one broadcast value).
    public var lower: Tensor
    /// Upper bounds.
    public var upper: Tensor
    /// The box [lower, upper]; bounds broadcast like tensor arithmetic.
    public init(lower: Tensor, upper: Tensor) {
        precondition(!(lower .> upper).scalars.contains(1), "BoxConstraint: some lower bound exceeds its upper bound")
        self.lower = lower
        self.upper = upper
    }
    public var name: String { "box" }
    public func value(_ x: Tensor) -> Double {
        ((x .< lower).scalars.contains(1) || (x .> upper).scalars.contains(1)) ? .infinity : 0
    }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { minimum(maximum(v, lower), upper) }
}

/// The indicator of the non-negative orthant x ≥ 0; its prox is max(v, 0).
public struct NonNegativity: ProximalOperator {
    /// x ≥ 0.
    public init() {}
    public var name: String { "non-negative" }
    public func value(_ x: Tensor) -> Double { x.scalars.contains(where: { $0 < 0 }) ? .infinity : 0 }
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v.map { $0 > 0 ? $0 : 0 } }
}
