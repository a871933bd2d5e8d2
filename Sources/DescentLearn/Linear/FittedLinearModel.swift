import DescentCore

/// A fitted linear regression model ŷ = X·w + b, with how the fit ended.
///
/// Every linear regressor (`LinearRegression`, `Ridge`, `Lasso`, `ElasticNet`) returns one. Direct
/// solvers report `.solvedDirectly` with 0 iterations; coordinate descent reports
/// `.convergedDualityGap` or `.iterationLimit` with the duality gap reached; iterative smooth solvers
/// report the `minimize` driver's termination.
public struct FittedLinearModel: IterativeResult, Sendable {
    /// The weights w, one per column of X (`[d]`).
    public let coefficients: Tensor
    /// The unpenalized intercept b (0 when fitted without one).
    public let intercept: Double
    /// The column names given to `fit`, if any (one per coefficient).
    public let columnNames: [String]?
    /// The penalty strength α the model was fitted with (0 for ordinary least squares).
    public let alpha: Double
    /// The solver that produced the fit (e.g. "cholesky", "coordinate descent (gram)").
    public let solver: String
    /// Why the fit stopped.
    public let termination: Termination
    /// Completed iterations (coordinate-descent epochs, optimizer iterations; 0 for direct solvers).
    public let iterations: Int
    /// The duality gap at the end, on scikit-learn's scale (`dual_gap_`): the gap of
    /// ½‖y − Xw‖² + nαρ‖w‖₁ + ½nα(1 − ρ)‖w‖² divided by n; `nil` for solvers without one.
    public let dualityGap: Double?
    /// The gap tolerance the fit was held to, on the same scale: tol·‖y_c‖²/n (y centred when an
    /// intercept is fitted, weighted by the sample weights); `nil` for solvers without one.
    public let dualityGapTolerance: Double?
    /// The condition number κ of the system matrix XᵀX + αI (X centred and weighted) of a direct
    /// solver, which bounds the digits lost: exact in the 2-norm from the singular values for SVD
    /// ((σ₁² + α)/(σ_min² + α); ∞ for a rank-deficient X with α = 0) and QR (κ(R)²), LAPACK's 1-norm
    /// estimate (`dpocon`) for Cholesky; `nil` for iterative solvers.
    public let conditionNumber: Double?
    /// The effective rank of X found by the SVD solver (singular values above ε·max(n, d)·σ₁).
    public let rank: Int?

    /// Creates a fitted model (used by the solvers; also handy to build a model from known weights).
    public init(coefficients: Tensor, intercept: Double, columnNames: [String]? = nil, alpha: Double = 0,
                solver: String, termination: Termination, iterations: Int, dualityGap: Double? = nil,
                dualityGapTolerance: Double? = nil, conditionNumber: Double? = nil, rank: Int? = nil) {
        precondition(coefficients.rank == 1, "FittedLinearModel: coefficients must be a vector, got shape \(coefficients.shape)")
        precondition(columnNames == nil || columnNames!.count == coefficients.count,
                     "FittedLinearModel: \(columnNames!.count) column names for \(coefficients.count) coefficients")
        self.coefficients = coefficients
        self.intercept = intercept
        self.columnNames = columnNames
        self.alpha = alpha
        self.solver = solver
        self.termination = termination
        self.iterations = iterations
        self.dualityGap = dualityGap
        self.dualityGapTolerance = dualityGapTolerance
        self.conditionNumber = conditionNumber
        self.rank = rank
    }

    /// The number of coefficients d.
    public var featureCount: Int { coefficients.count }

    /// The coefficient of the column with this name, or `nil` if no column has it.
    public func coefficient(named name: String) -> Double? {
        guard let j = columnNames?.firstIndex(of: name) else { return nil }
        return coefficients.scalars[j]
    }

    /// (name, coefficient) pairs in column order; columns are named "x0", "x1", … when no names were given.
    public var namedCoefficients: [(name: String, value: Double)] {
        let names = columnNames ?? (0..<featureCount).map { "x\($0)" }
        return zip(names, coefficients.scalars).map { (name: $0, value: $1) }
    }

    /// Indices of the coefficients that are exactly zero (the lasso's selected-out columns).
    public var zeroCoefficientIndices: [Int] {
        coefficients.scalars.indices.filter { coefficients.scalars[$0] == 0 }
    }

    /// Predictions ŷ = X·w + b for a dense `[n, d]` matrix.
    /// - Throws: `.columnCountMismatch` when X does not have d columns; `.nonFinite` naming a bad entry.
    public func predict(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2 else { throw LinearModelError.shapeMismatch(what: "X must be a matrix", shapes: [x.shape]) }
        guard x.shape[1] == featureCount else { throw LinearModelError.columnCountMismatch(fitted: featureCount, given: x.shape[1]) }
        if let index = x.firstNonFiniteIndex { throw LinearModelError.nonFinite(what: "X", index: index, value: x[index]) }
        return matmul(x, coefficients) + intercept
    }

    /// Predictions ŷ = X·w + b for a sparse CSR matrix (O(nnz)).
    public func predict(_ x: SparseMatrix) throws -> Tensor {
        guard x.columns == featureCount else { throw LinearModelError.columnCountMismatch(fitted: featureCount, given: x.columns) }
        do { try x.requireFinite("X") } catch let LinearAlgebraError.nonFinite(_, index, value) {
            throw LinearModelError.nonFinite(what: "X", index: index, value: value)
        }
        return x.multiplied(by: coefficients) + intercept
    }

    /// The coefficient of determination R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)² of the predictions for X
    /// (scikit-learn's `score`; see `r2Score`).
    public func score(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
        try r2Score(y, predict(x), sampleWeights: sampleWeights)
    }

    /// R² for sparse X.
    public func score(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor? = nil) throws -> Double {
        try r2Score(y, predict(x), sampleWeights: sampleWeights)
    }
}
