import DescentCore

/// Binary logistic regression exactly as scikit-learn's `LogisticRegression` defines it: for
/// labels yᵢ ∈ {0, 1}, sample weights sᵢ (default 1) and the inverse regularization strength C,
/// the coefficients w and the unpenalized intercept b minimize
///
///     C Σᵢ sᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + R(w),    zᵢ = xᵢᵀw + b,
///
/// (the same as C Σ sᵢ log(1 + exp(−ỹᵢ zᵢ)) with ỹᵢ = 2yᵢ − 1 ∈ {−1, +1}), where R is
/// ½‖w‖² (`.l2`), ‖w‖₁ (`.l1`), ρ‖w‖₁ + ½(1 − ρ)‖w‖² (`.elasticNet(l1Ratio: ρ)`) or 0 (`.none`).
///
/// Configure a value, then `fit` dense (`Tensor`) or sparse (`SparseMatrix`) data:
///
///     let model = try LogisticRegression(penalty: .l1, c: 0.5).fit(x, y)
///     model.coefficients; model.intercept; model.predict(x); model.termination
///
/// Convergence is judged on the objective divided by C·Σsᵢ (a weighted mean loss, as
/// scikit-learn's L-BFGS sees it): the fit stops when the largest violation of the optimality
/// conditions of that scaled objective (‖∇‖∞ for a smooth penalty, the minimum-norm subgradient
/// for L1 and elastic net) is ≤ `tolerance`. The fitted model reports that measure, the
/// iterations and the `Termination`.
///
/// Without a penalty, separable classes have no maximum-likelihood estimate. A fit that meets a
/// hyperplane putting every row strictly on its own side throws
/// `ClassificationError.perfectSeparation` at once (a convergence claimed by a solver other than
/// Newton is first checked by Newton steps, which grow w quickly along a separating direction,
/// for up to 2000 columns); an answer whose hyperplane separates every row but some lying on it
/// throws `.quasiCompleteSeparation`; a run that stops unconverged with rows at probability 1
/// throws `.saturatedProbabilities`. It never runs silently to the iteration limit.
///
/// Reference: scikit-learn User Guide §1.1.11 "Logistic regression"; R.-E. Fan et al.,
/// "LIBLINEAR", JMLR 9, 2008; G.-X. Yuan, C.-H. Ho and C.-J. Lin, "An improved GLMNET for
/// L1-regularized logistic regression", JMLR 13, 2012.
public struct LogisticRegression: Sendable, Hashable {
    /// The regularizer R(w) added to C Σ sᵢ ℓᵢ (the intercept is never penalized).
    public enum Penalty: Sendable, Hashable, CustomStringConvertible {
        /// R = 0: maximum likelihood.
        case none
        /// R = ½‖w‖².
        case l2
        /// R = ‖w‖₁ (exact zeros).
        case l1
        /// R = ρ‖w‖₁ + ½(1 − ρ)‖w‖², 0 ≤ ρ ≤ 1 (scikit-learn's `l1_ratio`).
        case elasticNet(l1Ratio: Double)

        /// The share ρ of the L1 part (0 for L2 and none, 1 for L1).
        public var l1Ratio: Double {
            switch self {
            case .none, .l2: return 0
            case .l1: return 1
            case .elasticNet(let rho): return rho
            }
        }

        /// Whether the penalty is differentiable (L2 or none), which the L-BFGS and Newton solvers need.
        public var isSmooth: Bool { l1Ratio == 0 }

        /// `none`, `l2`, `l1` or `elasticnet(0.5)`.
        public var description: String {
            switch self {
            case .none: return "none"
            case .l2: return "l2"
            case .l1: return "l1"
            case .elasticNet(let rho): return "elasticnet(\(rho))"
            }
        }
    }

    /// The algorithm that minimizes the objective.
    public enum Solver: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// L-BFGS for L2 and none (scikit-learn's default; cheapest per iteration when n ≫ d),
        /// finished by Newton's method when its line search stalls at the rounding level of a
        /// tight tolerance (up to 2000 columns); the proximal Newton method for L1 and elastic net.
        case automatic = "auto"
        /// Limited-memory BFGS (memory 10, strong Wolfe line search) on the smooth objective (L2, none).
        case lbfgs
        /// Newton's method (iteratively reweighted least squares) with the exact Hessian
        /// Xᵀ diag(sᵢσᵢ(1 − σᵢ)) X (+ I/C), solved by Cholesky, and a backtracking line search (L2, none).
        /// O(n·d² + d³) time per iteration and a d × d matrix: for up to a few thousand columns.
        case newton
        /// Proximal Newton (newGLMNET): coordinate descent on the quadratic model of the loss plus
        /// the exact penalty, then a line search on the true objective; any penalty. Reads X by
        /// columns, so it keeps one transposed copy of X (dense or CSR) during the fit.
        case proximalNewton = "proximal-newton"
        /// FISTA (accelerated proximal gradient with backtracking and adaptive restart); any penalty.
        case fista
        /// SAGA (incremental, variance-reduced, with the proximal step for L1): one scalar of
        /// memory per row, suited to many rows; any penalty.
        case saga

        /// The kebab-case name.
        public var description: String { rawValue }
    }

    /// The regularizer (default `.l2`, as scikit-learn).
    public var penalty: Penalty
    /// The inverse regularization strength C > 0 (default 1); ignored by `.none`.
    public var c: Double
    /// Whether to fit the unpenalized intercept b (default true); false fixes b = 0.
    public var fitIntercept: Bool
    /// The algorithm (default `.automatic`).
    public var solver: Solver
    /// The optimality tolerance on the scaled objective (see the type's documentation). Default 1e-4,
    /// scikit-learn's `tol`.
    public var tolerance: Double
    /// The iteration limit (outer iterations; epochs for SAGA). Default 1000.
    public var maxIterations: Int
    /// The seed of SAGA's row order (default 0).
    public var seed: UInt64

    /// A configuration; nothing is checked until `fit`.
    public init(penalty: Penalty = .l2, c: Double = 1, fitIntercept: Bool = true, solver: Solver = .automatic,
                tolerance: Double = 1e-4, maxIterations: Int = 1000, seed: UInt64 = 0) {
        self.penalty = penalty
        self.c = c
        self.fitIntercept = fitIntercept
        self.solver = solver
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// The solver `fit` starts with: `solver`, with `.automatic` resolved by the penalty.
    public var resolvedSolver: Solver {
        guard solver == .automatic else { return solver }
        return penalty.isSmooth ? .lbfgs : .proximalNewton
    }

    /// Fits the model to dense data.
    /// - Parameters:
    ///   - x: n × d features.
    ///   - y: n labels, each 0 or 1.
    ///   - sampleWeights: n non-negative weights sᵢ (default all 1).
    ///   - columnNames: d names for the coefficients (optional).
    /// - Throws: `ClassificationError` for non-finite values, mismatched shapes (both named), a
    ///   label outside {0, 1} (value and row), a single class, a negative weight, invalid settings,
    ///   a solver that needs a smooth penalty, or separable classes without a penalty.
    /// - Complexity: per iteration O(n·d) for the gradient; Newton adds O(n·d² + d³).
    public func fit(_ x: Tensor, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedLogisticRegression {
        guard x.rank == 2 else {
            throw ClassificationError.shapeMismatch(first: "x (a matrix)", firstShape: x.shape, second: "y", secondShape: y.shape)
        }
        return try fit(.dense(x), y, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    /// Fits the model to CSR sparse data; the same answer as the dense fit of `x.toDense()`.
    /// See `fit(_:_:sampleWeights:columnNames:)` for the parameters and errors.
    public func fit(_ x: SparseMatrix, _ y: Tensor, sampleWeights: Tensor? = nil, columnNames: [String]? = nil) throws -> FittedLogisticRegression {
        try fit(.sparse(x), y, sampleWeights: sampleWeights, columnNames: columnNames)
    }

    func fit(_ x: DesignMatrix, _ y: Tensor, sampleWeights: Tensor?, columnNames: [String]?) throws -> FittedLogisticRegression {
        try validateSettings()
        let data = try ClassificationData(x: x, labels: y, sampleWeights: sampleWeights, columnNames: columnNames)
        return try fit(data, labels: try data.binaryLabels(), columnNames: columnNames, start: nil, columns: nil)
    }

    /// The fit on checked data, from `start` (a warm start) and with X's columns already laid out
    /// for coordinate descent when `columns` is given (a path reuses both).
    func fit(_ data: ClassificationData, labels: [Double], columnNames: [String]?, start: (w: Tensor, b: Double)?,
             columns: DesignMatrix?) throws -> FittedLogisticRegression {
        var problem = BinaryLogisticProblem(data: data, labels: labels, penalty: penalty, c: c, fitIntercept: fitIntercept)
        problem.columns = columns
        let solution = try problem.solve(with: solver, tolerance: tolerance, maxIterations: maxIterations,
                                         seed: seed, start: start)
        return FittedLogisticRegression(configuration: self, solver: solution.solver, coefficients: solution.w,
                                        intercept: solution.b, columnNames: columnNames,
                                        objective: problem.sklearnObjective(solution.w, solution.b),
                                        optimalityViolation: solution.violation, termination: solution.termination,
                                        iterations: solution.iterations)
    }

    func validateSettings() throws {
        if penalty != .none {
            guard c > 0 && c.isFinite else { throw ClassificationError.invalidParameter(name: "C", value: c, requirement: "positive and finite") }
        }
        if case .elasticNet(let rho) = penalty, !(rho >= 0 && rho <= 1) {
            throw ClassificationError.invalidParameter(name: "l1 ratio", value: rho, requirement: "in [0, 1]")
        }
        guard tolerance > 0 && tolerance.isFinite else {
            throw ClassificationError.invalidParameter(name: "tolerance", value: tolerance, requirement: "positive and finite")
        }
        guard maxIterations >= 1 else {
            throw ClassificationError.invalidParameter(name: "maxIterations", value: Double(maxIterations), requirement: "at least 1")
        }
        if !penalty.isSmooth && (resolvedSolver == .lbfgs || resolvedSolver == .newton) {
            throw ClassificationError.unsupportedSolver(solver: resolvedSolver.rawValue, penalty: penalty.description)
        }
    }
}
