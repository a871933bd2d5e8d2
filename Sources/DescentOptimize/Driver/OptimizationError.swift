import DescentCore

/// Why `minimize` could not start: bad data or a method the objective cannot feed.
///
/// A bad configuration (a non-positive step size, an empty memory) is the programmer's, not the
/// data's, and fails a precondition instead.
///
/// Numerical outcomes during the run (divergence, NaN, no convergence) are not errors: they are
/// reported by `OptimizationResult.termination`.
public enum OptimizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The starting point has a NaN or infinite entry at this index.
    case nonFiniteStartingPoint(index: Int, value: Double)
    /// The method needs a derivative the objective does not provide (e.g. Newton needs a Hessian).
    case missingDerivative(method: String, needs: String)
    /// A saved `MinimizerState` cannot continue this minimization (the reason says why: another
    /// problem's size, a non-finite iterate, a negative count).
    case incompatibleState(method: String, reason: String)

    /// A one-line explanation for people.
    public var description: String {
        switch self {
        case let .nonFiniteStartingPoint(index, value):
            return "minimize: starting point entry \(index) is \(value), but all entries must be finite"
        case let .missingDerivative(method, needs):
            return "minimize: \(method) needs \(needs), which the objective does not provide"
        case let .incompatibleState(method, reason):
            return "minimize: cannot resume \(method) from the saved state: \(reason)"
        }
    }
}
