import DescentCore
import DescentLearn

/// DATA of the verbs that read a table (`fit`, `pca`): a CSV file with a header row, or
/// `dataset:NAME` for a bundled dataset, with columns dropped (`--drop`) and, for a file, a target
/// column kept apart, text columns one-hot encoded and a missing-value policy.
enum TableInput {
    /// Reads `argument` (a path or `dataset:NAME`) as a table. A bundled dataset always carries its
    /// own target (and class names), kept apart from the features.
    /// - Throws: `UsageError` for a dataset given a target or one-hot columns it does not have,
    ///   `LabeledDataError` for a dropped column a dataset does not have, `CSVError` for a file,
    ///   `DatasetError` for an unknown dataset.
    static func read(_ argument: String, target: String?, drop: [String], oneHot: [String] = [],
                     missing: MissingValuePolicy = .error) throws -> Table {
        if case .dataset(let name) = MatrixFile.kind(of: argument) {
            var data = try Dataset.named(name).labeledData()
            if let target, target != data.targetName {
                throw UsageError("\(argument): the target of a bundled dataset is its '\(data.targetName)' column, not '\(target)' (drop --target)")
            }
            guard oneHot.isEmpty else { throw UsageError("\(argument): a bundled dataset has no text columns to one-hot encode (drop --one-hot)") }
            if !drop.isEmpty { data = try data.dropping(drop) }
            return Table(columnNames: data.columnNames, features: data.features, targetName: data.targetName,
                         target: data.target, targetClasses: data.targetNames)
        }
        let options = TableReadingOptions(target: target, droppedColumns: drop, oneHotColumns: oneHot, missingValues: missing)
        return try Table(contentsOfCSV: argument, options: options)
    }
}
