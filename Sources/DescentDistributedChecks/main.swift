// The programs the DescentDistributed tests run under `mpirun --oversubscribe -np P`:
// `DescentDistributedChecks CHECK [ARGUMENTS…]`. Each rank checks its own view; failures are printed
// as `FAIL rank R: …` lines, and rank 0 prints `PASS CHECK (P ranks)` when every rank agreed.
// Checks: collectives, minimize, peer (scikit-learn reference), adam, svrg, train (checkpointed
// training; kill and resume), minimize-checkpoint, fault (exit|error|stall),
// bad-shard (label|nan|abort), and pingpong, which
// prints the measured latency and bandwidth (`pingpong [REPETITIONS]`, for the scaling study).
// Collectives have a 60 s deadline here, so a broken check ends instead of hanging.
import DescentDistributed
#if canImport(Glibc)
import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let check = Check.all[name] else {
    let names = Check.all.keys.sorted().joined(separator: ", ")
    print("usage: DescentDistributedChecks CHECK [ARGUMENTS…], CHECK one of \(names)")
    exit(2)
}
do {
    let world = try Communicator.initialize().withCollectiveTimeout(60)
    var failures = Failures(rank: world.rank)
    do {
        try check(world, Array(arguments.dropFirst()), &failures)
    } catch {
        world.abortJob("\(name): \(error)")
    }
    // The failure count is a collective too, so a rank that printed FAIL fails the whole check.
    let failed = try world.allreduce(failures.count)
    if world.isRoot {
        print(failed == 0 ? "PASS \(name) (\(world.size) ranks)" : "FAIL \(name): \(failed) failure(s)")
    }
    try Communicator.finalize()
    exit(failed == 0 ? 0 : 1)
} catch {
    print("FAIL \(name): \(error)")
    exit(1)
}
