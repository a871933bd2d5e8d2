import DescentCore

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
