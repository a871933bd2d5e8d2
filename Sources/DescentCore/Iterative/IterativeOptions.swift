/// Stopping rules and the starting-vector seed shared by the iterative methods.
///
/// Convergence is relative: a method stops when its residual (‖Av − λv‖ for an eigenpair,
/// ‖b − Ax‖ for a linear system) is at most `tolerance` times a scale (the running estimate of
/// ‖A‖₂ for eigenproblems, ‖b‖ for linear systems), so the test is invariant to scaling A.
public struct IterativeOptions: Sendable, Hashable {
    /// Relative residual tolerance.
    public var tolerance: Double
    /// Maximum number of iterations (for Lanczos: of Krylov steps).
    public var maxIterations: Int
    /// Seed of the `SeededGenerator` that draws the random starting vector(s).
    public var seed: UInt64

    /// - Parameters:
    ///   - tolerance: relative residual tolerance (default 1e-10, about √ε·10⁻²: tighter than most
    ///     uses need, yet reachable in double precision for well-separated eigenvalues).
    ///   - maxIterations: iteration limit (default 1000).
    ///   - seed: seed for the starting vector (default 0).
    public init(tolerance: Double = 1e-10, maxIterations: Int = 1000, seed: UInt64 = 0) {
        precondition(tolerance >= 0 && maxIterations >= 0,
                     "IterativeOptions: tolerance \(tolerance) and maxIterations \(maxIterations) must be non-negative")
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
    }
}
