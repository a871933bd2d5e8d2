import Foundation
import Testing

/// A checkpointed job killed mid-way (SIGKILL on one rank at step 17, checkpoints every 5 steps)
/// and restarted with the same arguments resumes from step 15 and ends with exactly the
/// parameters of the uninterrupted run: the batches are a function of the step, the sums are
/// rank-ordered, and the checkpoint stores every number in round-tripping form.
@Suite("Checkpoint", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct CheckpointTests {
    private func line(_ prefix: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }.map(String.init)
    }

    @Test func killedJobResumesToTheSameResult() throws {
        let uninterrupted = try MPIRun.run(ranks: 2, ["train", "30", "5"])
        MPIRun.expectPass(uninterrupted, "train", ranks: 2)
        let expected = try #require(line("final", in: uninterrupted.stdout))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let killed = try MPIRun.run(ranks: 2, ["train", "30", "5", "state.ckpt", "17"], in: directory)
        #expect(killed.status != 0 && !killed.timedOut, "the killed job: status \(killed.status)\n\(killed.stderr)")
        let saved = try String(contentsOf: directory.appendingPathComponent("state.ckpt"), encoding: .utf8)
        #expect(saved.hasPrefix("descent-checkpoint 1\nkind data-parallel-training\nstep 15\nranks 2\n"), "\(saved)")

        let resumed = try MPIRun.run(ranks: 2, ["train", "30", "5", "state.ckpt"], in: directory)
        MPIRun.expectPass(resumed, "train", ranks: 2)
        #expect(line("resumed_from", in: resumed.stdout) == "resumed_from 15")
        #expect(line("final", in: resumed.stdout) == expected)
        #expect(line("losses", in: resumed.stdout) == line("losses", in: uninterrupted.stdout))
    }

    /// A checkpoint written by 4 ranks resumes on 4 ranks too (the shard with no rows included).
    @Test func resumesOnFourRanks() throws {
        let uninterrupted = try MPIRun.run(ranks: 4, ["train", "12", "4"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let killed = try MPIRun.run(ranks: 4, ["train", "12", "4", "state.ckpt", "10"], in: directory)
        #expect(killed.status != 0 && !killed.timedOut)
        let resumed = try MPIRun.run(ranks: 4, ["train", "12", "4", "state.ckpt"], in: directory)
        MPIRun.expectPass(resumed, "train", ranks: 4)
        #expect(line("resumed_from", in: resumed.stdout) == "resumed_from 8")
        #expect(line("final", in: resumed.stdout) == line("final", in: uninterrupted.stdout))
    }
}

/// Checkpointed minimization killed at iteration 3 (checkpoints every 2 iterations) and resumed from
/// the checkpoint of iteration 2: every method ends with exactly the uninterrupted run's bits, the
/// same total iterations and the same evaluation counts. The checkpoint carries the driver's
/// `MinimizerState` (L-BFGS's pairs, BFGS's inverse Hessian, the trust radius, the counts), so the
/// resumed run repeats the uninterrupted run's floating-point operations; the collectives add in
/// rank order, so every evaluation gives the same bits in both jobs.
@Suite("MinimizationCheckpoint", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct MinimizationCheckpointTests {
    private func line(_ prefix: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(prefix + " ") }.map(String.init)
    }

    @Test(arguments: ["lbfgs", "bfgs", "trust-region", "newton-cg"])
    func killedMinimizationResumesBitForBit(method: String) throws {
        let uninterrupted = try MPIRun.run(ranks: 2, ["minimize-checkpoint", method, "2"])
        MPIRun.expectPass(uninterrupted, "minimize-checkpoint", ranks: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-minimize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let killed = try MPIRun.run(ranks: 2, ["minimize-checkpoint", method, "2", "x.ckpt", "3"], in: directory)
        #expect(killed.status != 0 && !killed.timedOut)
        let saved = try String(contentsOf: directory.appendingPathComponent("x.ckpt"), encoding: .utf8)
        #expect(saved.hasPrefix("descent-checkpoint 2\nkind minimization\nstep 2\nranks 2\n") && saved.contains("\nminimizer-state\n{"),
                "\(saved)")
        let resumed = try MPIRun.run(ranks: 2, ["minimize-checkpoint", method, "2", "x.ckpt"], in: directory)
        MPIRun.expectPass(resumed, "minimize-checkpoint", ranks: 2)
        #expect(line("resumed_from", in: resumed.stdout) == "resumed_from 2")
        let final = line("final", in: uninterrupted.stdout)
        #expect(final != nil && line("final", in: resumed.stdout) == final, "\(resumed.stdout)\nvs\n\(uninterrupted.stdout)")
        #expect(line("total_iterations", in: resumed.stdout) == line("total_iterations", in: uninterrupted.stdout))
        #expect(line("evaluations", in: resumed.stdout) == line("evaluations", in: uninterrupted.stdout))
        // A finished job rerun returns at once from its final checkpoint.
        let again = try MPIRun.run(ranks: 2, ["minimize-checkpoint", method, "2", "x.ckpt"], in: directory)
        #expect(line("final", in: again.stdout) == final)
        #expect(line("total_iterations", in: again.stdout) == line("total_iterations", in: uninterrupted.stdout))
    }

    /// The checkpoint of iteration 2 in the two other forms a job may meet: without its minimizer
    /// state (format version 1, as written before states were saved), the method restarts at x₂ and
    /// reaches the same minimizer to the stopping tolerance (both runs stop at ‖∇f‖∞ ≤ 1e-8 and f's
    /// curvature is ≥ λ = 0.01 in 5 dimensions, so each is within √5·1e-8/0.01 ≈ 2.2e-6 of the
    /// optimum: 5e-6 apart at most); with a damaged state, the job ends with a message naming the file.
    @Test func checkpointsWithoutOrWithABadStateAreHandled() throws {
        let uninterrupted = try MPIRun.run(ranks: 2, ["minimize-checkpoint", "lbfgs", "2"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-minimize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let killed = try MPIRun.run(ranks: 2, ["minimize-checkpoint", "lbfgs", "2", "x.ckpt", "3"], in: directory)
        #expect(killed.status != 0 && !killed.timedOut)
        let file = directory.appendingPathComponent("x.ckpt")
        let saved = try String(contentsOf: file, encoding: .utf8)
        let lines = saved.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let stateLine = try #require(lines.firstIndex(of: "minimizer-state"))

        var damaged = lines
        damaged[stateLine + 1] = damaged[stateLine + 1].replacingOccurrences(of: "\"rho\":[", with: "\"rho\":[\"x\",")
        try damaged.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let refused = try MPIRun.run(ranks: 2, ["minimize-checkpoint", "lbfgs", "2", "x.ckpt"], in: directory)
        #expect(refused.status != 0 && !refused.timedOut)
        #expect(refused.stderr.contains("checkpoint optimizer state: the minimizer state of x.ckpt is not one of "
                                        + "DescentOptimize.LBFGS.State:"), "\(refused.stderr)")

        var stateless = lines
        stateless.removeSubrange(stateLine...(stateLine + 1))
        stateless[0] = "descent-checkpoint 1"
        try stateless.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let restarted = try MPIRun.run(ranks: 2, ["minimize-checkpoint", "lbfgs", "2", "x.ckpt"], in: directory)
        MPIRun.expectPass(restarted, "minimize-checkpoint", ranks: 2)
        #expect(line("resumed_from", in: restarted.stdout) == "resumed_from 2")
        let point = { (output: String) in (self.line("final", in: output) ?? "").split(separator: " ").dropFirst().compactMap { Double($0) } }
        let a = point(restarted.stdout), b = point(uninterrupted.stdout)
        #expect(a.count == 5 && b.count == 5)
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 5e-6 }, "\(a) vs \(b)")
    }
}

/// A shard with bad data on one rank (a label 2, a NaN target) is an error on every rank at once,
/// before any evaluation: the bad rank throws its own error, the others `failedOnRank` with its
/// message, all well within a second rather than after the 30 s collective deadline; uncaught, the
/// job ends through `abortJob` with that message.
@Suite("BadShard", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct BadShardTests {
    @Test(arguments: ["label", "nan"])
    func everyRankLearnsOfTheBadShard(mode: String) throws {
        let job = try MPIRun.run(ranks: 2, ["bad-shard", mode])
        MPIRun.expectPass(job, "bad-shard", ranks: 2)
        // Whole seconds on rank 0 from the call to the error: 0 unless it waited for a deadline.
        #expect(job.stdout.contains("seconds 0\n"), "\(job.stdout)")
    }

    @Test func uncaughtTheJobEndsWithTheBadRanksMessage() throws {
        let job = try MPIRun.run(ranks: 2, ["bad-shard", "abort"], deadline: 30)
        #expect(job.status != 0 && !job.timedOut)
        #expect(job.stderr.contains("logisticRegression: label 2.0 at row 0 of this rank's shard is not 0 or 1"), "\(job.stderr)")
        #expect(!job.stdout.contains("PASS"))
        #expect(job.seconds < 25, "took \(job.seconds) s (the deadline is 30 s)")
    }
}

/// A rank that fails ends the job with a message within seconds, never a hang: a rank that exits
/// without finalizing MPI (mpirun reports it and stops the others), a rank whose error goes through
/// `abortJob`, and a rank that stops answering (the others' 3 s collective deadline fires on rank 0).
@Suite("Faults", .enabled(if: MPIRun.available, MPIRun.unavailableNote), .serialized)
struct FaultTests {
    @Test func rankThatExitsEndsTheJob() throws {
        let job = try MPIRun.run(ranks: 2, ["fault", "exit"], deadline: 30)
        #expect(job.status != 0 && !job.timedOut)
        #expect(job.stderr.contains("exited with non-zero status"), "\(job.stderr)")
        #expect(!job.stdout.contains("PASS"))
    }

    @Test func rankErrorIsReportedAndEndsTheJob() throws {
        let job = try MPIRun.run(ranks: 2, ["fault", "error"], deadline: 30)
        #expect(job.status != 0 && !job.timedOut)
        #expect(job.stderr.contains("descent: rank 1 of 2: fault: reading shard-1.csv: no such file"), "\(job.stderr)")
    }

    @Test func stalledRankIsFoundByTheDeadline() throws {
        let job = try MPIRun.run(ranks: 2, ["fault", "stall"], deadline: 30)
        #expect(job.status != 0 && !job.timedOut)
        #expect(job.stderr.contains("descent: rank 0 of 2: fault: allreduce made no progress for 3 s on rank 0 of 2: "
                                    + "another rank has failed or stalled"), "\(job.stderr)")
        #expect(job.seconds < 20, "took \(job.seconds) s")
    }
}
