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
    /// The name shown in results and traces.
    public var name: String { "none" }
    /// g(x).
    public func value(_ x: Tensor) -> Double { 0 }
    /// prox_{tg}(v), as described in the type's documentation.
    public func proximal(_ v: Tensor, step t: Double) -> Tensor { v }
}
