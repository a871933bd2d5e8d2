import DescentCore

/// The indicator of the non-negative orthant x ≥ 0; its prox is max(v, 0).
public struct NonNegativity: ProximalOperator {
    /// x ≥ 0.
    public init() {}
    /// The name shown in results and traces.
    public var name: String { "non-negative" }
    /// g(x).
    public func value(_ x: Tensor) -> Double { x.scalars.contains(where: { $0 < 0 }) ? .infinity : 0 }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v.map { $0 > 0 ? $0 : 0 } }
}
