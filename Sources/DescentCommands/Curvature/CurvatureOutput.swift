import DescentCore
import DescentOptimize

/// The readable lines and the JSON fields of a `CurvatureReport`, shared by `descent curvature` and
/// `descent fit --curvature` so that both say the same thing with the same keys.
enum CurvatureOutput {
    /// The Hessian is printed in the readable summary up to this many variables (always in JSON).
    static let printedHessianLimit = 10

    /// The JSON keys of a report, in order (for the verbs' help).
    static let keys = JSONKey.list(.gradient, .gradientNorm, .hessian, .eigenvalues, .eigensolver, .eigensolverTermination,
                                   .minEigenvalue, .maxEigenvalue, .stationaryPoint, .conditionNumber, .maxStableStep,
                                   .trace, .gradientDescent)

    /// The summary lines; `names` label the variables.
    static func lines(_ report: CurvatureReport, names: [String], trialTolerance: Double) -> [String] {
        var lines = [TextLayout.field("gradient", report.gradient) + " (‖∇f‖ = \(TextLayout.number(report.gradientNorm)))"]
        if let h = report.hessian, report.dimension <= printedHessianLimit {
            lines.append(TextLayout.field("Hessian (variables \(names.joined(separator: ", ")))", h))
        }
        if report.hessian != nil {
            lines.append(TextLayout.field("eigenvalues (ascending)", report.eigenvalues))
        } else {
            let k = report.eigenvalues.count / 2
            let ending = report.eigensolverTermination.map { $0 == .convergedResidual ? "" : "; \($0)" } ?? ""
            lines.append(TextLayout.field("eigenvalues (the \(k) smallest, then the \(k) largest, by Lanczos on Hessian-vector products\(ending))",
                                          report.eigenvalues))
        }
        lines.append("λmin = \(TextLayout.number(report.minEigenvalue)), λmax = \(TextLayout.number(report.maxEigenvalue))")
        let tolerance = report.stationaryPoint.tolerance.map(TextLayout.number) ?? "?"
        lines.append("stationary point: \(report.stationaryPoint.kind.name) (|λ| ≤ \(tolerance) counts as 0)")
        lines.append("condition number λmax/λmin: " + (report.minEigenvalue > 0 ? TextLayout.number(report.conditionNumber) : "∞ (λmin ≤ 0)"))
        lines.append("max stable step 2/λmax: " + (report.maxStableStep.map(TextLayout.number) ?? "none (λmax ≤ 0)"))
        let exact = report.exactTrace.map { "; exact Σλ = \(TextLayout.number($0))" } ?? ""
        lines.append("trace: \(TextLayout.number(report.trace.estimate)) ± \(TextLayout.number(report.trace.standardError)) "
                     + "(Hutchinson, \(report.trace.probes) Rademacher probes\(exact))")
        if let below = report.belowStableStep, let above = report.aboveStableStep {
            lines.append("gradient descent on the local quadratic model, e ← (I − ηH)e from a random unit e₀:")
            lines.append("  " + trialLine(below, factor: StepSizeTrial.belowFactor, tolerance: trialTolerance))
            lines.append("  " + trialLine(above, factor: StepSizeTrial.aboveFactor, tolerance: trialTolerance))
        }
        return lines
    }

    /// `η = 0.9·2/λmax = 0.0018: converged (‖e‖ ≤ 1e-6) after 19240 iterations; …`.
    static func trialLine(_ trial: StepSizeTrial, factor: Double, tolerance: Double) -> String {
        let outcome: String
        switch trial.termination {
        case .convergedResidual: outcome = "converged (‖e‖ ≤ \(TextLayout.number(tolerance))) after \(trial.iterations) iterations"
        case .diverged: outcome = "diverged (‖e‖ ≥ \(TextLayout.number(1 / tolerance))) at iteration \(trial.iterations)"
        default: outcome = "\(trial.termination) after \(trial.iterations) iterations (‖e‖ = \(TextLayout.number(trial.finalErrorNorm)))"
        }
        return "η = \(TextLayout.number(factor))·2/λmax = \(TextLayout.number(trial.stepSize)): \(outcome); "
            + "last factor ‖eₜ‖/‖eₜ₋₁‖ = \(TextLayout.number(trial.measuredRate)) (predicted max|1 − ηλ| = \(TextLayout.number(trial.predictedRate)))"
    }

    /// The JSON fields (keys in `keys`' order).
    static func fields(_ report: CurvatureReport) -> [(String, JSONValue)] {
        func trial(_ t: StepSizeTrial?) -> JSONValue {
            guard let t else { return .null }
            return .record([.stepSize: .number(t.stepSize), .predictedRate: .number(t.predictedRate),
                            .measuredRate: .number(t.measuredRate), .iterations: .integer(t.iterations),
                            .termination: .string(t.termination.name)])
        }
        let pairs: [(JSONKey, JSONValue)] = [
            (.gradient, .tensor(report.gradient)),
            (.gradientNorm, .number(report.gradientNorm)),
            (.hessian, report.hessian.map(JSONValue.tensor) ?? .null),
            (.eigenvalues, .tensor(report.eigenvalues)),
            (.eigensolver, .string(report.stationaryPoint.source.rawValue)),
            (.eigensolverTermination, report.eigensolverTermination.map { .string($0.name) } ?? .null),
            (.minEigenvalue, .number(report.minEigenvalue)),
            (.maxEigenvalue, .number(report.maxEigenvalue)),
            (.stationaryPoint, .string(report.stationaryPoint.kind.name)),
            (.conditionNumber, .number(report.conditionNumber)),
            (.maxStableStep, report.maxStableStep.map(JSONValue.number) ?? .null),
            (.trace, .record([.estimate: .number(report.trace.estimate), .standardError: .number(report.trace.standardError),
                              .probes: .integer(report.trace.probes), .exact: report.exactTrace.map(JSONValue.number) ?? .null])),
            (.gradientDescent, .record([.below: trial(report.belowStableStep), .above: trial(report.aboveStableStep)])),
        ]
        return pairs.map { ($0.0.rawValue, $0.1) }
    }
}
