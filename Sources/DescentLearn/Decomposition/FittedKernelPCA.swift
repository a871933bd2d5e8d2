import DescentCore

/// A fitted kernel PCA: the top eigenpairs of the centred training kernel and what is needed to
/// project new points (scikit-learn's `eigenvalues_`, `eigenvectors_`, `X_fit_`).
public struct FittedKernelPCA: Sendable, Equatable {
    /// The configuration it was fitted with.
    public let configuration: KernelPCA
    /// λ₁ ≥ … ≥ λₖ ≥ 0, the largest eigenvalues of the centred kernel K̃ (`eigenvalues_`), `[k]`.
    public let eigenvalues: Tensor
    /// α: n × k, unit eigenvectors of K̃ in the order of `eigenvalues`, each with its
    /// largest-magnitude entry positive (`eigenvectors_`).
    public let eigenvectors: Tensor
    /// The training rows, n × d (a new point's kernel row is taken against them).
    public let trainingData: Tensor
    /// trace(K̃) = Σ of all n eigenvalues: the total squared distance of the feature vectors from their mean.
    public let centredKernelTrace: Double
    /// The column means of the uncentred training kernel K, `[n]`.
    let kernelColumnMeans: Tensor
    /// The mean of all entries of K.
    let kernelMean: Double
    let evaluator: KernelEvaluator

    /// The γ the kernel used (1/d when the configuration left it nil; unused by cosine and linear).
    public var gamma: Double { evaluator.gamma }

    /// λᵢ/(n − 1): the sample variance of the training scores along each component — the feature-space
    /// counterpart of `FittedPCA.explainedVariance` (equal to it for the linear kernel).
    public var explainedVariance: Tensor { eigenvalues / Double(Swift.max(trainingData.shape[0] - 1, 1)) }

    /// λᵢ / trace(K̃): each component's share of the total feature-space variance (0 when K̃ = 0).
    public var explainedVarianceRatio: Tensor { centredKernelTrace > 0 ? eigenvalues / centredKernelTrace : eigenvalues * 0 }

    /// The projections of the training rows, αᵢ√λᵢ (n × k): scikit-learn's `fit_transform(X)`.
    public var trainingScores: Tensor { eigenvectors * eigenvalues.map { $0.squareRoot() } }

    /// Projects new rows Y (m × d): K̃(Y) = K(Y, X) − 1·meanᵀ − rowMeans·1ᵀ + mean, then K̃(Y)·αᵢ/√λᵢ
    /// (a component with λᵢ = 0 projects to 0, as in scikit-learn).
    /// - Throws: `PCAError.columnCountMismatch`, `.nonFinite`, `.zeroRow` (cosine kernel).
    /// - Complexity: O(mnd + mnk).
    public func transform(_ y: Tensor) throws -> Tensor {
        let d = trainingData.shape[1]
        guard y.rank == 2, y.shape[1] == d else {
            throw PCAError.columnCountMismatch(expected: d, given: y.rank == 2 ? y.shape[1] : y.count, operation: "transform")
        }
        try PCAError.requireFinite(y)
        let k = try evaluator.matrix(y, trainingData)
        let centred = k - kernelColumnMeans - k.mean(alongAxis: 1).asColumn + kernelMean
        let scaled = eigenvectors / eigenvalues.map { $0 > 0 ? $0.squareRoot() : .infinity }
        return matmul(centred, scaled)
    }
}
