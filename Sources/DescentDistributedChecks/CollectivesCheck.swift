import DescentCore
import DescentDistributed

/// allreduce (sum, max, min; arrays, tensors, numbers; rank-ordered sums), allgather(v) with a
/// rank holding no rows, allgatherRows, broadcast, split and the typed errors of bad arguments.
/// The lower and upper bounds of every rank's range, flattened in rank order.
private extension Communicator {
    func allgather(integers range: Range<Int>) throws -> [Int] {
        let lower = try allgather(range.lowerBound), upper = try allgather(range.upperBound)
        return zip(lower, upper).flatMap { [$0, $1] }
    }
}

func collectivesCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let p = world.size, r = world.rank
    let pd = Double(p)

    // Exact sums, maxima and minima of small integers.
    var values = [Double(r + 1), Double(2 * (r + 1))]
    try world.allreduce(&values)
    failures.expect(values == [pd * (pd + 1) / 2, pd * (pd + 1)], "allreduce sum gave \(values)")
    var largest = Double(r) * 3 - 1
    try world.allreduce(&largest, .max)
    failures.expect(largest == Double(p - 1) * 3 - 1, "allreduce max gave \(largest)")
    var tensor = Tensor([[Double(r), -Double(r)], [1, 2]])
    try world.allreduce(&tensor, .min)
    failures.expect(tensor == Tensor([[0, -Double(p - 1)], [1, 2]]), "allreduce min of a tensor gave \(tensor)")
    failures.expect(try world.allreduce(r + 1) == p * (p + 1) / 2, "allreduce of a count")

    // Rank-ordered sums: the same bits as adding the ranks' terms in order, on every rank.
    func term(_ rank: Int, _ i: Int) -> Double { 0.1 * Double(rank + 1) + 1e-3 * Double(i) / 3 }
    var ordered = (0..<5).map { term(r, $0) }
    try world.allreduce(&ordered, order: .rankOrdered)
    let expected = (0..<5).map { i in (1..<p).reduce(term(0, i)) { $0 + term($1, i) } }
    failures.expect(ordered == expected, "rank-ordered sum \(ordered) differs from the sequential \(expected)")
    let everyone = try world.allgather(ordered)
    failures.expect((0..<p).allSatisfy { Array(everyone[$0 * 5..<($0 + 1) * 5]) == ordered },
                    "ranks hold different rank-ordered sums")
    var mpiSum = (0..<5).map { term(r, $0) }
    try world.allreduce(&mpiSum)
    failures.expectClose(mpiSum, expected, tolerance: 1e-15, "MPI's sum against the sequential one (round-off)")

    // allgather and allgatherv: rank r holds r rows, so rank 0 holds none.
    failures.expect(try world.allgather(Double(r)) == (0..<p).map(Double.init), "allgather of numbers")
    let mine = (0..<r).map { Double(100 * r + $0) }
    let all = (0..<p).flatMap { rank in (0..<rank).map { Double(100 * rank + $0) } }
    failures.expect(try world.allgatherv(mine) == all, "allgatherv with an empty rank 0")
    failures.expect(try world.allgatherv(mine, counts: Array(0..<p)) == all, "allgatherv with known counts")
    failures.expect(try world.allgatherv([]) == [], "allgatherv with every rank empty")
    var nothing: [Double] = r == 0 ? [] : [1, 2]
    try world.broadcast(&nothing, root: 0)
    failures.expect(nothing.isEmpty, "broadcast of an empty array")
    let block = Tensor(shape: [r, 3], scalars: (0..<3 * r).map { Double(1000 * r + $0) })
    let stacked = try world.allgatherRows(block)
    let rows = p * (p - 1) / 2
    failures.expect(stacked.shape == [rows, 3], "allgatherRows shape \(stacked.shape), expected [\(rows), 3]")
    failures.expect(stacked.scalars == (0..<p).flatMap { rank in (0..<3 * rank).map { Double(1000 * rank + $0) } },
                    "allgatherRows values")

    // Broadcasts from the last rank.
    let root = p - 1
    var broadcastTensor = r == root ? Tensor([[1.5, 2.5, 3.5]]) : Tensor.zeros([7])
    try world.broadcast(&broadcastTensor, root: root)
    failures.expect(broadcastTensor == Tensor([[1.5, 2.5, 3.5]]), "broadcast tensor gave \(broadcastTensor)")
    var text = r == root ? Array("shard-{rank}.csv".utf8) : []
    try world.broadcast(&text, root: root)
    failures.expect(String(decoding: text, as: UTF8.self) == "shard-{rank}.csv", "broadcast bytes")

    // split: even and odd ranks, ordered by descending rank.
    if let half = try world.split(color: r % 2, key: -r) {
        var count = 1.0
        try half.allreduce(&count)
        let members = (0..<p).filter { $0 % 2 == r % 2 }
        failures.expect(Int(count) == members.count, "split group size \(count), expected \(members.count)")
        failures.expect(half.rank == members.reversed().firstIndex(of: r), "split rank \(half.rank) ignores the key")
    } else {
        failures.expect(false, "split returned no communicator for a colored rank")
    }
    let none = try world.split(color: r == 0 ? 0 : nil)
    failures.expect((none != nil) == (r == 0), "split with color nil")
    try world.barrier()

    // Arguments that disagree are typed errors, found before any message is sent.
    do {
        _ = try world.allgatherv([1, 2], counts: Array(repeating: 1, count: p))
        failures.expect(false, "allgatherv accepted a count that is not this rank's")
    } catch let error as CommunicatorError {
        failures.expect("\(error)" == "allgatherv: rank \(r) sends 2 values but its count is 1", "message: \(error)")
    }
    do {
        var x = 1.0
        try world.broadcast(&x, root: p)
        failures.expect(false, "broadcast accepted root \(p)")
    } catch let error as CommunicatorError {
        failures.expect(error == .invalidRank(operation: "broadcast", rank: p, size: p), "error: \(error)")
    }
    // Balanced row ranges partition 0..<N in rank order.
    for n in [0, 1, p - 1, 10, 203] {
        let ranges = try world.allgather(integers: world.rowRange(of: n))
        var next = 0
        for r in 0..<p {
            failures.expect(ranges[2 * r] == next && ranges[2 * r + 1] - ranges[2 * r] <= n / p + 1, "rowRange(\(n)) of rank \(r): \(ranges)")
            next = ranges[2 * r + 1]
        }
        failures.expect(next == n, "rowRange(\(n)) ends at \(next)")
    }

    // Traffic counts: one allreduce of 3 doubles is 24 bytes from this rank.
    world.resetTraffic()
    var three = [1.0, 2.0, 3.0]
    try world.allreduce(&three)
    try world.withCollectiveTimeout(5).barrier()
    failures.expect(world.traffic.calls == ["allreduce": 1, "barrier": 1] && world.traffic.payloadBytes["allreduce"] == 24,
                    "traffic \(world.traffic)")

    // initialize() again is harmless and returns the same world.
    failures.expect(try Communicator.initialize().size == p, "a second initialize()")
}

/// Ping-pong latency and bandwidth between ranks 0 and 1 (`pingpong [REPETITIONS]`), printed by
/// rank 0 as `latency_us`, `bandwidth_MBps` and one `bytes seconds` line per size.
func pingPongCheck(_ world: Communicator, _ arguments: [String], _ failures: inout Failures) throws {
    let repetitions = arguments.first.flatMap(Int.init) ?? 20
    let sizes = stride(from: 3, through: 22, by: 1).map { 1 << $0 }  // 8 B … 4 MiB
    let result = try PingPong.measure(on: world, sizes: sizes, repetitions: repetitions)
    failures.expect(result.latency.isFinite && result.bandwidth > 0, "fit α = \(result.latency), β = \(result.bandwidth)")
    if world.isRoot {
        print("latency_us \(result.latency * 1e6)")
        print("bandwidth_MBps \(result.bandwidth / 1e6)")
        for sample in result.samples { print("pingpong \(sample.bytes) \(sample.seconds)") }
    }
}
