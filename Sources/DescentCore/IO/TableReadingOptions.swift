/// What to do with a missing value (an empty field, `NA`, or `nan` in any case) in a table.
public enum MissingValuePolicy: String, Sendable, Equatable, CaseIterable {
    /// A missing value is an error naming its line and column (the default: nothing is guessed).
    case error
    /// Rows with a missing value in any kept column (features or target) are left out.
    case dropRows
    /// A missing feature becomes the mean of its column's present values, xᵢⱼ ← (1/|Pⱼ|) Σ_{k∈Pⱼ} xₖⱼ,
    /// as scikit-learn's `SimpleImputer(strategy="mean")`; a one-hot column's mean is its category's
    /// frequency. A missing *target* is still an error: a label is never invented.
    case meanImputation
}

/// How to read a CSV file with a header row into a `Table`: which column is the target, which are
/// dropped, which are categorical (one-hot encoded), what to do with missing values, and the limits
/// that bound memory.
public struct TableReadingOptions: Sendable, Equatable {
    /// The column to keep apart as the target (label); nil for none.
    public var target: String?
    /// Columns to leave out; their fields are not parsed at all.
    public var droppedColumns: [String]
    /// String columns to one-hot encode: column `color` with categories `blue`, `red` becomes the
    /// 0/1 columns `color=blue`, `color=red` (categories in sorted order, the same on every run).
    public var oneHotColumns: [String]
    /// What to do with missing values.
    public var missingValues: MissingValuePolicy
    /// Limits on the number of values and the length of a field, and whether ±∞ is accepted
    /// (by default it is not: a table is data to fit, and ∞ in data is a mistake to point at).
    public var limits: CSVReadingOptions

    /// Options for a table; by default no target, nothing dropped or encoded, missing values an
    /// error, and ±∞ refused.
    public init(target: String? = nil, droppedColumns: [String] = [], oneHotColumns: [String] = [],
                missingValues: MissingValuePolicy = .error, limits: CSVReadingOptions = CSVReadingOptions(allowsNonFinite: false)) {
        self.target = target
        self.droppedColumns = droppedColumns
        self.oneHotColumns = oneHotColumns
        self.missingValues = missingValues
        self.limits = limits
    }
}
