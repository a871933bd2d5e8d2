import ArgumentParser
import DescentCore
import DescentLearn

/// The models of `descent fit`.
public enum FitModel: String, CaseIterable, ExpressibleByArgument, Sendable {
    case ols, ridge, lasso
    case elasticNet = "elasticnet"
    case logistic, softmax

    /// Whether the model predicts classes.
    var isClassifier: Bool { self == .logistic || self == .softmax }
    /// Whether α is its penalty strength (`--alpha`).
    var hasAlpha: Bool { self == .ridge || self == .lasso || self == .elasticNet }
    /// Whether it has a regularization path and cross-validation of α (`--path`, `--cv`).
    var hasPath: Bool { self == .lasso || self == .elasticNet }
    /// The `--method` values it accepts.
    var methods: [FitMethod] {
        switch self {
        case .ols, .ridge: return [.cholesky, .qr, .svd, .gradientDescent, .lbfgs]
        case .lasso, .elasticNet: return [.coordinateDescent, .fista]
        case .logistic: return [.auto, .lbfgs, .newton, .proximalNewton, .fista, .saga]
        case .softmax: return [.lbfgs, .newtonCG]
        }
    }
    /// The `--penalty` values it accepts (none: the option does not apply).
    var penalties: [FitPenalty] {
        switch self {
        case .logistic: return FitPenalty.allCases
        case .softmax: return [.none, .l2]
        default: return []
        }
    }
}

/// The solvers `--method` names, across the models (each model accepts its own; see `FitModel.methods`).
public enum FitMethod: String, CaseIterable, ExpressibleByArgument, Sendable {
    case auto, cholesky, qr, svd
    case gradientDescent = "gradient-descent"
    case lbfgs
    case coordinateDescent = "coordinate-descent"
    case fista, newton
    case proximalNewton = "proximal-newton"
    case saga
    case newtonCG = "newton-cg"
}

/// The penalties of the logistic models (`--penalty`).
public enum FitPenalty: String, CaseIterable, ExpressibleByArgument, Sendable {
    case none, l1, l2
    case elasticNet = "elasticnet"
}

/// One fitted model in the terms `descent fit` reports: coefficients by column (by class and column
/// for softmax), intercept(s), objective, iterations, termination, and predictions for the metrics.
struct FitSummary {
    /// Class names for softmax (rows of `coefficients`); empty otherwise.
    var classes: [String]
    /// The labels of the probability columns (classifiers; empty for regression).
    var labels: [Double] = []
    /// d coefficients, or k × d for softmax.
    var coefficients: Tensor
    /// One intercept, or k for softmax.
    var intercepts: [Double]
    var objective: Double
    var iterations: Int
    var termination: Termination
    var solver: String
    /// The α the model was fitted with (nil for the logistic models and OLS).
    var alpha: Double?
    /// Regression predictions, or class predictions and probabilities (n × k).
    var predict: (Tensor) throws -> (values: Tensor, probabilities: Tensor?)

    /// Coefficients exactly 0.
    var zeros: Int { coefficients.scalars.filter { $0 == 0 }.count }
}

extension FitSummary {
    /// The objective each regressor minimizes, on the training data, as scikit-learn writes it:
    /// OLS ½n⁻¹‖r‖²; ridge ‖r‖² + α‖w‖²; lasso ½n⁻¹‖r‖² + α‖w‖₁; elastic net
    /// ½n⁻¹‖r‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖², with r = y − Xw − b.
    static func regressionObjective(_ model: FitModel, _ fitted: FittedLinearModel, _ x: Tensor, _ y: Tensor, l1Ratio: Double) throws -> Double {
        let residual = y - (try fitted.predict(x))
        let squares: Double = residual.scalars.reduce(0) { $0 + $1 * $1 }
        let n = Double(y.count)
        let l1: Double = fitted.coefficients.scalars.reduce(0) { $0 + Swift.abs($1) }
        let l2: Double = fitted.coefficients.scalars.reduce(0) { $0 + $1 * $1 }
        switch model {
        case .ridge: return squares + fitted.alpha * l2
        case .lasso: return squares / (2 * n) + fitted.alpha * l1
        case .elasticNet: return squares / (2 * n) + fitted.alpha * (l1Ratio * l1 + 0.5 * (1 - l1Ratio) * l2)
        default: return squares / (2 * n)
        }
    }

    /// A fitted linear regressor as a summary.
    static func regression(_ model: FitModel, _ fitted: FittedLinearModel, _ x: Tensor, _ y: Tensor, l1Ratio: Double) throws -> FitSummary {
        FitSummary(classes: [], labels: [], coefficients: fitted.coefficients, intercepts: [fitted.intercept],
                   objective: try regressionObjective(model, fitted, x, y, l1Ratio: l1Ratio), iterations: fitted.iterations,
                   termination: fitted.termination, solver: fitted.solver, alpha: model == .ols ? nil : fitted.alpha,
                   predict: { (try fitted.predict($0), nil) })
    }
}
