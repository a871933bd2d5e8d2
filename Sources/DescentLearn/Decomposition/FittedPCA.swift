import DescentCore

/// A fitted principal component analysis: the k principal axes of centred data and the variance
/// each explains, as scikit-learn's fitted `PCA` holds them.
///
/// With centred data X̄ = X − 1μᵀ (n × d) and its SVD X̄ = UΣVᵀ, the components are the first k rows
/// of Vᵀ, the explained variances λᵢ = σᵢ²/(n − 1) (the eigenvalues of the sample covariance
/// X̄ᵀX̄/(n − 1)), and the ratios λᵢ / Σⱼ λⱼ over all min(n, d) of them (the total variance).
public struct FittedPCA: Sendable, Equatable {
    /// The configuration it was fitted with.
    public let configuration: PCA
    /// The principal axes, k × d: orthonormal rows, each with its largest-magnitude entry positive
    /// (scikit-learn's `components_`).
    public let components: Tensor
    /// λᵢ = σᵢ²/(n − 1), descending, `[k]` (`explained_variance_`).
    public let explainedVariance: Tensor
    /// λᵢ / total variance, `[k]` (`explained_variance_ratio_`).
    public let explainedVarianceRatio: Tensor
    /// σᵢ, the singular values of the centred data, `[k]` (`singular_values_`).
    public let singularValues: Tensor
    /// μ, the column means of the training data, `[d]` (`mean_`).
    public let mean: Tensor
    /// The total variance Σⱼ Var(xⱼ) of the training data (sample variances, divided by n − 1).
    public let totalVariance: Double
    /// The number of training samples n.
    public let samples: Int

    /// The number of components k.
    public var componentCount: Int { components.shape[0] }
    /// The number of features d.
    public var featureCount: Int { components.shape[1] }

    /// The variance not explained by the k components, averaged over the remaining min(n, d) − k
    /// directions (0 when k = min(n, d)): probabilistic PCA's maximum-likelihood noise σ²
    /// (Tipping & Bishop 1999; scikit-learn's `noise_variance_`).
    public var noiseVariance: Double {
        let rest = Swift.min(samples, featureCount) - componentCount
        return rest > 0 ? (totalVariance - explainedVariance.sum()) / Double(rest) : 0
    }

    /// Projects samples onto the components: Z = (X − 1μᵀ)·Vₖᵀ (n × k), divided column by column by
    /// √λᵢ when the configuration whitens (then the training scores have unit sample variance).
    /// - Throws: `PCAError.columnCountMismatch`, `PCAError.nonFinite`.
    /// - Complexity: one GEMM, 2ndk flops.
    public func transform(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == featureCount else {
            throw PCAError.columnCountMismatch(expected: featureCount, given: x.rank == 2 ? x.shape[1] : x.count, operation: "transform")
        }
        try PCAError.requireFinite(x)
        let scores = matmul(x - mean, components, transposeB: true)
        return configuration.whiten ? scores / explainedVariance.map { $0 > 0 ? $0.squareRoot() : 1 } : scores
    }

    /// Projects sparse samples without densifying them: Z = X·Vₖᵀ − 1(μᵀVₖᵀ) (whitened as `transform`).
    /// - Throws: `PCAError.columnCountMismatch`, `PCAError.nonFinite`.
    /// - Complexity: 2·nnz·k + 2nk flops.
    public func transform(_ x: SparseMatrix) throws -> Tensor {
        guard x.columns == featureCount else {
            throw PCAError.columnCountMismatch(expected: featureCount, given: x.columns, operation: "transform")
        }
        try PCAError.requireFinite(x)
        let scores = x.multiplied(byMatrix: components.transposed) - matmul(mean.asRow, components, transposeB: true)
        return configuration.whiten ? scores / explainedVariance.map { $0 > 0 ? $0.squareRoot() : 1 } : scores
    }

    /// Maps scores back to the data space: X̂ = Z·Vₖ + 1μᵀ (with Z's columns first multiplied by √λᵢ
    /// when whitening, as scikit-learn does). X̂ is the projection of X onto the affine span of the
    /// components, exactly X when k = rank(X̄).
    /// - Throws: `PCAError.columnCountMismatch`, `PCAError.nonFinite`.
    public func inverseTransform(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2, z.shape[1] == componentCount else {
            throw PCAError.columnCountMismatch(expected: componentCount, given: z.rank == 2 ? z.shape[1] : z.count, operation: "inverse transform")
        }
        try PCAError.requireFinite(z)
        let scores = configuration.whiten ? z * explainedVariance.map { $0.squareRoot() } : z
        return matmul(scores, components) + mean
    }
}
