import DescentCore

/// Bad input to the curvature and stability diagnostics: what is wrong, with the sizes involved.
public enum CurvatureError: Error, Equatable, CustomStringConvertible {
    /// More extreme eigenvalues were asked for than the Hessian has.
    case countExceedsDimension(count: Int, dimension: Int)
    /// The point has no variables.
    case emptyPoint
    /// An entry of the gradient or of the Hessian is NaN or ±∞ (flat index into the n × n matrix).
    case nonFinite(what: String, index: Int, value: Double)
    /// A Hessian-vector product of the iterative eigensolver had a NaN or ±∞ entry.
    case nonFiniteProduct
    /// A count that must be at least `minimum` (probes, steps) was smaller.
    case countTooSmall(what: String, count: Int, minimum: Int)
    /// The objective has no Hessian (it is not twice differentiable).
    case noHessian(reason: String)

    /// One line naming the quantity and the numbers involved.
    public var description: String {
        switch self {
        case let .countExceedsDimension(count, dimension):
            return "asked for the \(count) largest and smallest Hessian eigenvalues, but the Hessian is \(dimension) × \(dimension) (at most \(dimension))"
        case .emptyPoint:
            return "the point has no variables, so there is no Hessian to analyse"
        case let .nonFinite(what, index, value):
            return "the \(what) is not finite: entry \(index) is \(value)"
        case .nonFiniteProduct:
            return "a Hessian-vector product is not finite (NaN or ±∞) at this point"
        case let .countTooSmall(what, count, minimum):
            return "the number of \(what) must be at least \(minimum), got \(count)"
        case let .noHessian(reason):
            return "no Hessian: \(reason)"
        }
    }
}
