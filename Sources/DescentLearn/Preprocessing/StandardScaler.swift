import DescentCore

/// Standardization z = (x − μ)/σ per column, with μ the column mean and σ the population standard
/// deviation √(Σ(x − μ)²/n) — scikit-learn's `StandardScaler` (ddof = 0). By default, unlike
/// scikit-learn, a constant column is a typed error naming it: it carries no information, and a model
/// on it would silently get a zero or arbitrary coefficient. `constantColumns: .keepUnscaled` does
/// what scikit-learn does instead (σ = 1 for that column, so it becomes 0 after centring), for data
/// such as images whose border pixels are always 0.
public struct StandardScaler: Sendable, Hashable {
    /// What to do with a column whose values are all equal (σ = 0).
    public enum ConstantColumns: Sendable, Hashable {
        /// Throw `PreprocessingError.constantColumn` naming the first one.
        case reject
        /// Centre it and divide by 1 (scikit-learn's `scale_ = 1`): the column becomes all zeros.
        case keepUnscaled
    }

    /// The column means μ (`[d]`).
    public let means: Tensor
    /// The column standard deviations σ (`[d]`, all > 0; 1 for a constant column kept unscaled).
    public let standardDeviations: Tensor
    /// Indices of the constant columns kept unscaled (empty with `.reject`).
    public let constantColumnIndices: [Int]

    /// Learns μ and σ of each column of X (two passes: mean, then centred squares).
    /// - Parameters:
    ///   - x: the n × d data, one sample per row.
    ///   - columnNames: optional names, used in the constant-column error.
    ///   - constantColumns: reject a constant column (the default) or keep it with σ = 1.
    /// - Throws: `PreprocessingError`.
    public init(fitting x: Tensor, columnNames: [String]? = nil, constantColumns: ConstantColumns = .reject) throws {
        guard x.rank == 2 && x.shape[0] > 0 && x.shape[1] > 0 else { throw PreprocessingError.shapeMismatch(expectedColumns: nil, shape: x.shape) }
        if let index = x.firstNonFiniteIndex { throw PreprocessingError.nonFinite(row: index[0], column: index[1], value: x[index]) }
        let (n, d) = (x.shape[0], x.shape[1])
        let mean = x.mean(alongAxis: 0)
        var squares = [Double](repeating: 0, count: d)
        x.scalars.withUnsafeBufferPointer { p in
            for i in 0..<n { for j in 0..<d { let c = p[i * d + j] - mean.scalars[j]; squares[j] += c * c } }
        }
        var sigma = squares.map { ($0 / Double(n)).squareRoot() }
        var constant: [Int] = []
        for j in 0..<d {
            // Rounding can leave a tiny σ for a constant column; a column whose values all equal the
            // first is constant, whatever σ rounded to.
            let first = x.scalars[j]
            if sigma[j] == 0 || (0..<n).allSatisfy({ x.scalars[$0 * d + j] == first }) {
                guard constantColumns == .keepUnscaled else {
                    throw PreprocessingError.constantColumn(index: j, name: columnNames.flatMap { $0.indices.contains(j) ? $0[j] : nil }, value: first)
                }
                sigma[j] = 1
                constant.append(j)
            }
        }
        constantColumnIndices = constant
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
