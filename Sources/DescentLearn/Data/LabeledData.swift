import DescentCore

/// Features with named columns and a target: what a supervised model is fitted to.
///
/// `features` is n × p (one row per sample, one column per name in `columnNames`); `target` holds
/// one value per sample: a number for regression, a class index 0 … k−1 for classification, where
/// class c is called `targetNames[c]` (empty for regression).
public struct LabeledData: Sendable, Equatable {
    /// The n × p feature matrix.
    public let features: Tensor
    /// The p column names, in the order of `features`' columns.
    public let columnNames: [String]
    /// The n target values.
    public let target: Tensor
    /// The target column's name.
    public let targetName: String
    /// The class names for a classification target (class c is `targetNames[c]`); empty for regression.
    public let targetNames: [String]

    /// Labeled data from its parts.
    /// - Precondition: `features` is a matrix with one column per name; `target` has one value per row;
    ///   when `targetNames` is non-empty, every target value is a class index into it.
    public init(features: Tensor, columnNames: [String], target: Tensor, targetName: String = "target", targetNames: [String] = []) {
        precondition(features.rank == 2 && features.shape[1] == columnNames.count,
                     "LabeledData: features of shape \(features.shape) for \(columnNames.count) column names")
        precondition(target.shape == [features.shape[0]],
                     "LabeledData: target of shape \(target.shape) for \(features.shape[0]) rows")
        precondition(targetNames.isEmpty || target.scalars.allSatisfy { $0 >= 0 && $0 < Double(targetNames.count) && $0 == $0.rounded() },
                     "LabeledData: a target value is not a class index below \(targetNames.count)")
        self.features = features
        self.columnNames = columnNames
        self.target = target
        self.targetName = targetName
        self.targetNames = targetNames
    }

    /// The features and target of a table read with a target column (`TableReadingOptions.target`);
    /// a text target's sorted class names become `targetNames`.
    /// - Throws: `LabeledDataError.noTarget` when the table has no target column.
    public init(_ table: Table) throws {
        guard let target = table.target, let name = table.targetName else { throw LabeledDataError.noTarget }
        self.init(features: table.features, columnNames: table.columnNames, target: target, targetName: name,
                  targetNames: table.targetClasses)
    }

    /// The number of samples n.
    public var rows: Int { features.shape[0] }

    /// The number of features p.
    public var columns: Int { features.shape[1] }

    /// The number of samples in each class, in class order (empty for regression).
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: targetNames.count)
        for y in target.scalars where !targetNames.isEmpty { counts[Int(y)] += 1 }
        return counts
    }

    /// The feature column called `name`.
    /// - Throws: `LabeledDataError.unknownColumn` with the close names.
    public func column(_ name: String) throws -> Tensor {
        guard let j = columnNames.firstIndex(of: name) else {
            throw LabeledDataError.unknownColumn(name, hint: ClosestNames.hint(for: name, among: columnNames))
        }
        return features.column(j)
    }

    /// The data without the columns named (and with the remaining names in order).
    /// - Throws: `LabeledDataError.unknownColumn` for a name that is not a column.
    public func dropping(_ names: [String]) throws -> LabeledData {
        for name in names where !columnNames.contains(name) {
            throw LabeledDataError.unknownColumn(name, hint: ClosestNames.hint(for: name, among: columnNames))
        }
        let kept = columnNames.indices.filter { !names.contains(columnNames[$0]) }
        let n = rows, p = columns
        let selected = Tensor(shape: [n, kept.count]) { k in features.scalars[(k / kept.count) * p + kept[k % kept.count]] }
        return LabeledData(features: selected, columnNames: kept.map { columnNames[$0] }, target: target,
                           targetName: targetName, targetNames: targetNames)
    }
}

/// Why labeled data could not be formed or queried.
public enum LabeledDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The table was read without a target column.
    case noTarget
    /// No feature column has this name; `hint` lists the close names.
    case unknownColumn(String, hint: String)

    /// One line.
    public var description: String {
        switch self {
        case .noTarget: return "the table has no target column (name one when reading it)"
        case let .unknownColumn(name, hint): return "no column '\(name)'\(hint)"
        }
    }
}
