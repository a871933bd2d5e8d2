import DescentCore

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
