import DescentCore

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

/// How rows are split into cross-validation folds.
public enum Folds: Sendable, Hashable {
    /// k consecutive folds (scikit-learn's `KFold(k, shuffle=False)`: the first n mod k folds have
    /// ⌊n/k⌋ + 1 rows), after a seeded shuffle of the rows when `shuffleSeed` is given.
    case kFold(_ count: Int, shuffleSeed: UInt64? = nil)
    /// The test rows of each fold, given explicitly (each row in exactly one fold); the training rows
    /// of a fold are all the others.
    case explicit(testRows: [[Int]])

    /// The test rows of each fold for n rows.
    /// - Throws: `ModelSelectionError` for k < 2, fewer rows than folds, or invalid explicit folds.
    public func testRows(forRowCount n: Int) throws -> [[Int]] {
        switch self {
        case let .kFold(k, seed):
            guard k >= 2 else { throw ModelSelectionError.invalidFoldCount(k) }
            guard n >= k else { throw ModelSelectionError.tooFewRows(rows: n, folds: k) }
            var order = Array(0..<n)
            if let seed {
                var generator = SeededGenerator(seed: seed)
                order = generator.permutation(n)
            }
            var folds: [[Int]] = []
            var start = 0
            for f in 0..<k {
                let size = n / k + (f < n % k ? 1 : 0)
                folds.append(Array(order[start..<(start + size)]))
                start += size
            }
            return folds
        case let .explicit(folds):
            guard folds.count >= 2 else { throw ModelSelectionError.invalidFoldCount(folds.count) }
            var seen = [Bool](repeating: false, count: n)
            for (f, fold) in folds.enumerated() {
                guard !fold.isEmpty else { throw ModelSelectionError.invalidFolds(reason: "fold \(f) is empty") }
                for i in fold {
                    guard i >= 0 && i < n else { throw ModelSelectionError.invalidFolds(reason: "fold \(f) holds row \(i), outside 0..<\(n)") }
                    guard !seen[i] else { throw ModelSelectionError.invalidFolds(reason: "row \(i) is in more than one fold") }
                    seen[i] = true
                }
            }
            if let missing = seen.firstIndex(of: false) {
                throw ModelSelectionError.invalidFolds(reason: "row \(missing) is in no fold")
            }
            return folds
        }
    }
}

/// A seeded random split of row indices into a training and a test part.
public struct TrainTestSplit: Sendable, Hashable {
    /// Training rows (in shuffled order).
    public let trainRows: [Int]
    /// Test rows (in shuffled order).
    public let testRows: [Int]

    /// Splits n rows: ⌈fraction·n⌉ test rows (scikit-learn's rounding for `test_size`), the rest
    /// training, from one seeded permutation.
    /// - Throws: `.invalidTestFraction` unless 0 < fraction < 1 leaves both parts non-empty.
    public init(rowCount n: Int, testFraction: Double = 0.25, seed: UInt64) throws {
        let testCount = testFraction.isFinite ? Int((testFraction * Double(n)).rounded(.up)) : 0
        guard testFraction > 0 && testFraction < 1 && testCount >= 1 && testCount < n else {
            throw ModelSelectionError.invalidTestFraction(fraction: testFraction, rows: n)
        }
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(n)
        testRows = Array(order[..<testCount])
        trainRows = Array(order[testCount...])
    }

    /// (X_train, X_test, y_train, y_test) for a matrix X and targets y with n rows.
    /// - Precondition: X and y have the split's row count.
    public func apply(_ x: Tensor, _ y: Tensor) -> (xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor) {
        precondition(x.rank == 2 && y.rank == 1 && x.shape[0] == y.shape[0] && x.shape[0] == trainRows.count + testRows.count,
                     "TrainTestSplit.apply: X shape \(x.shape) and y shape \(y.shape) do not fit a split of \(trainRows.count + testRows.count) rows")
        return (x.gatherRows(trainRows), x.gatherRows(testRows), Tensor(trainRows.map { y.scalars[$0] }), Tensor(testRows.map { y.scalars[$0] }))
    }
}
