import DescentCore

/// Ridge regression, min_w,b Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² + α‖w‖₂², as scikit-learn's `Ridge` (note: no 1/n
/// factor, unlike the lasso). The intercept is not penalized: X and y are centred on their weighted
/// means and b = ȳ − x̄ᵀw.
///
/// The penalty shifts every eigenvalue of XᵀX by α, so κ = (λ_max + α)/(λ_min + α) < κ(XᵀX): the
/// normal equations are always solvable for α > 0, and gradient descent needs fewer iterations.
///
/// ```swift
/// let model = try Ridge(alpha: 1).fit(x, y)
/// let slow = try Ridge(alpha: 1, solver: .gradientDescent).fit(x, y)  // same weights, iteratively
/// ```
/// - Reference: A. E. Hoerl and R. W. Kennard, "Ridge regression: biased estimation for nonorthogonal
///   problems", Technometrics 12(1), 1970.
public struct Ridge: Sendable {
    /// The penalty strength α ≥ 0 (default 1, scikit-learn's default).
    public var alpha: Double
    /// Whether to fit an unpenalized intercept b (default true).
    public var fitIntercept: Bool
    /// The solver (default `.cholesky`, the normal equations).
    public var solver: LeastSquaresSolver
    /// Relative gradient tolerance of the iterative solvers: ‖∇f(w)‖∞ ≤ tolerance·‖Xᵀy‖∞ for
    /// f = ½‖y − Xw‖² + ½α‖w‖² (default 1e-10).
    public var tolerance: Double
    /// Iteration limit of the iterative solvers (default 10 000).
    public var maxIterations: Int

    /// Ridge regression with penalty α and a solver.
    public init(alpha: Double = 1, fitIntercept: Bool = true, solver: LeastSquaresSolver = .cholesky,
                tolerance: Double = 1e-10, maxIterations: Int = 10_000) {
        self.alpha = alpha
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - x: the `[n, d]` design matrix.
    ///   - y: the `[n]` targets.
    ///   - sampleWeights: optional non-negative weights sᵢ (`[n]`); used as given (not rescaled).
    ///   - columnNames: optional names of the d columns, kept in the fitted model.
    /// - Throws: `LinearModelError` for non-finite entries, mismatched shapes, invalid weights or
    ///   parameters (α < 0), and the solver's refusals (see `LeastSquaresSolver`).
    /// - Complexity: nd² + d³/3 (Cholesky), 2nd² (QR), O(nd²) (SVD), O(nd) per iteration (iterative).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedLinearModel {
        try fitValidated(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    func fitValidated(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws -> FittedLinearModel {
        try RegressionInput.require("alpha", alpha, "the ridge penalty must be ≥ 0") { $0 >= 0 }
        try RegressionInput.require("tolerance", tolerance, "the tolerance must be > 0") { $0 > 0 }
        guard maxIterations >= 0 else {
            throw LinearModelError.invalidParameter(name: "maxIterations", value: Double(maxIterations), requirement: "must be ≥ 0")
        }
        try RegressionInput.validate(x, y, scanX: solver != .cholesky)
        try RegressionInput.validateWeights(sampleWeights, rows: x.shape[0])
        try RegressionInput.validateNames(columnNames, columns: x.shape[1])
        let solution: PenalizedLeastSquares.Solution
        let intercept: Double
        if solver == .cholesky {
            // The normal equations need only XcᵀSXc and XcᵀSyc: one blocked pass over X, no centred copy.
            let products = CenteredCrossProducts(x, y, weights: sampleWeights, centered: fitIntercept)
            try RegressionInput.requireFinite(x, given: products)
            solution = try PenalizedLeastSquares.solveNormalEquations(gram: products.gram, xty: products.xty,
                                                                      rows: x.shape[0], alpha: alpha)
            intercept = products.yMean - dot(products.xMean, solution.coefficients)
        } else {
            let data = CenteredData(x, y, weights: sampleWeights, fitIntercept: fitIntercept)
            solution = try PenalizedLeastSquares.solve(data.x, data.y, alpha: alpha, solver: solver,
                                                       tolerance: tolerance, maxIterations: maxIterations)
            intercept = data.intercept(for: solution.coefficients)
        }
        return FittedLinearModel(coefficients: solution.coefficients, intercept: intercept,
                                 columnNames: columnNames, alpha: alpha, solver: solver.rawValue,
                                 termination: solution.termination, iterations: solution.iterations,
                                 conditionNumber: solution.conditionNumber, rank: solution.rank)
    }
}
