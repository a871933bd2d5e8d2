import DescentCore

/// PageRank of a graph whose nodes (rows of the transition matrix) are split across ranks, the
/// same on every rank. Each rank holds the in-links (u → v) of its own nodes v ∈ `nodes`; the
/// iteration is networkx's power iteration
/// x⁺ᵥ = α·Σ_{u→v} xᵤ/outdeg(u) + (α·D + 1 − α)·pᵥ, D = Σ_{u dangling} xᵤ,
/// with p the personalization (uniform by default) also receiving the dangling mass.
///
/// Per iteration each rank computes its nodes' entries, one allreduce of two numbers sums the
/// dangling mass of x⁺ and the change ‖x⁺ − x‖₁ over the ranks, and one allgatherv assembles x⁺ on
/// every rank (8·n bytes received per rank). Out-degrees are summed once by an allreduce of n numbers.
/// Stops, like networkx, when ‖x⁺ − x‖₁ < n·tolerance.
/// - Reference: Page, Brin, Motwani & Winograd, "The PageRank citation ranking" (1999);
///   networkx `pagerank` (its `_pagerank_python`).
public struct DistributedPageRank: Sendable {
    /// α, the probability of following a link (networkx's `alpha`).
    public var damping: Double
    /// networkx's `tol`: stop when ‖x⁺ − x‖₁ < n·tolerance.
    public var tolerance: Double
    /// The most iterations.
    public var maxIterations: Int

    /// - Precondition: 0 ≤ damping ≤ 1, tolerance ≥ 0, maxIterations ≥ 0.
    public init(damping: Double = 0.85, tolerance: Double = 1e-6, maxIterations: Int = 100) {
        precondition(damping >= 0 && damping <= 1, "DistributedPageRank: damping \(damping) is not in [0, 1]")
        precondition(tolerance >= 0 && tolerance.isFinite, "DistributedPageRank: tolerance \(tolerance) must be finite and ≥ 0")
        precondition(maxIterations >= 0, "DistributedPageRank: maxIterations \(maxIterations) is negative")
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Ranks the nodes 0..<nodeCount.
    /// - Parameters:
    ///   - inLinks: this rank's edges (source, target), every target in `nodes` (sources anywhere).
    ///     A repeated edge counts once per occurrence (a multigraph's weight).
    ///   - n: `nodeCount`, the number of nodes n, the same on every rank.
    ///   - nodes: this rank's nodes; the ranks' ranges, in rank order, partition 0..<n (empty ones allowed).
    ///   - personalization: p for this rank's nodes (`nodes.count` nonnegative weights, normalized
    ///     over all ranks), or nil for the uniform 1/n.
    ///   - communicator: the ranks holding the graph.
    /// - Throws: `CommunicatorError.mismatch` when the ranges do not partition 0..<n or n differs
    ///   between ranks; `LinearAlgebraError.unsupported` for an edge whose node is out of range or
    ///   whose target is not this rank's, or a personalization that is negative, non-finite, of
    ///   the wrong length or sums to 0; `CommunicatorError` from the collectives.
    /// - Complexity: per iteration O(|in-links of this rank| + n) work and 8n bytes gathered per rank.
    public func rank(inLinks: [(source: Int, target: Int)], nodeCount n: Int, nodes: Range<Int>,
                     personalization: [Double]? = nil, communicator: Communicator) throws -> DistributedPageRankResult {
        let operation = "DistributedPageRank"
        // The first edge out of range and a bad personalization travel with the bounds, so every
        // rank fails together instead of leaving the others in the next collective.
        let badEdge = inLinks.firstIndex { !(0..<n).contains($0.source) || !nodes.contains($0.target) }
        var badWeights: String?
        if let personalization {
            if personalization.count != nodes.count {
                badWeights = "personalization has \(personalization.count) weights for rank \(communicator.rank)'s \(nodes.count) nodes"
            } else if let bad = personalization.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                badWeights = "personalization weight \(personalization[bad]) of node \(nodes.lowerBound + bad) is not a finite number ≥ 0"
            }
        }
        let reports = try communicator.allgather(integers: [n, nodes.lowerBound, nodes.upperBound, badEdge ?? -1,
                                                            badWeights == nil ? 0 : 1, personalization == nil ? 0 : 1])
        let fields = 6
        if let badWeights { throw LinearAlgebraError.unsupported(operation: operation, reason: badWeights) }
        if let r = (0..<communicator.size).first(where: { reports[fields * $0 + 4] != 0 }) {
            throw CommunicatorError.mismatch(operation: operation, detail: "rank \(r)'s personalization weights are invalid")
        }
        if let r = (0..<communicator.size).first(where: { reports[fields * $0 + 5] != (personalization == nil ? 0 : 1) }) {
            throw CommunicatorError.mismatch(operation: operation, detail: "rank \(r) \(personalization == nil ? "gives" : "gives no") personalization, rank \(communicator.rank) \(personalization == nil ? "none" : "some")")
        }
        if let badEdge {
            let edge = inLinks[badEdge]
            throw LinearAlgebraError.unsupported(operation: operation, reason: "edge \(badEdge) (\(edge.source) → \(edge.target)) of rank \(communicator.rank) needs a source in 0..<\(n) and a target in \(nodes.lowerBound)..<\(nodes.upperBound)")
        }
        if let r = (0..<communicator.size).first(where: { reports[fields * $0 + 3] >= 0 }) {
            throw CommunicatorError.mismatch(operation: operation, detail: "rank \(r) holds edge \(reports[fields * r + 3]) with a node out of range")
        }
        let bounds = (0..<communicator.size).flatMap { reports[(fields * $0)..<(fields * $0 + 3)] }
        var expected = 0
        for r in 0..<communicator.size {
            guard bounds[3 * r] == n else {
                throw CommunicatorError.mismatch(operation: operation, detail: "rank \(r) has \(bounds[3 * r]) nodes, rank \(communicator.rank) has \(n)")
            }
            guard bounds[3 * r + 1] == expected, bounds[3 * r + 2] >= expected else {
                throw CommunicatorError.mismatch(operation: operation, detail: "rank \(r) holds nodes \(bounds[3 * r + 1])..<\(bounds[3 * r + 2]), expected to start at \(expected)")
            }
            expected = bounds[3 * r + 2]
        }
        guard expected == n else {
            throw CommunicatorError.mismatch(operation: operation, detail: "the ranks' nodes end at \(expected), not at n = \(n)")
        }
        // p for this rank's nodes, normalized by the global sum.
        var p = [Double](repeating: n > 0 ? 1 / Double(n) : 0, count: nodes.count)
        if let personalization {
            var total: Double = personalization.reduce(0.0) { $0 + $1 }
            try communicator.allreduce(&total, order: .rankOrdered)
            guard total > 0 else { throw LinearAlgebraError.unsupported(operation: operation, reason: "the personalization weights sum to 0") }
            p = personalization.map { $0 / total }
        }
        var degree = [Double](repeating: 0, count: n)
        for edge in inLinks { degree[edge.source] += 1 }
        try communicator.allreduce(&degree, order: .rankOrdered)
        // The in-links grouped by target (CSR of this rank's rows of Pᵀ), weights 1/outdeg(u).
        var starts = [Int](repeating: 0, count: nodes.count + 1)
        for edge in inLinks { starts[edge.target - nodes.lowerBound + 1] += 1 }
        for i in 0..<nodes.count { starts[i + 1] += starts[i] }
        var fill = starts
        var sources = [Int](repeating: 0, count: inLinks.count)
        for edge in inLinks {
            let row = edge.target - nodes.lowerBound
            sources[fill[row]] = edge.source
            fill[row] += 1
        }
        var counts = [Int](repeating: 0, count: communicator.size)
        for r in 0..<communicator.size { counts[r] = bounds[3 * r + 2] - bounds[3 * r + 1] }
        var x = [Double](repeating: n > 0 ? 1 / Double(n) : 0, count: n)
        var weighted = [Double](repeating: 0, count: n)
        // Only the sources of this rank's in-links are read: the per-iteration work is
        // O(in-links), not O(n) (the gathered vector itself is the O(n) part, in the allgatherv).
        let linkedSources = Array(Set(sources)).sorted()
        func danglingMass(_ v: [Double]) -> Double {
            var mass = 0.0
            for node in nodes where degree[node] == 0 { mass += v[node] }
            return mass
        }
        var totals = [danglingMass(x)]
        try communicator.allreduce(&totals, order: .rankOrdered)
        var dangling = totals[0]
        let bytesBefore = communicator.traffic.totalPayloadBytes
        var change = Double.infinity
        for iteration in 0..<maxIterations {
            for u in linkedSources { weighted[u] = x[u] / degree[u] }
            let teleport = damping * dangling + 1 - damping
            var local = [Double](repeating: 0, count: nodes.count)
            var localChange = 0.0, localDangling = 0.0
            for row in 0..<nodes.count {
                var sum = 0.0
                for e in starts[row]..<starts[row + 1] { sum += weighted[sources[e]] }
                let value = damping * sum + teleport * p[row]
                local[row] = value
                let node = nodes.lowerBound + row
                localChange += abs(value - x[node])
                if degree[node] == 0 { localDangling += value }
            }
            var sums = [localDangling, localChange]
            try communicator.allreduce(&sums, order: .rankOrdered)
            dangling = sums[0]
            change = sums[1]
            x = try communicator.allgatherv(local, counts: counts)
            if change < Double(n) * tolerance {
                return DistributedPageRankResult(rank: x, iterations: iteration + 1, change: change, termination: .convergedResidual,
                                                 bytesSent: communicator.traffic.totalPayloadBytes - bytesBefore)
            }
        }
        return DistributedPageRankResult(rank: x, iterations: maxIterations, change: change,
                                         termination: n == 0 ? .convergedResidual : .iterationLimit,
                                         bytesSent: communicator.traffic.totalPayloadBytes - bytesBefore)
    }
}

/// PageRank on every rank: the whole vector, and why it stopped.
public struct DistributedPageRankResult: IterativeResult, Sendable {
    /// xᵥ for v = 0..<n, summing to 1.
    public let rank: [Double]
    /// Power iterations done.
    public let iterations: Int
    /// ‖x⁺ − x‖₁ of the last iteration (∞ when none ran).
    public let change: Double
    /// `.convergedResidual` when ‖x⁺ − x‖₁ < n·tolerance, `.iterationLimit` otherwise.
    public let termination: Termination
    /// The payload bytes this rank contributed to the collectives of the iterations (its nodes'
    /// entries of x⁺ and the two sums: 8·(nᵣ + 2) per iteration; it receives 8·n).
    public let bytesSent: Int
}
