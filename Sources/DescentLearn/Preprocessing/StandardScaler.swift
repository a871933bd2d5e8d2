import DescentCore

/// Standardization z = (x − μ)/σ per column, with μ the column mean and σ the population standard
/// deviation √(Σ(x − μ)²/n) — scikit-learn's `StandardScaler` (ddof = 0). Unlike scikit-learn, which
/// leaves a constant column unscaled, a constant column is a typed error naming it: it carries no
/// information, and a model on it would silently get a zero or arbitrary coefficient.
public struct StandardScaler: Sendable, Hashable {
    /// The column means μ (`[d]`).
    public let means: Tensor
    /// The column standard deviations σ (`[d]`, all > 0).
    public let standardDeviations: Tensor

    /// Learns μ and σ of each column of X (two passes: mean, then centred squares).
    /// - Parameters:
    ///   - x: the n × d data, one sample per row.
    ///   - columnNames: optional names, used in the constant-column error.
    /// - Throws: `PreprocessingError`.
    public init(fitting x: Tensor, columnNames: [String]? = nil) throws {
        guard x.rank == 2 && x.shape[0] > 0 && x.shape[1] > 0 else { throw PreprocessingError.shapeMismatch(expectedColumns: nil, shape: x.shape) }
        if let index = x.firstNonFiniteIndex { throw PreprocessingError.nonFinite(row: index[0], column: index[1], value: x[index]) }
        let (n, d) = (x.shape[0], x.shape[1])
        let mean = x.mean(alongAxis: 0)
        var squares = [Double](repeating: 0, count: d)
        x.scalars.withUnsafeBufferPointer { p in
            for i in 0..<n { for j in 0..<d { let c = p[i * d + j] - mean.scalars[j]; squares[j] += c * c } }
        }
        let sigma = squares.map { ($0 / Double(n)).squareRoot() }
        for j in 0..<d {
            // Rounding can leave a tiny σ for a constant column; a column whose values all equal the
            // first is constant, whatever σ rounded to.
            let first = x.scalars[j]
            if sigma[j] == 0 || (0..<n).allSatisfy({ x.scalars[$0 * d + j] == first }) {
                throw PreprocessingError.constantColumn(index: j, name: columnNames.flatMap { $0.indices.contains(j) ? $0[j] : nil }, value: first)
            }
        }
        means = mean
        standardDeviations = Tensor(sigma)
    }

    /// (X − μ)/σ column by column.
    /// - Throws: `.shapeMismatch` when X has another number of columns; `.nonFinite`.
    public func transform(_ x: Tensor) throws -> Tensor {
        try check(x)
        return (x - means) / standardDeviations
    }

    /// X·σ + μ: undoes `transform`.
    public func inverseTransform(_ z: Tensor) throws -> Tensor {
        try check(z)
        return z * standardDeviations + means
    }

    private func check(_ x: Tensor) throws {
        guard x.rank == 2 && x.shape[1] == means.count else { throw PreprocessingError.shapeMismatch(expectedColumns: means.count, shape: x.shape) }
        if let index = x.firstNonFiniteIndex { throw PreprocessingError.nonFinite(row: index[0], column: index[1], value: x[index]) }
    }
}
