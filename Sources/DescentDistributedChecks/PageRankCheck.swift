import DescentCore
import DescentDistributed

/// PageRank on a graph whose nodes are split unevenly, rank 0 holding none (from 2 ranks on),
/// against networkx and one process: `pagerank distributed_pagerank.json`
/// (Tools/references/distributed.py: 60 nodes, dangling nodes, plain and personalized).
///
/// Tolerances: networkx ran to ‖Δx‖₁ < 60·1e-15, and the iteration contracts by α = 0.85 per step,
/// so its vector is within ~1e-13 of the fixed point; ours runs to 1e-15 too: 1e-12 against
/// networkx. Against one process 1e-15 — the same additions in the same order (in-links are summed
/// per node in edge order, the two scalars in rank order), so the iterates agree to the bit in
/// practice; 1e-15 leaves room for a changed reduction of the dangling mass.
func pageRankCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let reference = try ReferenceFile(arguments, check: "pagerank")
    let n: Int = try reference.value("nodes")
    let edges: [[Int]] = try reference.value("edges")
    let alpha: Double = try reference.value("alpha")
    let personalization: [Double] = try reference.value("personalization")
    // Rank r holds nodes in proportion to r (rank 0 none): 0, 1, 2, … parts.
    let weights = (0..<world.size).map { $0 }
    let total = max(weights.reduce(0, +), 1)
    let start = world.size == 1 ? 0 : weights[..<world.rank].reduce(0, +) * n / total
    let end = world.size == 1 ? n : weights[...world.rank].reduce(0, +) * n / total
    let nodes = start..<end
    let mine = edges.filter { nodes.contains($0[1]) }.map { (source: $0[0], target: $0[1]) }
    let alone = try requireCommunicator(world.split(color: world.rank, key: 0))
    let solver = DistributedPageRank(damping: alpha, tolerance: 1e-15, maxIterations: 1000)
    for (name, weights, key) in [("plain", nil, "rank"), ("personalized", personalization, "personalized_rank")] as [(String, [Double]?, String)] {
        let expected: [Double] = try reference.value(key)
        let distributed = try solver.rank(inLinks: mine, nodeCount: n, nodes: nodes, personalization: weights.map { Array($0[nodes]) },
                                          communicator: world)
        let single = try solver.rank(inLinks: edges.map { (source: $0[0], target: $0[1]) }, nodeCount: n, nodes: 0..<n,
                                     personalization: weights, communicator: alone)
        failures.expect(distributed.isConverged, "PageRank \(name): \(distributed.termination)")
        failures.expect(distributed.iterations == single.iterations, "PageRank \(name): \(distributed.iterations) iterations, one process \(single.iterations)")
        failures.expectClose(distributed.rank, expected, tolerance: 1e-12, "PageRank \(name) against networkx")
        failures.expectClose(distributed.rank, single.rank, tolerance: 1e-15, "PageRank \(name) against one process")
        if world.isRoot {
            print("PageRank \(name): \(distributed.iterations) iterations, max |Δ| vs networkx \(largestDifference(distributed.rank, expected)), "
                  + "\(distributed.bytesSent / max(distributed.iterations, 1)) bytes sent per iteration by rank 0")
        }
    }
    // An edge out of range on the last rank is an error on every rank (none waits in a collective).
    let last = world.size - 1
    do {
        _ = try solver.rank(inLinks: world.rank == last ? mine + [(source: n, target: nodes.lowerBound)] : mine,
                            nodeCount: n, nodes: nodes, communicator: world)
        failures.expect(false, "PageRank accepted an edge from node \(n) of \(n)")
    } catch {
        failures.expect(world.rank == last ? error is LinearAlgebraError : "\(error)".contains("rank \(last) holds edge"), "PageRank's bad-edge error: \(error)")
    }
    // Ranges that do not partition the nodes are refused on every rank with the same error.
    do {
        _ = try solver.rank(inLinks: [], nodeCount: n + 1, nodes: world.rank == 0 ? 0..<n : n..<n, communicator: world)
        failures.expect(false, "PageRank accepted node ranges that end at \(n) for n = \(n + 1)")
    } catch let error as CommunicatorError {
        failures.expect("\(error)".contains("end at \(n), not at n = \(n + 1)"), "PageRank's partition error: \(error)")
    }
}
