import DescentCore

/// g(x) = λ‖x‖₂² (ridge, gradient 2λx), whose prox is v/(1 + 2tλ): geometric shrinkage, never exactly 0.
public struct L2SquaredPenalty: ProximalOperator {
    /// The weight λ ≥ 0.
    public var lambda: Double
    /// λ‖x‖₂².
    public init(_ lambda: Double) {
        precondition(lambda >= 0, "L2SquaredPenalty: lambda must be non-negative, got \(lambda)")
        self.lambda = lambda
    }
    /// The name shown in results and traces.
    public var name: String { "l2^2(\(lambda))" }
    /// g(x).
    public func value(_ x: Tensor) -> Double { lambda * x.squaredNorm() }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v * (1 / (1 + 2 * t * lambda)) }
}
