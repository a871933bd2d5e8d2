import DescentCore

/// Principal component analysis of rows split across ranks, the same on every rank.
///
/// With N rows, column means μ and the centered matrix X꜀ = X − 1μᵀ split by rows, the components
/// are the leading right singular vectors of X꜀ and the explained variances σᵢ²/(N − 1)
/// (scikit-learn's `PCA`). Three ways, chosen by `method`:
/// - `.covariance`: allreduce of the d × d Gram G = X꜀ᵀX꜀ (`DistributedGram`), eigenvectors of
///   G/(N − 1). One collective of d² numbers; squares the condition number (fine for d small and
///   variances within ~10⁸ of each other).
/// - `.tsqr`: tall-skinny QR. Each rank factors its centered block X꜀⁽ʳ⁾ = Q⁽ʳ⁾R⁽ʳ⁾, the R factors
///   (at most d × d each) are gathered on every rank and stacked, the stack is factored again,
///   R = QR(stack).R, and the SVD R = UΣVᵀ gives X꜀'s singular values Σ and vectors V, since
///   X꜀ = diag(Q⁽ʳ⁾)·Q·R. Works on X꜀ itself, never on X꜀ᵀX꜀: accurate for ill-conditioned data.
/// - `.lanczos`: thick-restart Lanczos (`DescentCore.lanczos`) on the operator v ↦ X꜀ᵀX꜀v/(N − 1),
///   whose product is local products plus an allreduce: the restarted eigensolver running in
///   lockstep on every rank with a distributed matrix-vector product (no d × d matrix formed).
///
/// Signs: each component is scaled by ±1 so that its entry of largest magnitude is positive.
/// - Reference: Demmel, Grigori, Hoemmen & Langou, "Communication-optimal parallel and sequential
///   QR and LU factorizations", SIAM J. Sci. Comput. 34 (2012) (TSQR); Jolliffe, *Principal
///   Component Analysis* (2002).
public struct DistributedPCA: Sendable {
    /// How the ranks' rows are combined.
    public enum Method: String, Sendable, CaseIterable {
        /// Allreduce of the d × d covariance, then its eigendecomposition.
        case covariance
        /// Tall-skinny QR: local QR, gathered R factors, QR of the stack, SVD of R.
        case tsqr
        /// Restarted Lanczos with a distributed covariance-vector product.
        case lanczos
    }

    /// k, the number of components kept.
    public var components: Int
    /// The scheme (default `.tsqr`).
    public var method: Method
    /// Lanczos's tolerance (ignored by the direct methods).
    public var tolerance: Double

    /// - Precondition: components ≥ 1.
    public init(components: Int, method: Method = .tsqr, tolerance: Double = 1e-12) {
        precondition(components >= 1, "DistributedPCA: components \(components) must be at least 1")
        self.components = components
        self.method = method
        self.tolerance = tolerance
    }

    /// Fits on this rank's rows and every other rank's.
    /// - Throws: the errors of `DistributedGram`; `LinearAlgebraError.unsupported` when k > d or
    ///   there are fewer than 2 rows; errors of the decompositions; `CommunicatorError`.
    /// - Complexity: `.covariance` O(nᵣd²) + allreduce of d²; `.tsqr` O(nᵣd²) + allgather of P·d²
    ///   + O(Pd³); `.lanczos` O(nᵣd) and an allreduce of d per product.
    public func fit(x: Tensor, communicator: Communicator, order: ReductionOrder = .rankOrdered) throws -> DistributedPCAResult {
        let operation = "DistributedPCA"
        // The means and the Gram over all ranks (only .covariance uses the Gram; its d² numbers cost
        // little next to the nᵣ·d² of a local QR).
        let statistics = try DistributedGram(x: x, centered: true, communicator: communicator, order: order)
        let d = statistics.features, n = statistics.count
        guard components <= d else { throw LinearAlgebraError.unsupported(operation: operation, reason: "\(components) components from \(d) columns") }
        guard n >= 2 else { throw LinearAlgebraError.unsupported(operation: operation, reason: "\(n) row(s) over all ranks: the variance needs at least 2") }
        let scale = 1 / Double(n - 1)
        var values = [Double](), vectors = [[Double]]()
        var iterations = 0
        var termination = Termination.solvedDirectly
        switch method {
        case .covariance:
            let eigen = try SymmetricEigen(statistics.gram * scale)
            for i in 0..<components {
                let column = d - 1 - i
                values.append(eigen.eigenvalues[column])
                vectors.append((0..<d).map { eigen.eigenvectors[$0, column] })
            }
        case .tsqr:
            let centered = Self.centered(x, statistics.mean)
            let local = try QR(centered).r
            let stack = try communicator.allgatherRows(local.rows == 0 ? Tensor.zeros([0, d]) : local)
            let r = try QR(stack).r
            let svd = try SVD(r)
            for i in 0..<components {
                values.append(svd.singularValues[i] * svd.singularValues[i] * scale)
                vectors.append((0..<d).map { svd.vt[i, $0] })
            }
        case .lanczos:
            let centered = Self.centered(x, statistics.mean)
            let covariance = DistributedCovarianceOperator(centered: centered, scale: scale, communicator: communicator, order: order)
            let result = try lanczos(covariance, count: components, which: .largest,
                                     options: IterativeOptions(tolerance: tolerance, maxIterations: max(200, 20 * d)))
            iterations = result.iterations
            termination = result.termination
            for i in (0..<components).reversed() {
                values.append(result.eigenvalues[i])
                vectors.append((0..<d).map { result.eigenvectors[$0, i] })
            }
        }
        for i in vectors.indices {
            var largest = 0
            for j in 0..<d where abs(vectors[i][j]) > abs(vectors[i][largest]) { largest = j }
            if vectors[i][largest] < 0 { vectors[i] = vectors[i].map { -$0 } }
        }
        var trace = 0.0
        for j in 0..<d { trace += statistics.gram[j, j] }
        return DistributedPCAResult(mean: statistics.mean, components: Tensor(shape: [components, d], scalars: Array(vectors.joined())),
                                    explainedVariance: Tensor(values), totalVariance: trace * scale, count: n,
                                    iterations: iterations, termination: termination)
    }

    /// X − 1μᵀ.
    static func centered(_ x: Tensor, _ mean: Tensor) -> Tensor {
        let d = x.columns
        var values = x.scalars
        for i in 0..<x.rows { for j in 0..<d { values[i * d + j] -= mean[j] } }
        return Tensor(shape: x.shape, scalars: values)
    }
}

/// A fitted distributed PCA, identical on every rank.
public struct DistributedPCAResult: IterativeResult, Sendable {
    /// μ, the column means [d].
    public let mean: Tensor
    /// The k components as rows [k, d], in decreasing explained variance, signs normalized.
    public let components: Tensor
    /// σᵢ²/(N − 1) for each component [k].
    public let explainedVariance: Tensor
    /// The total variance Σⱼ Var(xⱼ) = trace(G)/(N − 1), for the explained variance ratios.
    public let totalVariance: Double
    /// N, the rows over all ranks.
    public let count: Int
    /// Lanczos's iterations (0 for the direct methods).
    public let iterations: Int
    /// `.solvedDirectly` for `.covariance` and `.tsqr`; Lanczos's termination otherwise.
    public let termination: Termination

    /// The scores (X − 1μᵀ)·Vₖᵀ of any rank's rows.
    /// - Precondition: x is a matrix with d columns.
    public func transform(_ x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.columns == mean.count, "transform: x has shape \(x.shape), the model \(mean.count) columns")
        guard x.rows > 0 else { return Tensor.zeros([0, components.rows]) }
        return matmul(DistributedPCA.centered(x, mean), components, transposeB: true)
    }
}
