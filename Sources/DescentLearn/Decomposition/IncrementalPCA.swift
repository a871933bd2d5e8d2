import DescentCore

/// Principal components fitted one batch of rows at a time, as scikit-learn's `IncrementalPCA`
/// (`partial_fit`): memory O(batch·d + k·d) however many rows stream past.
///
/// After batches totalling n rows the state is the running mean μ, the per-column sum of squared
/// deviations, and the truncated SVD Σₖ, Vₖᵀ. A new batch B (m rows, mean b) is folded in by the SVD of
///
///     [ Σₖ·Vₖᵀ ; B − 1bᵀ ; √(n·m/(n + m))·(μ − b)ᵀ ]
///
/// whose Gram matrix is the scatter matrix of all n + m rows about their new mean when nothing was
/// truncated before (Ross et al. 2008, §3.1); the means and variances combine exactly
/// (Chan, Golub & LeVeque 1979). With k = min(n, d) nothing is ever truncated and the result equals
/// the full PCA; with smaller k each truncation discards the variance outside the kept subspace.
///
/// Reference: D. Ross, J. Lim, R.-S. Lin, M.-H. Yang, "Incremental learning for robust visual
/// tracking", IJCV 77, 2008; scikit-learn `IncrementalPCA`.
public struct IncrementalPCA: Sendable {
    /// The configuration (its `components` and `whiten` are used; `method` is informational).
    public let configuration: PCA
    /// Rows seen so far.
    public private(set) var samplesSeen = 0
    private var mean: [Double] = []
    private var squaredDeviations: [Double] = []    // Σᵢ (xᵢⱼ − μⱼ)² per column
    private var singularValues: [Double] = []
    private var components = Tensor.zeros([0, 0])    // k × d

    /// An empty state for `configuration.components` components.
    /// - Throws: `PCAError.invalidComponentCount` for fewer than 1 component.
    public init(configuration: PCA) throws {
        guard configuration.components >= 1 else {
            throw PCAError.invalidComponentCount(requested: configuration.components, rows: 0, columns: 0, limit: 0)
        }
        self.configuration = configuration
    }

    /// Folds in a batch of m rows (m ≥ k on the first batch, as scikit-learn requires).
    /// - Throws: `PCAError.columnCountMismatch` for a batch with another number of columns than the
    ///   first, `.invalidComponentCount` when k exceeds d or the first batch's rows, `.nonFinite`.
    /// - Complexity: one SVD of a (k + m + 1) × d matrix.
    public mutating func partialFit(_ batch: Tensor) throws {
        precondition(batch.rank == 2, "IncrementalPCA.partialFit: needs a matrix, got shape \(batch.shape)")
        let (m, d) = (batch.shape[0], batch.shape[1])
        let k = configuration.components
        if samplesSeen == 0 {
            guard k <= Swift.min(m, d) else { throw PCAError.invalidComponentCount(requested: k, rows: m, columns: d, limit: Swift.min(m, d)) }
            mean = [Double](repeating: 0, count: d)
            squaredDeviations = mean
        } else if d != mean.count {
            throw PCAError.columnCountMismatch(expected: mean.count, given: d, operation: "partial fit")
        }
        guard m > 0 else { return }
        try PCAError.requireFinite(batch)
        let batchMean = batch.mean(alongAxis: 0)
        let centred = batch - batchMean
        let batchSquares = (centred * centred).sum(alongAxis: 0)
        let (n, total) = (Double(samplesSeen), Double(samplesSeen + m))
        let stacked: Tensor
        if samplesSeen == 0 {
            stacked = centred
        } else {
            let correction = (n * Double(m) / total).squareRoot()
            let shift = Tensor(zip(mean, batchMean.scalars).map { correction * ($0 - $1) })
            stacked = Tensor.verticallyStacked([Tensor(singularValues).asColumn * components, centred, shift.asRow])
        }
        for j in 0..<d {
            let delta = batchMean.scalars[j] - mean[j]
            squaredDeviations[j] += batchSquares.scalars[j] + delta * delta * n * Double(m) / total
            mean[j] += delta * Double(m) / total
        }
        let svd = try PCA.rightSingularVectors(stacked)
        var vt = svd.vt.slice(rows: 0..<Swift.min(k, svd.vt.shape[0]))
        ComponentSigns.flipRows(&vt)
        components = vt
        singularValues = Array(svd.singularValues.prefix(k))
        samplesSeen += m
    }

    /// The principal components of the rows seen so far; ratios are to the exact total variance
    /// Σⱼ Σᵢ (xᵢⱼ − μⱼ)²/(n − 1), as scikit-learn's.
    /// - Throws: `PCAError.tooFewSamples` before two rows, `.zeroVariance` for constant data.
    public func fitted() throws -> FittedPCA {
        guard samplesSeen >= 2 else { throw PCAError.tooFewSamples(rows: samplesSeen) }
        return try configuration.finish(vt: components, singularValues: singularValues, mean: Tensor(mean),
                                        rows: samplesSeen, totalSquares: squaredDeviations.reduce(0, +))
    }

    /// scikit-learn's `gen_batches(n, size, min_batch_size=k)`: consecutive row ranges of `batchSize`,
    /// except that a batch that would leave fewer than `minimumBatchSize` rows after it is skipped,
    /// so the last range takes the rest.
    static func batches(rows n: Int, batchSize: Int, minimumBatchSize: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for _ in 0..<(n / batchSize) {
            let end = start + batchSize
            if end + minimumBatchSize > n { continue }
            ranges.append(start..<end)
            start = end
        }
        if start < n { ranges.append(start..<n) }
        return ranges
    }
}
