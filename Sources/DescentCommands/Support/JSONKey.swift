/// Every key of every verb's `--json` object, spelled once (snake case), so that the same quantity
/// has the same name in every verb. The columns of `minimize --trace` use the same names.
public enum JSONKey: String, CaseIterable, Sendable {
    // Expressions and points (grad, hessian, jacobian, minimize).
    case variables
    case value
    case gradient
    case hessian
    case jacobian
    case classification
    case maxStableStep = "max_stable_step"
    // Solutions and residuals (solve, lstsq, cg, minimize).
    case x
    case residualNorm = "residual_norm"
    case residuals
    case gradientNorm = "gradient_norm"
    // Matrices and their numbers (linalg).
    case matrix
    case determinant
    case sign
    case logAbsDeterminant = "log_abs_determinant"
    case reciprocalCondition = "rcond"
    case conditionNumber = "condition_number"
    case rank
    case norm
    case eigenvalues
    case eigenvectors
    case singularValues = "singular_values"
    case u
    case vt
    // How an iterative verb ended, and what it cost.
    case termination
    case iteration
    case iterations
    case stepSize = "step_size"
    case operatorApplications = "operator_applications"
    case possibleMissedMultiplicity = "possible_missed_multiplicity"
    // Shift-invert eigensolves (eigs --sigma): the shift σ whose nearest eigenvalues were found.
    case sigma
    case functionEvaluations = "function_evaluations"
    case gradientEvaluations = "gradient_evaluations"
    // Bundled datasets (datasets).
    case datasets
    case name
    case rows
    case columns
    case task
    case description
    case source
    case citation
    case licence
    // Fitted models (fit).
    case coefficients
    case intercept
    case objective
    case zeros
    case metrics
    case split
    case alphas
    case path
    case cvScores = "cv_scores"
    case bestAlpha = "best_alpha"
    case r2 = "r_squared"
    case meanSquaredError = "mse"
    case meanAbsoluteError = "mae"
    case accuracy
    case logLoss = "log_loss"
    case rocAUC = "roc_auc"
    // What second-order information says where a minimization converged (minimize).
    case stationaryPoint = "stationary_point"
    case minHessianEigenvalue = "min_hessian_eigenvalue"
    case saddleEscapes = "saddle_escapes"
    // Principal component analysis (pca).
    case explainedVariance = "explained_variance"
    case explainedVarianceRatio = "explained_variance_ratio"
    case components
    // Curvature at a point (curvature, fit --curvature) and stability of a recurrence (stability).
    case curvature
    case minEigenvalue = "min_eigenvalue"
    case maxEigenvalue = "max_eigenvalue"
    case eigensolver
    case eigensolverTermination = "eigensolver_termination"
    case trace
    case estimate
    case standardError = "standard_error"
    case probes
    case exact
    case gradientDescent = "gradient_descent"
    case below
    case above
    case predictedRate = "predicted_rate"
    case measuredRate = "measured_rate"
    case spectralRadius = "spectral_radius"
    case dominantEigenvalue = "dominant_eigenvalue"
    case verdict
    case growth
    case steps
    case norms
    case spectralRadiusPowers = "spectral_radius_powers"
    case fittedRate = "fitted_rate"
    // Graphs (pagerank).
    case ranks
    case residual

    // Clusterings (cluster).
    case labels
    case eigengap
    // Neural network training (train).
    case history
    case epoch
    case loss
    case validationLoss = "validation_loss"
    case validationAccuracy = "validation_accuracy"
    case parameters
    case architecture
    case bestEpoch = "best_epoch"
    case nonFiniteEpoch = "non_finite_epoch"
    // train --curvature: the Hessian of the training loss at the trained weights.
    case topEigenvalues = "top_eigenvalues"
    case density
    case grid
    case values
    // tour: the report's path and, per section, its key numbers, checked claims, time and error.
    case report
    case sections
    case facts
    case checks
    case claim
    case passed
    case seconds
    case error
    case failures

    /// The keys as help text lists them: "x, residual_norm, rank".
    public static func list(_ keys: JSONKey...) -> String {
        keys.map(\.rawValue).joined(separator: ", ")
    }
}
