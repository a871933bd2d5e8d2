import ArgumentParser
import DescentCore
import DescentLearn

/// What `descent fit` does with missing values (`--missing`).
public enum FitMissingValues: String, CaseIterable, ExpressibleByArgument, Sendable {
    case error
    case dropRows = "drop-rows"
    case mean

    var policy: MissingValuePolicy {
        switch self {
        case .error: return .error
        case .dropRows: return .dropRows
        case .mean: return .meanImputation
        }
    }
}

/// The data of `descent fit`: a CSV file with a header row, or `dataset:NAME`, as labeled data.
enum FitData {
    /// Reads `argument` (a path or `dataset:NAME`, through `TableInput`) with the target, dropped and
    /// one-hot columns; a file must name its target.
    /// - Throws: `UsageError` for a file without `--target` or a dataset given columns it does not
    ///   have, `CSVError` for a file, `DatasetError` for an unknown dataset.
    static func read(_ argument: String, target: String?, drop: [String], oneHot: [String], missing: FitMissingValues) throws -> LabeledData {
        if case .dataset = MatrixFile.kind(of: argument) {} else if target == nil {
            throw UsageError("\(argument): name the target column with --target COL (a CSV file has no default target)")
        }
        return try LabeledData(TableInput.read(argument, target: target, drop: drop, oneHot: oneHot, missing: missing.policy))
    }
}
