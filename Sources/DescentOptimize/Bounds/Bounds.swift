import DescentCore

/// Simple bounds lᵢ ≤ xᵢ ≤ uᵢ on each variable (−∞ and +∞ for a free side), checked once when made.
///
/// The projection onto the box is P(x)ᵢ = min(max(xᵢ, lᵢ), uᵢ), and a point is stationary for
/// min f over the box exactly when its projected gradient step does not move it: P(x − ∇f) = x.
/// `projectedGradient` is that first-order measure, ‖P(x − ∇f(x)) − x‖, which L-BFGS-B uses as its
/// convergence test.
///
/// Reference: R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory algorithm for bound
/// constrained optimization", SIAM J. Sci. Comput. 16(5), 1995, §2 and §6.
public struct Bounds: Sendable, Equatable {
    /// Lower bounds lᵢ (−∞ for none).
    public let lower: [Double]
    /// Upper bounds uᵢ (+∞ for none).
    public let upper: [Double]

    /// Bounds per variable.
    /// - Throws: `BoundsError.countMismatch` when the two lists differ in length,
    ///   `.notANumber` for a NaN bound, `.infeasible` naming the first i with lᵢ > uᵢ, and
    ///   `.unreachable` for l = +∞ or u = −∞.
    public init(lower: [Double], upper: [Double]) throws {
        guard lower.count == upper.count else { throw BoundsError.countMismatch(lower: lower.count, upper: upper.count) }
        for i in lower.indices {
            if lower[i].isNaN || upper[i].isNaN { throw BoundsError.notANumber(index: i) }
            if lower[i] > upper[i] { throw BoundsError.infeasible(index: i, lower: lower[i], upper: upper[i]) }
            if lower[i] == .infinity || upper[i] == -.infinity {
                throw BoundsError.unreachable(index: i, lower: lower[i], upper: upper[i])
            }
        }
        self.lower = lower
        self.upper = upper
    }

    /// The same bounds l ≤ xᵢ ≤ u on each of `count` variables.
    /// - Throws: as `init(lower:upper:)`.
    public init(lower: Double = -.infinity, upper: Double = .infinity, count: Int) throws {
        precondition(count >= 0, "Bounds: count must be non-negative, got \(count)")
        try self.init(lower: [Double](repeating: lower, count: count), upper: [Double](repeating: upper, count: count))
    }

    /// The number of variables.
    public var count: Int { lower.count }

    /// P(x): each entry clamped into [lᵢ, uᵢ] (x flattened in row-major order, shape kept).
    public func project(_ x: Tensor) -> Tensor {
        precondition(x.count == count, "Bounds: \(count) bounds for a point of \(x.count) entries")
        let s = x.scalars
        return Tensor(shape: x.shape) { i in Swift.min(Swift.max(s[i], lower[i]), upper[i]) }
    }

    /// Whether lᵢ ≤ xᵢ ≤ uᵢ for every i.
    public func contains(_ x: Tensor) -> Bool {
        precondition(x.count == count, "Bounds: \(count) bounds for a point of \(x.count) entries")
        return x.scalars.indices.allSatisfy { lower[$0] <= x.scalars[$0] && x.scalars[$0] <= upper[$0] }
    }

    /// The projected gradient P(x − g) − x: zero exactly at the first-order (KKT) points of the box.
    public func projectedGradient(at x: Tensor, gradient g: Tensor) -> Tensor {
        precondition(x.count == count && g.count == count, "Bounds: \(count) bounds for x of \(x.count) and g of \(g.count) entries")
        let xs = x.scalars, gs = g.scalars
        return Tensor(shape: x.shape) { i in Swift.min(Swift.max(xs[i] - gs[i], lower[i]), upper[i]) - xs[i] }
    }
}

/// Bounds that cannot be used, with the variable and the values.
public enum BoundsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// lᵢ > uᵢ: the box is empty.
    case infeasible(index: Int, lower: Double, upper: Double)
    /// lᵢ = +∞ or uᵢ = −∞: no finite point satisfies the bound.
    case unreachable(index: Int, lower: Double, upper: Double)
    /// A bound is NaN.
    case notANumber(index: Int)
    /// The lower and upper lists differ in length.
    case countMismatch(lower: Int, upper: Int)
    /// The bounds are for a different number of variables than the starting point has.
    case dimensionMismatch(bounds: Int, variables: Int)

    /// A one-line explanation for people.
    public var description: String {
        switch self {
        case let .infeasible(index, lower, upper):
            return "bounds: lower bound \(lower) exceeds upper bound \(upper) for variable \(index), so no point is feasible"
        case let .unreachable(index, lower, upper):
            return "bounds: variable \(index) has lower bound \(lower) and upper bound \(upper), which no finite value satisfies"
        case let .notANumber(index):
            return "bounds: a bound of variable \(index) is NaN"
        case let .countMismatch(lower, upper):
            return "bounds: \(lower) lower bounds but \(upper) upper bounds"
        case let .dimensionMismatch(bounds, variables):
            return "bounds: \(bounds) bounds for a starting point of \(variables) variables"
        }
    }
}
