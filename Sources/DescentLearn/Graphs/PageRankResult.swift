import DescentCore

/// The PageRank scores of a graph's nodes, with how the computation ended.
public struct PageRankResult: IterativeResult, Sendable, Equatable {
    /// The score of each node (`scores[v]` for node v); non-negative, summing to 1.
    public let scores: [Double]
    /// Completed iterations: power steps, Gauss–Seidel sweeps, or BiCGSTAB steps (two products each).
    public let iterations: Int
    /// The L1 measure the stopping rule compared with n·tol: for power iteration networkx's
    /// ‖xₖ − xₖ₋₁‖₁ (which equals the residual ‖(1 − α)p − M xₖ₋₁‖₁ of the previous iterate),
    /// for Gauss–Seidel the change of the last sweep, for the Krylov method the true residual
    /// ‖(1 − α)p − M x‖₁ of the scores returned.
    public let residual: Double
    /// `.convergedResidual` when `residual` < n·tol; `.iterationLimit` (networkx raises
    /// `PowerIterationFailedConvergence`; here the last iterate is returned); `.breakdown` when
    /// BiCGSTAB cannot continue.
    public let termination: Termination

    /// The nodes in decreasing order of score (ties by node number), at most `count` of them.
    public func top(_ count: Int) -> [Int] {
        Array(scores.indices.sorted { (scores[$0], $1) > (scores[$1], $0) }.prefix(max(count, 0)))
    }
}
