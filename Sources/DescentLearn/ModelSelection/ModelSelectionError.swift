/// Why data could not be split.
public enum ModelSelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// K-fold cross-validation needs at least k rows (each fold tests at least one).
    case tooFewRows(rows: Int, folds: Int)
    /// A fold count below 2.
    case invalidFoldCount(Int)
    /// Explicit test folds that are empty, overlap, leave out rows or hold an index outside 0..<n.
    case invalidFolds(reason: String)
    /// A test fraction outside (0, 1), or one that leaves the training or the test part empty.
    case invalidTestFraction(fraction: Double, rows: Int)

    public var description: String {
        switch self {
        case let .tooFewRows(rows, folds):
            return "cross-validation: \(folds) folds need at least \(folds) rows, but there are \(rows)"
        case let .invalidFoldCount(k):
            return "cross-validation: the number of folds must be at least 2, got \(k)"
        case let .invalidFolds(reason):
            return "cross-validation folds: \(reason)"
        case let .invalidTestFraction(fraction, rows):
            return "train/test split: a test fraction of \(fraction) of \(rows) rows leaves the training or the test part empty"
        }
    }
}
