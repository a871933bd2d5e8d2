/// The solution of A·x = b by an iterative method (conjugate gradient).
public struct LinearSolveResult: IterativeResult, Sendable, Hashable {
    /// The solution estimate x.
    public var solution: Tensor
    /// The true residual norm ‖b − A·x‖₂ of the returned x (recomputed with the operator, so
    /// recurrence drift cannot hide in it).
    public var residual: Double
    /// Iterations performed.
    public var iterations: Int
    /// Number of products A·p, including the ones for the initial and final residuals.
    public var operatorApplications: Int
    /// Why the method stopped; `.convergedResidual` only when `residual` ≤ tolerance·‖b‖. Otherwise
    /// `solution` is the last iterate (CG's iterates decrease the A-norm error monotonically, so the
    /// last is the best in that norm), except after `.stagnation`: then it is the iterate of
    /// smallest true residual among those checked.
    public var termination: Termination
}
