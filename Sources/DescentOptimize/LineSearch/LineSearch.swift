import DescentCore

/// An accepted line-search step: the step length α and the new iterate at x + αd.
public struct LineSearchResult: Sendable {
    /// The step length α.
    public var step: Double
    /// The iterate at x + αd, with value and gradient.
    public var iterate: Iterate

    /// A result from a step length and the iterate it reached.
    public init(step: Double, iterate: Iterate) {
        self.step = step
        self.iterate = iterate
    }
}

/// A rule choosing the step length α along a direction d from x: x_{k+1} = x_k + α d.
///
/// Line searches evaluate through the counting `ObjectiveEvaluator` and return the new iterate with
/// its gradient, so the method never re-evaluates the accepted point.
///
/// Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., 2006, ch. 3.
public protocol LineSearch: Sendable {
    /// A short name for traces and the CLI.
    var name: String { get }
    /// Whether it needs Hessian-vector products (the exact line search does).
    var needsSecondOrder: Bool { get }
    /// Finds α along `direction` from `current`.
    ///
    /// - Parameters:
    ///   - problem: the objective, through the driver's counting evaluator.
    ///   - current: the iterate x with its value and gradient.
    ///   - direction: the search direction d.
    ///   - initialStep: the method's first trial α₀ (1 for Newton-like methods); rules with their own
    ///     step (fixed, diminishing, exact) ignore it.
    ///   - iteration: the iteration number t ≥ 1, for diminishing steps.
    /// - Returns: the accepted step, or `nil` when no acceptable step was found (for instance `d` is
    ///   not a descent direction).
    func search(problem: ObjectiveEvaluator, from current: Iterate, direction: Tensor,
                initialStep: Double, iteration: Int) -> LineSearchResult?
}

extension LineSearch {
    /// Whether Hessian-vector products are needed.
    public var needsSecondOrder: Bool { false }
}

extension Iterate {
    /// The point x + αd.
    func moved(by alpha: Double, along direction: Tensor) -> Tensor {
        Tensor.scaledSum(alpha, direction, x)
    }
}

/// A trial point of a line search on φ(α) = f(x + αd): α, φ(α), φ′(α) = ∇f(x + αd)ᵀd and the iterate.
struct LineSearchTrial {
    var alpha: Double
    var phi: Double
    var slope: Double
    var iterate: Iterate
}

/// Evaluates value and gradient at x + αd as an iterate.
func evaluateStep(_ problem: ObjectiveEvaluator, _ current: Iterate, _ direction: Tensor, _ alpha: Double) -> LineSearchResult {
    let x = current.moved(by: alpha, along: direction)
    let (f, g) = problem.valueAndGradient(x)
    return LineSearchResult(step: alpha, iterate: Iterate(x: x, value: f, gradient: g))
}
