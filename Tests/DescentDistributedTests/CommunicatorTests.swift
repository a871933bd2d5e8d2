import Testing

/// The collectives on 2 and 4 ranks: exact sums, maxima and minima; rank-ordered sums equal to the
/// sequential sum bit for bit on every rank; allgatherv and allgatherRows with a rank that holds no
/// rows; broadcasts; split; typed errors for disagreeing arguments (DescentDistributedChecks
/// `collectives` states each expectation).
@Suite("Communicator", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct CommunicatorTests {
    @Test(arguments: [2, 4])
    func collectives(ranks: Int) throws {
        MPIRun.expectPass(try MPIRun.run(ranks: ranks, ["collectives"]), "collectives", ranks: ranks)
    }

    /// The ping-pong fit gives a positive latency and bandwidth (their values depend on the machine).
    @Test func pingPong() throws {
        let job = try MPIRun.run(ranks: 2, ["pingpong", "5"])
        MPIRun.expectPass(job, "pingpong", ranks: 2)
        let latency = job.stdout.split(separator: "\n").first { $0.hasPrefix("latency_us ") }.flatMap { Double($0.split(separator: " ")[1]) }
        #expect(latency.map { $0 > 0 } == true, "latency line in \(job.stdout)")
    }
}
