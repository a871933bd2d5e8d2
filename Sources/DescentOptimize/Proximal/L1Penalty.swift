import DescentCore

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
    /// The name shown in results and traces.
    public var name: String { "l1(\(lambda))" }
    /// g(x).
    public func value(_ x: Tensor) -> Double { lambda * x.norm(.one) }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { softThreshold(v, t * lambda) }
}

/// sign(vᵢ)·max(|vᵢ| − κ, 0) element-wise; returns exactly 0.0 (not −0.0 or a tiny residue) when |vᵢ| ≤ κ.
public func softThreshold(_ v: Tensor, _ kappa: Double) -> Tensor {
    v.map { $0 > kappa ? $0 - kappa : ($0 < -kappa ? $0 + kappa : 0) }
}
