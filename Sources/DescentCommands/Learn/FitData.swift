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
    /// Reads `argument` (a path or `dataset:NAME`) with the target, dropped and one-hot columns.
    /// - Throws: `UsageError` for a dataset given columns it does not have, `CSVError` for a file,
    ///   `DatasetError` for an unknown dataset.
    static func read(_ argument: String, target: String?, drop: [String], oneHot: [String], missing: FitMissingValues) throws -> LabeledData {
        if case .dataset(let name) = MatrixFile.kind(of: argument) {
            let dataset = try Dataset.named(name)
            let data = try dataset.labeledData()
            if let target, target != data.targetName {
                throw UsageError("\(argument): the target of a bundled dataset is its '\(data.targetName)' column, not '\(target)' (drop --target)")
            }
            guard oneHot.isEmpty else { throw UsageError("\(argument): a bundled dataset has no text columns to one-hot encode (drop --one-hot)") }
            return drop.isEmpty ? data : try data.dropping(drop)
        }
        guard let target else {
            throw UsageError("\(argument): name the target column with --target COL (a CSV file has no default target)")
        }
        let options = TableReadingOptions(target: target, droppedColumns: drop, oneHotColumns: oneHot, missingValues: missing.policy)
        return try LabeledData(Table(contentsOfCSV: argument, options: options))
    }
}
