import DescentCore

/// The constant step α = η: x_{k+1} = x_k + η d_k, with no test of decrease.
///
/// On a quadratic with Hessian eigenvalues in [μ, L], gradient descent with a fixed step converges
/// iff 0 < η < 2/L, at rate max|1 − ηλᵢ| per step (1 − μ/L for η = 1/L), and diverges for η > 2/L.
///
/// Reference: Nocedal and Wright, *Numerical Optimization*, 2006, §3.3; Y. Nesterov, *Lectures on
/// Convex Optimization*, 2018, §2.1.5.
public struct FixedStep: LineSearch {
    /// The step length η.
    public var stepLength: Double

    /// A fixed step of length `stepLength` (the learning rate η).
    public init(_ stepLength: Double) {
        requirePositiveStepSize(stepLength, "FixedStep: stepLength")
        self.stepLength = stepLength
    }

    /// The name shown in results and traces.
    public var name: String { "fixed step \(stepLength)" }

    /// The step along `direction`, as described in the type's documentation.
    public func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                       initialStep: Double, iteration: Int) -> LineSearchResult? {
        evaluateStep(problem, current, direction, stepLength)
    }
}
