import DescentCore
import DescentLearn
import DescentOptimize

/// `descent fit --curvature`: the curvature report of the fitted model's objective at its solution,
/// from the exact Hessian of that objective (`ObjectiveDerivatives`, scikit-learn's scaling).
enum FitCurvature {
    /// The step limit of the two gradient-descent trials of `fit --curvature`.
    static let trialLimit = 20_000

    /// Why a model (with its penalty) has no Hessian, or `nil` when it has one.
    static func missingHessian(model: FitModel, penalty: FitPenalty?) -> String? {
        switch model {
        case .lasso, .elasticNet:
            return "--curvature: \(model.rawValue) has no Hessian (its L1 penalty ‖w‖₁ is not differentiable at 0); use ols, ridge, logistic or softmax"
        case .logistic where penalty == .l1 || penalty == .elasticNet:
            return "--curvature: logistic with --penalty \(penalty!.rawValue) has no Hessian (‖w‖₁ is not differentiable at 0); use --penalty l2 or none"
        default:
            return nil
        }
    }

    /// The summary lines and JSON fields of the report at the fitted solution on the training rows.
    /// - Parameters:
    ///   - c: C of logistic and softmax; `l2`: whether their penalty is ½‖w‖² (else none).
    static func output(model: FitModel, summary: FitSummary, x: Tensor, y: Tensor, names: [String],
                       c: Double, l2: Bool, seed: UInt64) throws -> (lines: [String], fields: [(String, JSONValue)]) {
        let n = x.shape[0]
        let derivatives: ObjectiveDerivatives
        var variables = names + ["intercept"]
        let objective: String
        switch model {
        case .ols:
            derivatives = .leastSquares(x: x, y: y, coefficients: summary.coefficients, intercept: summary.intercepts[0],
                                        dataWeight: 1 / (2 * Double(n)), alpha: 0)
            objective = "½n⁻¹‖r‖², H = n⁻¹X̃ᵀX̃"
        case .ridge:
            let alpha = summary.alpha ?? 1
            derivatives = .leastSquares(x: x, y: y, coefficients: summary.coefficients, intercept: summary.intercepts[0],
                                        dataWeight: 1, alpha: alpha)
            objective = "‖r‖² + α‖w‖², H = 2X̃ᵀX̃ + 2α·diag(1, …, 1, 0)"
        case .logistic:
            let probabilities = try summary.predict(x).probabilities!.column(1)
            derivatives = .logistic(x: x, y: y, coefficients: summary.coefficients, probabilities: probabilities,
                                    c: c, penaltyWeight: l2 ? 1 : 0)
            objective = "C·Σ log-loss\(l2 ? " + ½‖w‖²" : ""), H = C·X̃ᵀdiag(p(1 − p))X̃\(l2 ? " + diag(1, …, 1, 0)" : "")"
        case .softmax:
            let probabilities = try summary.predict(x).probabilities!
            let labels = y.scalars.map { label in summary.labels.firstIndex(of: label) ?? 0 }
            let k = summary.classes.count
            derivatives = .softmax(x: x, labels: labels, coefficients: summary.coefficients.reshaped([k, names.count]),
                                   probabilities: probabilities, c: c, penaltyWeight: l2 ? 1 : 0)
            variables = summary.classes.flatMap { cls in names.map { "\(cls):\($0)" } } + summary.classes.map { "\($0):intercept" }
            objective = "C·Σ cross-entropy\(l2 ? " + ½‖W‖²" : ""); the common shift of the intercepts is a flat direction (λ = 0)"
        case .lasso, .elasticNet:
            throw UsageError(missingHessian(model: model, penalty: nil)!)
        }
        // Exactly symmetric, so that the eigensolvers' symmetry check passes whatever GEMM's rounding.
        let hessian = (derivatives.hessian + derivatives.hessian.transposed) * 0.5
        // Trials of at most 20 000 steps: a fitted model's Hessian can be singular (softmax) or badly
        // conditioned, where the converging trial would spend its whole default budget of matrix products.
        let report = try CurvatureReport(hessian: hessian, gradient: derivatives.gradient,
                                         options: CurvatureOptions(seed: seed, trialMaxIterations: trialLimit))
        let lines = ["curvature of the objective at the solution (training rows; \(objective)):"]
            + CurvatureOutput.lines(report, names: variables, trialTolerance: CurvatureOptions().trialTolerance).map { "  " + $0 }
        return (lines, [(JSONKey.variables.rawValue, .strings(variables))] + CurvatureOutput.fields(report))
    }
}
