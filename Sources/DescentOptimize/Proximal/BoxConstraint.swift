import DescentCore

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
    /// The name shown in results and traces.
    public var name: String { "box" }
    /// g(x).
    public func value(_ x: Tensor) -> Double {
        ((x .< lower).scalars.contains(1) || (x .> upper).scalars.contains(1)) ? .infinity : 0
    }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { minimum(maximum(v, lower), upper) }
}
