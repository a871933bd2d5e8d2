import DescentCore

/// Why a linear model could not be fitted (or used) with the data given.
///
/// These are data errors (the second kind of failure in ARCHITECTURE.md): each message says what
/// is wrong and where (row and column, both shapes, the parameter and its value).
public enum LinearModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An entry of X, y or the sample weights is NaN or ±∞; `index` is (row, column) for X, (row) for y.
    case nonFinite(what: String, index: [Int], value: Double)
    /// X and y (or the weights, or the column names) do not fit together.
    case shapeMismatch(what: String, shapes: [[Int]])
    /// X has no rows or no columns.
    case empty(shape: [Int])
    /// Ordinary least squares by normal equations or QR needs at least as many rows as columns.
    case moreColumnsThanRows(rows: Int, columns: Int, solver: String)
    /// XᵀX (+ αI) is singular or not positive definite to working precision, so Cholesky cannot solve
    /// the normal equations.
    case singularNormalEquations(leadingMinor: Int, columns: Int)
    /// X (or [X; √α·I]) is rank deficient to working precision, so the QR solve has no unique answer.
    case rankDeficient(columns: Int, solver: String)
    /// A configuration value is outside its domain (α < 0, l1 ratio outside [0, 1], tol ≤ 0, …).
    case invalidParameter(name: String, value: Double, requirement: String)
    /// The solver cannot handle this kind of input (e.g. FISTA with sparse X).
    case unsupportedSolver(solver: String, reason: String)
    /// A sample weight is negative, or all weights are 0.
    case invalidSampleWeights(reason: String)
    /// A model was asked to predict for data with another number of columns than it was fitted on.
    case columnCountMismatch(fitted: Int, given: Int)

    public var description: String {
        switch self {
        case let .nonFinite(what, index, value):
            return "\(what): entry (\(index.map(String.init).joined(separator: ", "))) is \(value), but all entries must be finite"
        case let .shapeMismatch(what, shapes):
            return "\(what): shapes do not fit: " + shapes.map { "(" + $0.map(String.init).joined(separator: ", ") + ")" }.joined(separator: " and ")
        case let .empty(shape):
            return "X has shape (\(shape.map(String.init).joined(separator: ", "))): at least one row and one column are needed"
        case let .moreColumnsThanRows(rows, columns, solver):
            return "ordinary least squares by \(solver): X has more columns (\(columns)) than rows (\(rows)), so XᵀX is singular; "
                + "use the SVD solver for the minimum-norm solution, or ridge regression (alpha > 0)"
        case let .singularNormalEquations(minor, columns):
            return "normal equations: XᵀX (\(columns) × \(columns)) is singular or not positive definite to working precision "
                + "(leading minor of order \(minor)); use the QR or SVD solver, or ridge regression (alpha > 0)"
        case let .rankDeficient(columns, solver):
            return "\(solver): the \(columns) columns of X are linearly dependent to working precision; "
                + "use the SVD solver for the minimum-norm solution, or ridge regression (alpha > 0)"
        case let .invalidParameter(name, value, requirement):
            return "\(name) = \(value): \(requirement)"
        case let .unsupportedSolver(solver, reason):
            return "solver \(solver): \(reason)"
        case let .invalidSampleWeights(reason):
            return "sample weights: \(reason)"
        case let .columnCountMismatch(fitted, given):
            return "the model was fitted on \(fitted) column\(fitted == 1 ? "" : "s"), but X has \(given)"
        }
    }
}
