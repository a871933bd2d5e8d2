/// Why a metric could not be computed.
public enum RegressionMetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The true and predicted values (or the weights) differ in shape.
    case shapeMismatch(shapes: [[Int]])
    /// There are no values.
    case empty
    /// A value is NaN or ±∞ (`which` names the argument).
    case nonFinite(which: String, index: Int, value: Double)

    public var description: String {
        switch self {
        case let .shapeMismatch(shapes):
            return "metric: shapes do not fit: " + shapes.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }.joined(separator: " and ")
        case .empty: return "metric: no values"
        case let .nonFinite(which, index, value): return "metric: \(which)[\(index)] is \(value), but all values must be finite"
        }
    }
}
