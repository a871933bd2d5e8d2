import DescentCore

/// Principal component analysis: the k orthogonal directions of largest variance of a data matrix,
/// as scikit-learn's `PCA` finds them (same centring, scaling, sign convention and attributes).
///
/// With X (n × d), μ its column means and X̄ = X − 1μᵀ = UΣVᵀ, the principal axes are the first k
/// right singular vectors vᵢ (the eigenvectors of the sample covariance C = X̄ᵀX̄/(n − 1)) and the
/// variance along vᵢ is λᵢ = σᵢ²/(n − 1). Every method returns the same `FittedPCA`:
///
/// - `.full`: the SVD of X̄ (LAPACK `dgesdd`; for n ≥ 11d/6 that of the d × d R of a Householder
///   QR of X̄, which has the same σ and Vᵀ, so U is never formed); O(nd·min(n, d)).
/// - `.covariance`: the eigendecomposition of C (LAPACK `dsyevd`); O(nd² + d³), fastest for n ≫ d
///   but squares the condition number, so λᵢ below about ε·λ₁ lose their relative accuracy.
/// - `.randomized`: Halko–Martinsson–Tropp randomized SVD of X̄ (`RandomizedSVD`, QR-normalized power
///   iterations); O(ndl·(q + 1)) for l = k + p samples; accurate to the tail σₖ₊₁ of the spectrum
///   (exact when rank X̄ ≤ k + p).
/// - `.incremental`: scikit-learn's `IncrementalPCA` (Ross et al. 2008): batches of rows folded into
///   a running SVD; equal to `.full` when k = min(n, d), an approximation otherwise.
///
/// A `SparseMatrix` is never densified: its mean is subtracted implicitly, inside the products
/// (`.covariance` forms XᵀX − nμμᵀ from the stored entries; `.randomized` applies X̄ as X − 1μᵀ).
///
/// ```swift
/// let x = Dataset.digits.features                         // 1797 × 64
/// let pca = try PCA(components: 2).fit(x)
/// let scores = try pca.transform(x)                       // 1797 × 2
/// print(pca.explainedVarianceRatio)                       // [0.1489, 0.1362]
/// ```
///
/// Reference: I. T. Jolliffe, *Principal Component Analysis*, 2nd ed., Springer 2002, ch. 1–3;
/// Halko, Martinsson & Tropp, SIAM Review 53(2), 2011; D. Ross, J. Lim, R.-S. Lin, M.-H. Yang,
/// "Incremental learning for robust visual tracking", IJCV 77, 2008.
public struct PCA: Sendable, Equatable {
    /// How the principal axes are computed.
    public enum Method: Sendable, Equatable {
        /// The thin SVD of the centred data.
        case full
        /// The symmetric eigendecomposition of the sample covariance matrix.
        case covariance
        /// Randomized SVD with `oversampling` extra samples and `powerIterations` q (nil: scikit-learn's
        /// rule, 7 when k < 0.1·min(n, d), else 4), the Gaussian test matrix drawn from `seed`.
        case randomized(oversampling: Int = 10, powerIterations: Int? = nil, seed: UInt64 = 0)
        /// Batches of `batchSize` rows (nil: 5d, scikit-learn's default) folded into a running SVD.
        case incremental(batchSize: Int? = nil)

        /// The method's name, as the command line spells it.
        public var name: String {
            switch self {
            case .full: return "full"
            case .covariance: return "covariance"
            case .randomized: return "randomized"
            case .incremental: return "incremental"
            }
        }
    }

    /// The number of components k, 1 ≤ k ≤ min(n, d).
    public var components: Int
    /// The method.
    public var method: Method
    /// Whether `transform` divides each score by √λᵢ (unit-variance scores, scikit-learn's `whiten`).
    public var whiten: Bool

    /// A configuration; the full SVD and no whitening by default (as scikit-learn for small data).
    public init(components: Int, method: Method = .full, whiten: Bool = false) {
        self.components = components
        self.method = method
        self.whiten = whiten
    }

    /// Fits the principal axes of the rows of `x` (n × d).
    /// - Throws: `PCAError.invalidComponentCount` unless 1 ≤ k ≤ min(n, d), `.tooFewSamples` for
    ///   n < 2, `.nonFinite` for a NaN or ±∞ entry, `.zeroVariance` when every column is constant,
    ///   `.invalidParameter` for a bad batch size, oversampling or power iteration count, and the
    ///   decompositions' `LinearAlgebraError`s.
    public func fit(_ x: Tensor) throws -> FittedPCA {
        precondition(x.rank == 2, "PCA.fit: needs a matrix, got shape \(x.shape)")
        let (n, d) = (x.shape[0], x.shape[1])
        try validate(rows: n, columns: d)
        try PCAError.requireFinite(x)
        switch method {
        case .full:
            let mean = x.mean(alongAxis: 0)
            let (vt, sigma) = try PCA.rightSingularVectors(x - mean)
            return try finish(vt: vt, singularValues: sigma, mean: mean, rows: n, totalSquares: nil)
        case .covariance:
            let mean = x.mean(alongAxis: 0)
            // XᵀX − nμμᵀ rather than X̄ᵀX̄: no centred copy of X (scikit-learn's covariance_eigh does the same).
            return try fitCovariance(x.gram - Double(n) * outer(mean, mean), mean: mean, rows: n)
        case let .randomized(oversampling, powerIterations, seed):
            let mean = x.mean(alongAxis: 0)
            let centred = x - mean
            return try fitRandomized(centred, mean: mean, rows: n, totalSquares: centred.squaredNorm(),
                                     oversampling: oversampling, powerIterations: powerIterations, seed: seed)
        case let .incremental(batchSize):
            var incremental = try IncrementalPCA(configuration: self)
            let size = batchSize ?? 5 * d
            for rows in IncrementalPCA.batches(rows: n, batchSize: size, minimumBatchSize: components) {
                try incremental.partialFit(x.slice(rows: rows))
            }
            return try incremental.fitted()
        }
    }

    /// Fits the principal axes of the rows of a sparse `x` without densifying it (`.covariance` and
    /// `.randomized`; the centring is implicit).
    /// - Throws: as the dense `fit`, and `PCAError.sparseUnsupported` for `.full` and `.incremental`.
    public func fit(_ x: SparseMatrix) throws -> FittedPCA {
        let (n, d) = (x.rows, x.columns)
        try validate(rows: n, columns: d)
        try PCAError.requireFinite(x)
        let mean = x.columnSums / Double(n)
        switch method {
        case .full, .incremental:
            throw PCAError.sparseUnsupported(method: method.name)
        case .covariance:
            return try fitCovariance(PCA.gram(of: x) - Double(n) * outer(mean, mean), mean: mean, rows: n)
        case let .randomized(oversampling, powerIterations, seed):
            // Σᵢⱼ (xᵢⱼ − μⱼ)² = Σ xᵢⱼ² − n‖μ‖², from the stored entries.
            let squares = x.values.reduce(0) { $0 + $1 * $1 } - Double(n) * mean.squaredNorm()
            return try fitRandomized(CenteredSparseOperator(matrix: x, mean: mean), mean: mean, rows: n,
                                     totalSquares: Swift.max(squares, 0), oversampling: oversampling,
                                     powerIterations: powerIterations, seed: seed)
        }
    }

    // MARK: Pieces

    private func validate(rows n: Int, columns d: Int) throws {
        guard components >= 1 && components <= Swift.min(n, d) else {
            throw PCAError.invalidComponentCount(requested: components, rows: n, columns: d, limit: Swift.min(n, d))
        }
        guard n >= 2 else { throw PCAError.tooFewSamples(rows: n) }
        switch method {
        case .full, .covariance: break
        case let .randomized(oversampling, powerIterations, _):
            guard oversampling >= 0 else { throw PCAError.invalidParameter(name: "oversampling", value: Double(oversampling), requirement: "≥ 0") }
            if let q = powerIterations, q < 0 {
                throw PCAError.invalidParameter(name: "power iterations", value: Double(q), requirement: "≥ 0")
            }
        case let .incremental(batchSize):
            if let size = batchSize, size < components {
                throw PCAError.invalidParameter(name: "batch size", value: Double(size), requirement: "at least the number of components (\(components))")
            }
        }
    }

    /// Vᵀ (min(n, d) × d) and σ of an n × d matrix X̄ (the centred data, or IncrementalPCA's stacked
    /// running factors and batch) by LAPACK `dgesdd`, arranged so that as little work as possible
    /// goes into U, which PCA never uses:
    ///
    /// - n ≥ 11d/6 (LAPACK's own crossover, `MNTHR` in `dgesdd`): the Householder QR X̄ = QR, then
    ///   the SVD of the d × d triangle R = U_R Σ Vᵀ. X̄ = (QU_R) Σ Vᵀ, so R has X̄'s σ and Vᵀ. This
    ///   is the path `dgesdd` itself takes for such a tall matrix, minus the product Q·U_R (2nd²
    ///   flops, a third of the work at 10⁴ × 500). (`QR` still forms Q, which is dropped.)
    /// - d ≤ n < 11d/6: `SVD` of X̄ᵀ. `SVD` hands LAPACK the row-major buffer as the column-major
    ///   transpose, so given X̄ᵀ it sees the tall X̄ and bidiagonalizes it directly, down contiguous
    ///   columns (given X̄, it would see a wide matrix and stride through rows). X̄ᵀ = U′ΣV′ᵀ gives
    ///   X̄ = V′ΣU′ᵀ, so Vᵀ = U′ᵀ.
    /// - n < d: `SVD` of X̄, which LAPACK already sees as the tall X̄ᵀ.
    ///
    /// Householder QR is backward stable, so σ and Vᵀ are those of a matrix within O(ε)‖X̄‖ of X̄,
    /// the same guarantee as the SVD of X̄ itself (Golub & Van Loan, §5.2.2 and §8.6.3).
    static func rightSingularVectors(_ a: Tensor) throws -> (vt: Tensor, singularValues: [Double]) {
        let (n, d) = (a.shape[0], a.shape[1])
        if 6 * n >= 11 * d {
            let svd = try SVD(try QR(a).r)
            return (svd.vt, svd.singularValues.scalars)
        }
        guard n >= d else {
            let svd = try SVD(a)
            return (svd.vt, svd.singularValues.scalars)
        }
        let svd = try SVD(a.transposed)
        return (svd.u.transposed, svd.singularValues.scalars)
    }

    /// From the d × d scatter matrix S = X̄ᵀX̄: C = S/(n − 1) = VΛVᵀ, λ clipped at 0 (rounding can make
    /// the smallest slightly negative), σᵢ = √((n − 1)λᵢ).
    private func fitCovariance(_ scatter: Tensor, mean: Tensor, rows n: Int) throws -> FittedPCA {
        let eigen = try SymmetricEigen(scatter / Double(n - 1))
        let d = scatter.shape[0]
        let order = Array((0..<d).reversed())
        let lambdas = order.map { Swift.max(eigen.eigenvalues.scalars[$0], 0) }
        let vt = Tensor(rows: d, columns: d) { i, j in eigen.eigenvectors[j, order[i]] }
        return try finish(vt: vt, singularValues: lambdas.map { ($0 * Double(n - 1)).squareRoot() }, mean: mean, rows: n, totalSquares: nil)
    }

    private func fitRandomized(_ centred: some LinearOperator, mean: Tensor, rows n: Int, totalSquares: Double,
                               oversampling: Int, powerIterations: Int?, seed: UInt64) throws -> FittedPCA {
        let k = components
        let q = powerIterations ?? (Double(k) < 0.1 * Double(Swift.min(centred.rows, centred.columns)) ? 7 : 4)
        let svd = try RandomizedSVD(centred, rank: k, oversampling: oversampling, powerIterations: q, seed: seed)
        return try finish(vt: svd.vt, singularValues: svd.singularValues.scalars, mean: mean, rows: n, totalSquares: totalSquares)
    }

    /// Keeps k rows of Vᵀ with scikit-learn's signs; λᵢ = σᵢ²/(n − 1) and the ratio to the total
    /// variance: Σ of all λ (`totalSquares` nil, every σ known) or ‖X̄‖_F²/(n − 1).
    func finish(vt: Tensor, singularValues: [Double], mean: Tensor, rows n: Int, totalSquares: Double?) throws -> FittedPCA {
        let k = components
        var axes = vt.slice(rows: 0..<k)
        ComponentSigns.flipRows(&axes)
        let denominator = Double(n - 1)
        let squares = totalSquares ?? singularValues.reduce(0) { $0 + $1 * $1 }
        guard squares > 0 else { throw PCAError.zeroVariance }
        let sigma = Array(singularValues.prefix(k))
        let variance = sigma.map { $0 * $0 / denominator }
        return FittedPCA(configuration: self, components: axes, explainedVariance: Tensor(variance),
                         explainedVarianceRatio: Tensor(sigma.map { $0 * $0 / squares }), singularValues: Tensor(sigma),
                         mean: mean, totalVariance: squares / denominator, samples: n)
    }

    /// XᵀX (d × d) from the stored entries of a CSR matrix: row i adds xᵢxᵢᵀ over its non-zeros,
    /// O(Σᵢ nnzᵢ²) flops and no dense copy of X.
    static func gram(of x: SparseMatrix) -> Tensor {
        let d = x.columns
        var g = [Double](repeating: 0, count: d * d)
        g.withUnsafeMutableBufferPointer { g in
            for i in 0..<x.rows {
                let range = x.rowOffsets[i]..<x.rowOffsets[i + 1]
                for p in range {
                    let (a, va) = (Int(x.columnIndices[p]), x.values[p])
                    for q in range { g[a * d + Int(x.columnIndices[q])] += va * x.values[q] }
                }
            }
        }
        return Tensor(shape: [d, d], scalars: g)
    }
}
