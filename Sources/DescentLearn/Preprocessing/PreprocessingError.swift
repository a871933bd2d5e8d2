/// Why a column could not be standardized.
public enum PreprocessingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The column has zero variance, so (x − μ)/σ is undefined.
    case constantColumn(index: Int, name: String?, value: Double)
    /// An entry is NaN or ±∞.
    case nonFinite(row: Int, column: Int, value: Double)
    /// The data is not a non-empty matrix, or has another number of columns than the scaler was fitted on.
    case shapeMismatch(expectedColumns: Int?, shape: [Int])

    public var description: String {
        switch self {
        case let .constantColumn(index, name, value):
            return "standardization: column \(index)\(name.map { " (\"\($0)\")" } ?? "") is constant (every value is \(value)), so it has no scale; drop it"
        case let .nonFinite(row, column, value):
            return "standardization: entry (\(row), \(column)) is \(value), but all entries must be finite"
        case let .shapeMismatch(expected, shape):
            let got = "(" + shape.map(String.init).joined(separator: ", ") + ")"
            return expected.map { "standardization: fitted on \($0) columns, got shape \(got)" }
                ?? "standardization: needs a non-empty matrix, got shape \(got)"
        }
    }
}
