import DescentCore

/// The lasso, min_w,b (1/2n)Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² + α‖w‖₁, exactly as scikit-learn's `Lasso`: the
/// elastic net with ρ = 1 (see `ElasticNet` for solvers, weights and the stopping rule).
///
/// The L1 penalty sets coefficients exactly to 0: coordinate descent's update is a soft threshold,
/// S(z, nα) = 0 whenever |Xⱼᵀ(partial residual)| ≤ nα. For α ≥ α_max = ‖X_cᵀy_c‖∞/n every
/// coefficient is 0.
///
/// ```swift
/// let model = try Lasso(alpha: 0.5).fit(x, y, columnNames: names)
/// let dropped = model.zeroCoefficientIndices
/// ```
/// - Reference: R. Tibshirani, "Regression shrinkage and selection via the lasso", J. R. Stat. Soc. B
///   58(1), 1996.
public struct Lasso: Sendable {
    /// The penalty strength α ≥ 0 (default 1).
    public var alpha: Double
    /// Whether to fit an unpenalized intercept b (default true).
    public var fitIntercept: Bool
    /// The solver (default coordinate descent).
    public var solver: ElasticNetSolver
    /// When coordinate descent uses XᵀX (default `.automatic`: when n > d).
    public var gram: GramPolicy
    /// Gap-safe screening (default true).
    public var screening: Bool
    /// The duality-gap tolerance, relative to ‖y_c‖² (default 1e-4).
    public var tolerance: Double
    /// The epoch limit (default 1000).
    public var maxIterations: Int

    /// A lasso with penalty α.
    public init(alpha: Double = 1, fitIntercept: Bool = true, solver: ElasticNetSolver = .coordinateDescent,
                gram: GramPolicy = .automatic, screening: Bool = true, tolerance: Double = 1e-4, maxIterations: Int = 1000) {
        self.alpha = alpha
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.gram = gram
        self.screening = screening
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// The same model as an elastic net with ρ = 1.
    public var elasticNet: ElasticNet {
        ElasticNet(alpha: alpha, l1Ratio: 1, fitIntercept: fitIntercept, solver: solver, gram: gram, screening: screening,
                   tolerance: tolerance, maxIterations: maxIterations)
    }

    /// Fits the model to dense X (see `ElasticNet.fit`).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil,
                    initialCoefficients: Tensor? = nil) throws -> FittedLinearModel {
        try elasticNet.fit(x, y, sampleWeights: sampleWeights, columnNames: columnNames, initialCoefficients: initialCoefficients)
    }

    /// Fits the model to sparse CSR X without densifying it (see `ElasticNet.fit`).
    public func fit(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil,
                    initialCoefficients: Tensor? = nil) throws -> FittedLinearModel {
        try elasticNet.fit(x, y, sampleWeights: sampleWeights, columnNames: columnNames, initialCoefficients: initialCoefficients)
    }

    /// The lasso path with warm starts (scikit-learn's `lasso_path`; see `ElasticNet.path`).
    public func path(_ x: Tensor, _ y: Tensor, alphas: AlphaGrid = .standard, sampleWeights: Tensor? = nil,
                     columnNames: [String]? = nil) throws -> RegularizationPath {
        try elasticNet.path(x, y, alphas: alphas, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    /// The lasso path for sparse CSR X.
    public func path(_ x: SparseMatrix, _ y: Tensor, alphas: AlphaGrid = .standard, sampleWeights: Tensor? = nil,
                     columnNames: [String]? = nil) throws -> RegularizationPath {
        try elasticNet.path(x, y, alphas: alphas, sampleWeights: sampleWeights, columnNames: columnNames)
    }
}
