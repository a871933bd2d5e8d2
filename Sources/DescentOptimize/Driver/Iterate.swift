import DescentCore

/// One point of an optimization run with what is known there: x, f(x) and ∇f(x).
///
/// For composite objectives f + g (proximal methods) `value` is the full objective f(x) + g(x) and
/// `gradient` is ∇f(x) of the smooth part.
public struct Iterate: Sendable {
    /// The point x.
    public var x: Tensor
    /// The objective value at x.
    public var value: Double
    /// The gradient at x (of the smooth part for composite objectives).
    public var gradient: Tensor

    /// An iterate from its point, value and gradient.
    public init(x: Tensor, value: Double, gradient: Tensor) {
        self.x = x
        self.value = value
        self.gradient = gradient
    }
}
