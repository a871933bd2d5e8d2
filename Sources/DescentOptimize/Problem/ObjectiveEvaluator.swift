import DescentCore

/// The objective as the driver hands it to a method: every call goes through here and is counted.
///
/// Counting rules (what `OptimizationResult` reports):
/// - `value` is one function evaluation (plus one gradient evaluation when the objective only has a
///   combined value-and-gradient closure, because that is what runs);
/// - `valueAndGradient` is one function and one gradient evaluation;
/// - `hessian` is one Hessian evaluation; `hessianVectorProduct` one HVP evaluation, or one Hessian
///   evaluation when it must be formed from an explicit Hessian;
/// - least-squares `residuals` and `jacobian` count as function and gradient evaluations.
///
/// A reference type on purpose: one evaluator is shared by the driver, the method and its line
/// search during a single `minimize` call, and they all add to the same counts.
public final class ObjectiveEvaluator {
    /// The objective being evaluated.
    public let objective: Objective
    /// Number of function (value or residual) evaluations so far.
    public private(set) var functionEvaluations = 0
    /// Number of gradient (or Jacobian) evaluations so far.
    public private(set) var gradientEvaluations = 0
    /// Number of Hessian evaluations so far.
    public private(set) var hessianEvaluations = 0
    /// Number of Hessian-vector products so far.
    public private(set) var hessianVectorProductEvaluations = 0

    /// Wraps an objective with zero counts.
    public init(_ objective: Objective) { self.objective = objective }

    /// f(x), counted.
    public func value(_ x: Tensor) -> Double {
        functionEvaluations += 1
        if objective.valueAlsoComputesGradient { gradientEvaluations += 1 }
        return objective.value(x)
    }

    /// (f(x), ∇f(x)), counted as one of each.
    public func valueAndGradient(_ x: Tensor) -> (value: Double, gradient: Tensor) {
        functionEvaluations += 1
        gradientEvaluations += 1
        return objective.valueAndGradient(x)
    }

    /// ∇f(x), counted as one gradient evaluation (plus one function evaluation when only the combined
    /// closure exists).
    public func gradient(_ x: Tensor) -> Tensor {
        if let g = objective.gradient {
            gradientEvaluations += 1
            return g(x)
        }
        return valueAndGradient(x).gradient
    }

    /// Whether a Hessian or a Hessian-vector product is available.
    public var hasSecondOrder: Bool { objective.hessian != nil || objective.hessianVectorProduct != nil }

    /// ∇²f(x), counted; `nil` when the objective has no Hessian.
    public func hessian(_ x: Tensor) -> Tensor? {
        guard let h = objective.hessian else { return nil }
        hessianEvaluations += 1
        return h(x)
    }

    /// ∇²f(x)·v, counted; uses the HVP closure, else multiplies by the explicit Hessian, else `nil`.
    public func hessianVectorProduct(_ x: Tensor, _ v: Tensor) -> Tensor? {
        if let hv = objective.hessianVectorProduct {
            hessianVectorProductEvaluations += 1
            return hv(x, v)
        }
        guard let h = hessian(x) else { return nil }
        return matmul(h, v.flattened).reshaped(v.shape)
    }

    /// r(x) of a least-squares objective, counted as a function evaluation.
    public func residuals(_ x: Tensor) -> Tensor? {
        guard let ls = objective.leastSquares else { return nil }
        functionEvaluations += 1
        return ls.residuals(x)
    }

    /// J(x) of a least-squares objective, counted as a gradient evaluation.
    public func jacobian(_ x: Tensor) -> Tensor? {
        guard let ls = objective.leastSquares else { return nil }
        gradientEvaluations += 1
        return ls.jacobian(x)
    }
}

/// Not `Sendable`: it adds to its evaluation counts in place, shared by one `minimize` call.
@available(*, unavailable, message: "an ObjectiveEvaluator counts as it goes; use one per minimization")
extension ObjectiveEvaluator: Sendable {}
