import DescentCore

/// Why a clustering could not be computed: bad data or an impossible request (ARCHITECTURE.md,
/// failure kind 2). Each message is one line that says what and where.
public enum ClusteringError: Error, Equatable, Sendable, CustomStringConvertible {
    /// k is 0 or larger than the number of points.
    case invalidClusterCount(requested: Int, points: Int)
    /// The data have no rows or no columns.
    case emptyData(shape: [Int])
    /// A NaN or infinite value at (row, column).
    case nonFinite(row: Int, column: Int, value: Double)
    /// The affinity matrix is not square with one row per point.
    case affinityShape(shape: [Int])
    /// An affinity entry is negative or non-finite at (row, column).
    case invalidAffinity(row: Int, column: Int, value: Double)
    /// The affinity matrix is not symmetric at (row, column).
    case asymmetricAffinity(row: Int, column: Int)
    /// The nearest-neighbour graph asks for more neighbours than there are points.
    case tooManyNeighbors(requested: Int, points: Int)
    /// Initial centres of the wrong shape for k-means.
    case initialCentersShape(expected: [Int], got: [Int])
    /// Two label vectors of different lengths.
    case labelCountMismatch(Int, Int)

    /// One line.
    public var description: String {
        switch self {
        case let .invalidClusterCount(k, n):
            return "cannot form \(k) clusters from \(n) points (k must be between 1 and the number of points)"
        case let .emptyData(shape):
            return "no data to cluster (shape \(ClusteringError.format(shape)))"
        case let .nonFinite(row, column, value):
            return "non-finite value \(value) at row \(row), column \(column) of the data"
        case let .affinityShape(shape):
            return "an affinity matrix must be square (n × n), got shape \(ClusteringError.format(shape))"
        case let .invalidAffinity(row, column, value):
            return "affinity entry (\(row), \(column)) is \(value); affinities must be finite and non-negative"
        case let .asymmetricAffinity(row, column):
            return "the affinity matrix is not symmetric: entries (\(row), \(column)) and (\(column), \(row)) differ"
        case let .tooManyNeighbors(requested, points):
            return "a nearest-neighbour graph of \(requested) neighbours needs at least \(requested) points, got \(points)"
        case let .initialCentersShape(expected, got):
            return "initial centres must have shape \(ClusteringError.format(expected)), got \(ClusteringError.format(got))"
        case let .labelCountMismatch(a, b):
            return "the two labelings have different lengths (\(a) and \(b))"
        }
    }

    /// A shape written as people read it: `3 × 4`.
    static func format(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: " × ") }

    /// Throws `.emptyData` or `.nonFinite` (first bad entry in row-major order) for a data matrix.
    static func requireFiniteData(_ x: Tensor) throws {
        guard x.rank == 2, x.shape[0] > 0, x.shape[1] > 0 else { throw ClusteringError.emptyData(shape: x.shape) }
        let d = x.shape[1]
        try x.scalars.withUnsafeBufferPointer { values in
            for (index, value) in values.enumerated() where !value.isFinite {
                throw ClusteringError.nonFinite(row: index / d, column: index % d, value: value)
            }
        }
    }
}
