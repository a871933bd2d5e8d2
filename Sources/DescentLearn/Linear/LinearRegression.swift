import DescentCore

/// Ordinary least squares, min_w,b Σᵢ sᵢ(yᵢ − xᵢᵀw − b)² (sᵢ = 1 without sample weights), as
/// scikit-learn's `LinearRegression`.
///
/// With an intercept, X and y are centred on their (weighted) means and b = ȳ − x̄ᵀw. The default
/// solver is the SVD, which gives the minimum-norm answer for rank-deficient X (also with more
/// columns than rows), like SciPy's `lstsq`; Cholesky and QR refuse singular problems with a typed error.
///
/// ```swift
/// let model = try LinearRegression().fit(x, y, columnNames: ["age", "bmi"])
/// let r2 = try model.score(x, y)
/// ```
/// - Reference: Golub & Van Loan, *Matrix Computations*, 4th ed., §5.3 (normal equations, QR, SVD).
public struct LinearRegression: Sendable {
    /// Whether to fit an unpenalized intercept b (default true).
    public var fitIntercept: Bool
    /// The solver (default `.svd`).
    public var solver: LeastSquaresSolver
    /// Relative gradient tolerance for the iterative solvers: ‖∇f‖∞ ≤ tolerance·‖Xᵀy‖∞ (default 1e-10).
    public var tolerance: Double
    /// Iteration limit for the iterative solvers (default 10 000).
    public var maxIterations: Int

    /// Ordinary least squares with the given solver.
    public init(fitIntercept: Bool = true, solver: LeastSquaresSolver = .svd, tolerance: Double = 1e-10,
                maxIterations: Int = 10_000) {
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
    ///   - sampleWeights: optional non-negative weights sᵢ (`[n]`).
    ///   - columnNames: optional names of the d columns, kept in the fitted model.
    /// - Throws: `LinearModelError` for non-finite entries, mismatched shapes, invalid weights,
    ///   `.moreColumnsThanRows` (Cholesky, QR), `.singularNormalEquations` (Cholesky), `.rankDeficient` (QR).
    /// - Complexity: O(nd²) for the direct solvers; O(nd) per iteration for the iterative ones.
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedLinearModel {
        try Ridge(alpha: 0, fitIntercept: fitIntercept, solver: solver, tolerance: tolerance, maxIterations: maxIterations)
            .fitValidated(x, y, sampleWeights: sampleWeights, columnNames: columnNames)
    }
}
