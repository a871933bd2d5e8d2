import DescentCore

/// The elastic net, min_w,b (1/2n)Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖₂², exactly as
/// scikit-learn's `ElasticNet` (ρ = `l1Ratio`; ρ = 1 is the lasso). The intercept is not penalized.
///
/// Sample weights follow scikit-learn: they are first rescaled to sum to n (s ← s·n/Σs), so the
/// loss term is the weighted average of the squared errors and α means the same with or without
/// weights. Solved by coordinate descent (default) on the columns of X, on the Gram matrix XᵀX when
/// n > d, or on sparse columns with implicit centring; the fit stops when the duality gap is at most
/// tol·‖y_c‖² (scikit-learn's rule), and reports the gap, its tolerance and the epochs.
///
/// ```swift
/// let model = try ElasticNet(alpha: 0.1, l1Ratio: 0.5).fit(x, y)
/// print(model.coefficients, model.dualityGap!, model.termination)
/// ```
/// - Reference: H. Zou and T. Hastie, "Regularization and variable selection via the elastic net",
///   J. R. Stat. Soc. B 67(2), 2005; Friedman, Hastie and Tibshirani, J. Stat. Softw. 33(1), 2010.
public struct ElasticNet: Sendable {
    /// The penalty strength α ≥ 0 (default 1).
    public var alpha: Double
    /// The mixing ρ ∈ [0, 1]: 1 is the lasso, 0 ridge (default 0.5).
    public var l1Ratio: Double
    /// Whether to fit an unpenalized intercept b (default true).
    public var fitIntercept: Bool
    /// The solver (default coordinate descent).
    public var solver: ElasticNetSolver
    /// When coordinate descent uses XᵀX (default `.automatic`: when n > d).
    public var gram: GramPolicy
    /// Gap-safe screening in coordinate descent (default true, as scikit-learn).
    public var screening: Bool
    /// The duality-gap tolerance, relative to ‖y_c‖² (default 1e-4, scikit-learn's).
    public var tolerance: Double
    /// The epoch limit (default 1000).
    public var maxIterations: Int

    /// An elastic net with penalty α and mixing ρ.
    public init(alpha: Double = 1, l1Ratio: Double = 0.5, fitIntercept: Bool = true,
                solver: ElasticNetSolver = .coordinateDescent, gram: GramPolicy = .automatic, screening: Bool = true,
                tolerance: Double = 1e-4, maxIterations: Int = 1000) {
        self.alpha = alpha
        self.l1Ratio = l1Ratio
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.gram = gram
        self.screening = screening
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    func validateParameters(checkAlpha: Bool = true) throws {
        if checkAlpha { try RegressionInput.require("alpha", alpha, "the penalty must be ≥ 0") { $0 >= 0 } }
        try RegressionInput.require("l1Ratio", l1Ratio, "the mixing must be in [0, 1]") { $0 >= 0 && $0 <= 1 }
        try RegressionInput.require("tolerance", tolerance, "the tolerance must be > 0") { $0 > 0 }
        guard maxIterations >= 1 else {
            throw LinearModelError.invalidParameter(name: "maxIterations", value: Double(maxIterations), requirement: "must be ≥ 1")
        }
    }

    func prepare(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws -> ElasticNetProblem {
        let gramForm = ElasticNetProblem.usesGram(x, policy: gram, keepCentered: solver == .fista)
        try RegressionInput.validate(x, y, scanX: !gramForm)
        try RegressionInput.validateWeights(sampleWeights, rows: x.shape[0])
        try RegressionInput.validateNames(columnNames, columns: x.shape[1])
        return try ElasticNetProblem(dense: x, y, weights: ElasticNetProblem.rescaled(sampleWeights, rows: x.shape[0]),
                                 fitIntercept: fitIntercept, gram: gram, keepCentered: solver == .fista)
    }

    func prepare(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws -> ElasticNetProblem {
        guard solver != .fista else {
            throw LinearModelError.unsupportedSolver(solver: "fista", reason: "needs dense X; use coordinate descent for sparse X")
        }
        try RegressionInput.validate(x, y)
        try RegressionInput.validateWeights(sampleWeights, rows: x.rows)
        try RegressionInput.validateNames(columnNames, columns: x.columns)
        return ElasticNetProblem(sparse: x, y, weights: ElasticNetProblem.rescaled(sampleWeights, rows: x.rows),
                                 fitIntercept: fitIntercept)
    }

    /// Fits the model to dense X.
    ///
    /// - Parameters:
    ///   - x: the `[n, d]` design matrix.
    ///   - y: the `[n]` targets.
    ///   - sampleWeights: optional non-negative weights (`[n]`), rescaled to sum to n.
    ///   - columnNames: optional names of the d columns, kept in the fitted model.
    ///   - initialCoefficients: optional warm start w₀ (`[d]`); default 0.
    /// - Throws: `LinearModelError` for non-finite entries, mismatched shapes, invalid weights or parameters.
    /// - Complexity: O(nd) per epoch on columns, O(d²) per epoch on the Gram matrix (after nd² once).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil,
                    initialCoefficients: Tensor? = nil) throws -> FittedLinearModel {
        try validateParameters()
        let problem = try prepare(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
        return try fit(problem, columnNames: columnNames, initialCoefficients: initialCoefficients)
    }

    /// Fits the model to sparse CSR X without densifying it (the intercept by implicit centring).
    /// - Complexity: O(nnz) per epoch (plus O(n) per gap check).
    public func fit(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil,
                    initialCoefficients: Tensor? = nil) throws -> FittedLinearModel {
        try validateParameters()
        let problem = try prepare(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
        return try fit(problem, columnNames: columnNames, initialCoefficients: initialCoefficients)
    }

    func fit(_ problem: ElasticNetProblem, columnNames: [String]?, initialCoefficients: Tensor?) throws -> FittedLinearModel {
        var w = [Double](repeating: 0, count: problem.featureCount)
        if let start = initialCoefficients {
            guard start.rank == 1 && start.count == problem.featureCount else {
                throw LinearModelError.shapeMismatch(what: "initial coefficients (one per column of X)",
                                                     shapes: [[problem.featureCount], start.shape])
            }
            if let index = start.firstNonFiniteIndex {
                throw LinearModelError.nonFinite(what: "initial coefficients", index: index, value: start[index])
            }
            w = start.scalars
        }
        let (termination, outcome) = try problem.solve(&w, alpha: alpha, l1Ratio: l1Ratio, solver: solver, tolerance: tolerance,
                                                       maxIterations: maxIterations, screening: screening)
        return problem.model(w, alpha: alpha, solver: solver, termination: termination, outcome: outcome, columnNames: columnNames)
    }

    /// The regularization path: one fit per α of the grid, from the largest α down, each warm-started
    /// from the previous solution (scikit-learn's `enet_path`, with the intercept handled as in
    /// `ElasticNet.fit`). This model's `alpha` is ignored.
    /// - Throws: as `fit`, and `.invalidParameter` for an empty or negative grid.
    public func path(_ x: Tensor, _ y: Tensor, alphas: AlphaGrid = .standard, sampleWeights: Tensor? = nil,
                     columnNames: [String]? = nil) throws -> RegularizationPath {
        try validateParameters(checkAlpha: false)
        let problem = try prepare(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
        return try path(problem, alphas: alphas, columnNames: columnNames)
    }

    /// The regularization path for sparse CSR X (see the dense `path`).
    public func path(_ x: SparseMatrix, _ y: Tensor, alphas: AlphaGrid = .standard, sampleWeights: Tensor? = nil,
                     columnNames: [String]? = nil) throws -> RegularizationPath {
        try validateParameters(checkAlpha: false)
        let problem = try prepare(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
        return try path(problem, alphas: alphas, columnNames: columnNames)
    }

    func path(_ problem: ElasticNetProblem, alphas grid: AlphaGrid, columnNames: [String]?) throws -> RegularizationPath {
        let alphas = try problem.alphas(grid, l1Ratio: l1Ratio)
        var w = [Double](repeating: 0, count: problem.featureCount)
        var models: [FittedLinearModel] = []
        models.reserveCapacity(alphas.count)
        for a in alphas {
            let (termination, outcome) = try problem.solve(&w, alpha: a, l1Ratio: l1Ratio, solver: solver, tolerance: tolerance,
                                                           maxIterations: maxIterations, screening: screening)
            models.append(problem.model(w, alpha: a, solver: solver, termination: termination, outcome: outcome,
                                        columnNames: columnNames))
        }
        return RegularizationPath(models: models)
    }
}
