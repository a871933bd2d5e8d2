import DescentCore

/// A named optimization test problem: an objective with exact hand-written derivatives (gradient,
/// Hessian, Hessian-vector product), a standard starting point, and the known solution when there is
/// a closed form.
///
/// The suite (quadratics of chosen condition number, Rosenbrock, Beale, Himmelblau, extended
/// Rosenbrock, L2-regularized logistic regression) is what the optimizer tests and benchmarks run on.
/// `MoreGarbowHillstrom` holds the paper's 35 problems and `LargeScaleProblems` larger CUTEst-style
/// ones, both with autodiff derivatives (`sumOfSquares(name:start:minimum:minimizer:localMinima:residuals:)`).
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
/// software", ACM TOMS 7(1), 1981.
public struct TestProblem {
    /// A short identifier ("rosenbrock", "quadratic-n10-k100", …).
    public var name: String
    /// f with gradient, Hessian and Hessian-vector product.
    public var objective: Objective
    /// The standard starting point x₀.
    public var start: Tensor
    /// A known minimizer, when there is a closed form (nil for logistic regression).
    public var minimizer: Tensor?
    /// The minimum value f(x*), when known in closed form.
    public var minimum: Double?
    /// The same f written as ½‖r(x)‖² when it is a sum of squares, for Levenberg–Marquardt and
    /// Gauss–Newton (nil otherwise).
    public var leastSquares: LeastSquaresObjective? = nil
    /// Values of f at other known local minimizers (or at minimizers at infinity) that a method may
    /// legitimately reach from `start`; `minimum` is the global one.
    public var localMinima: [Double] = []

    /// A test problem from its parts.
    public init(name: String, objective: Objective, start: Tensor, minimizer: Tensor?, minimum: Double?) {
        self.name = name
        self.objective = objective
        self.start = start
        self.minimizer = minimizer
        self.minimum = minimum
    }
}
