import Descent
import Foundation

// PageRank (DescentLearn) against igraph's PRPACK and networkx's SciPy power iteration on a
// generated directed graph (peers/pagerank_peer.py builds the same edges from the same formula).
// Both sides stop at the same L1 accuracy: networkx's rule ‖Δx‖₁ < n·tol with n·tol = 1e-10
// (PRPACK's fixed tolerance in igraph is 1e-10). The check is n·max(x). The peak memory reported
// is measured from after the graph is built (the CSR plus what PageRank adds, plus the runtime);
// "× the CSR" in BENCHMARKS.md is that peak over csr_mib, and peak − resident_at_start_mib is what
// PageRank itself adds.

/// The benchmark graph: node u < 0.9n has out-links, the last tenth are dangling; edge e goes
/// from splitmix(2e) mod 0.9n to splitmix(2e + 1) mod n (repeats summed, as on every side).
func pageRankBenchmarkEdges(nodes n: Int, edges m: Int) -> (sources: [Int], targets: [Int]) {
    func splitmix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    let linking = UInt64(n - n / 10)
    var sources = [Int](repeating: 0, count: m), targets = [Int](repeating: 0, count: m)
    for e in 0..<m {
        sources[e] = Int(splitmix(UInt64(2 * e)) % linking)
        targets[e] = Int(splitmix(UInt64(2 * e + 1)) % UInt64(n))
    }
    return (sources, targets)
}

/// PageRank of the generated graph with `method`, to ‖Δx‖₁ < 1e-10.
func pageRankCase(nodes n: Int, edges m: Int, method: PageRankOptions.Method) -> @Sendable (BenchmarkData, Int, Int) -> Timing {
    { _, repeats, warmup in
        let graph: Graph = {
            let (sources, targets) = pageRankBenchmarkEdges(nodes: n, edges: m)
            return try! Graph(nodeCount: n, sources: sources, targets: targets, directed: true)
        }()
        let csrMiB = Double(graph.adjacency.nonZeroCount * 12 + (n + 1) * 8) / 1_048_576
        let residentBefore = Measurement.peakResidentMiB()
        // Reset the high-water mark (Linux: "5" to clear_refs), so the reported peak is the graph plus
        // what PageRank adds, not the temporary edge arrays of the construction; the peer does the same.
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        // Right after the reset the high-water mark is the resident size: runtime, CSR and node names.
        let residentAtStart = Measurement.peakResidentMiB()
        let options = PageRankOptions(tolerance: 1e-10 / Double(n), maxIterations: 1000, method: method)
        // Only the figures of the last run are kept: holding its result would add a vector of n to
        // the next run's peak (the harness's memory, not PageRank's).
        var last: (iterations: Int, residual: Double, converged: Bool)?
        var timing = timed(repeats, warmup, { () -> Double in
            let result = try! pageRank(of: graph, options: options)
            last = (result.iterations, result.residual, result.isConverged)
            return Double(n) * (result.scores.max() ?? 0)
        }, check: { $0 })
        if let r = last {
            timing.details = ["iterations": Double(r.iterations), "residual": r.residual, "converged": r.converged ? 1 : 0,
                              "csr_mib": csrMiB, "peak_while_building_mib": residentBefore, "resident_at_start_mib": residentAtStart]
        }
        return timing
    }
}

let pageRankCases: [BenchmarkCase] = [
    BenchmarkCase(name: "pagerank_1e5x1e6_power", peer: "networkx pagerank loop (SciPy)", run: pageRankCase(nodes: 100_000, edges: 1_000_000, method: .power)),
    BenchmarkCase(name: "pagerank_1e5x1e6_gs", peer: "igraph PRPACK", run: pageRankCase(nodes: 100_000, edges: 1_000_000, method: .gaussSeidel)),
    BenchmarkCase(name: "pagerank_1e5x1e6_krylov", peer: "igraph PRPACK", run: pageRankCase(nodes: 100_000, edges: 1_000_000, method: .krylov)),
    BenchmarkCase(name: "pagerank_1e6x1e7_power", peer: "networkx pagerank (SciPy)", run: pageRankCase(nodes: 1_000_000, edges: 10_000_000, method: .power)),
    BenchmarkCase(name: "pagerank_1e6x1e7_power_scipy_loop", peer: "networkx pagerank loop (SciPy)", run: pageRankCase(nodes: 1_000_000, edges: 10_000_000, method: .power)),
    BenchmarkCase(name: "pagerank_1e6x1e7_gs", peer: "igraph PRPACK", run: pageRankCase(nodes: 1_000_000, edges: 10_000_000, method: .gaussSeidel)),
    BenchmarkCase(name: "pagerank_1e6x1e7_krylov", peer: "igraph PRPACK", run: pageRankCase(nodes: 1_000_000, edges: 10_000_000, method: .krylov)),
]
