/// How `pageRank(of:personalization:dangling:start:options:)` solves, and when it stops.
public struct PageRankOptions: Sendable, Equatable {
    /// The solver.
    public enum Method: String, Sendable, CaseIterable {
        /// Power iteration xₖ₊₁ = G xₖ, exactly networkx's `pagerank` (SciPy backend): one
        /// product with the link matrix per iteration; the error contracts by α per iteration.
        case power
        /// Gauss–Seidel sweeps on the linear system M x = (1 − α) p, each node updated from its
        /// in-links with the newest values (Arasu et al., "PageRank computation and the structure
        /// of the web", 2002), rescaled to sum 1 after each sweep; fewer sweeps than power
        /// iterations (12 against 17 on a random 10⁶-node graph, 51 against 86 on the weighted
        /// karate club at tol 1e-14). The in-link sums Σⱼ Aⱼᵢxⱼ/dⱼ are kept current by scattering
        /// each change along the node's out-links, so it reads the graph's CSR as it is (no
        /// transposed copy): memory two vectors of n besides the scores.
        case gaussSeidel = "gauss-seidel"
        /// BiCGSTAB on the same linear system (van der Vorst, SIAM J. Sci. Stat. Comput. 13, 1992),
        /// two products per iteration, memory five vectors of n besides the scores; a Krylov method
        /// as igraph's PRPACK offers (Gleich, "PageRank beyond the web", SIAM Review 57, 2015, §4).
        case krylov
    }

    /// The damping factor α ∈ [0, 1]: the probability of following a link rather than jumping
    /// (networkx `alpha`). Gauss–Seidel and the Krylov method need α < 1.
    public var damping: Double
    /// networkx's `tol`: the run stops when the L1 change (or residual) falls below n·tol.
    public var tolerance: Double
    /// The iteration (power step, sweep, BiCGSTAB step) limit (networkx `max_iter`).
    public var maxIterations: Int
    /// The solver.
    public var method: Method

    /// networkx's defaults: α = 0.85, tol = 1e-6, 100 iterations, power iteration.
    /// - Precondition: 0 ≤ damping ≤ 1, tolerance ≥ 0, maxIterations ≥ 0.
    public init(damping: Double = 0.85, tolerance: Double = 1e-6, maxIterations: Int = 100, method: Method = .power) {
        precondition(damping >= 0 && damping <= 1, "PageRankOptions: damping must be in [0, 1], got \(damping)")
        precondition(tolerance >= 0, "PageRankOptions: tolerance must be ≥ 0, got \(tolerance)")
        precondition(maxIterations >= 0, "PageRankOptions: maxIterations must be ≥ 0, got \(maxIterations)")
        precondition(damping < 1 || method == .power, "PageRankOptions: \(method.rawValue) needs damping < 1 (I − Pᵀ is singular)")
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.method = method
    }
}
