import DescentCore

/// A linear model fitted on rows split across ranks: ŷ = xᵀw + b, the same on every rank.
public struct DistributedLinearFit: IterativeResult, Sendable {
    /// w, shape [d].
    public let coefficients: Tensor
    /// b (0 without an intercept).
    public let intercept: Double
    /// N, the rows over all ranks.
    public let count: Int
    /// `.solvedDirectly` for least squares and ridge; lasso's coordinate descent reports its own.
    public let termination: Termination
    /// Sweeps of coordinate descent (0 for a direct solve).
    public let iterations: Int

    /// ŷ = X·w + b for rows of any shard.
    /// - Precondition: x is a matrix with d columns.
    public func predict(_ x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.columns == coefficients.count, "predict: x has shape \(x.shape), the model \(coefficients.count) features")
        guard x.rows > 0 else { return Tensor.zeros([0]) }
        return Tensor(matmul(x, coefficients).scalars.map { $0 + intercept })
    }
}

/// Least squares (α = 0) and ridge regression on rows split across ranks, by one allreduce of the
/// centered Gram matrix: minimizes ‖y − Xw − b‖² + α‖w‖² (scikit-learn's `Ridge` and
/// `LinearRegression`), w = (G + αI)⁻¹·m and b = ȳ − μᵀw with G, m, μ, ȳ from `DistributedGram`.
///
/// Every rank solves the same d × d system from the same bits, so all ranks hold the same model,
/// equal to one process's fit up to the order of the sums (bit-equal with `.rankOrdered` to the
/// one-process sums split the same way).
/// - Reference: Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, §3.4.1.
public struct DistributedRidge: Sendable {
    /// α ≥ 0, the penalty on ‖w‖² (0: ordinary least squares).
    public var alpha: Double
    /// Whether to fit b (centering the rows by their global means) or force b = 0.
    public var fitIntercept: Bool

    /// - Precondition: α ≥ 0 and finite.
    public init(alpha: Double = 1, fitIntercept: Bool = true) {
        precondition(alpha >= 0 && alpha.isFinite, "DistributedRidge: alpha \(alpha) must be finite and ≥ 0")
        self.alpha = alpha
        self.fitIntercept = fitIntercept
    }

    /// Fits on this rank's rows and every other rank's.
    /// - Throws: the errors of `DistributedGram`; `LinearAlgebraError.notPositiveDefinite`-style
    ///   errors from the Cholesky factorization when α = 0 and the columns are dependent
    ///   (least squares has no unique answer then: use α > 0).
    /// - Complexity: O(nᵣ·d²) per rank, two allreduces of O(d²) numbers, O(d³) on every rank.
    public func fit(x: Tensor, y: Tensor, communicator: Communicator, order: ReductionOrder = .rankOrdered) throws -> DistributedLinearFit {
        let statistics = try DistributedGram(x: x, y: y, centered: fitIntercept, communicator: communicator, order: order)
        let d = statistics.features
        var system = statistics.gram
        for j in 0..<d { system[j, j] += alpha }
        let w = try Cholesky(system).solve(statistics.moment)
        let b = fitIntercept ? statistics.targetMean - zip(statistics.mean.scalars, w.scalars).reduce(0) { $0 + $1.0 * $1.1 } : 0
        return DistributedLinearFit(coefficients: w, intercept: b, count: statistics.count, termination: .solvedDirectly, iterations: 0)
    }
}
