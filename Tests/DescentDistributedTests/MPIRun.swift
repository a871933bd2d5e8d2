import Foundation
import Testing
import _TestSupport

/// What one `mpirun` job did.
struct MPIJob {
    /// mpirun's exit status (0 when every rank exited 0).
    let status: Int32
    let stdout: String
    let stderr: String
    /// Whether the job had to be killed at the test's deadline (a hang).
    let timedOut: Bool
    /// Wall-clock seconds.
    let seconds: Double
}

/// Runs `DescentDistributedChecks` under `mpirun --oversubscribe -np P` on this machine only
/// (shared memory between ranks, the runtime's own traffic on loopback).
enum MPIRun {
    /// mpirun on the PATH, or nil (the tests are then skipped with that note).
    static let mpirun: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The check executable built beside the tests (`.build/<config>/DescentDistributedChecks`).
    static let checks: URL? = {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("DescentDistributedChecks"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("DescentDistributedChecks")]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/DescentDistributedChecks"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Whether the MPI tests can run; the reason otherwise, shown as the skip note.
    static let available = mpirun != nil && checks != nil
    static let unavailableNote: Comment = mpirun == nil
        ? "mpirun not found: install Open MPI (make deps) to run the DescentDistributed tests"
        : "DescentDistributedChecks not built next to the tests (swift build --build-tests)"

    /// Runs `DescentDistributedChecks arguments…` on `ranks` ranks in `directory` (a fresh
    /// temporary one by default), killing the job after `deadline` seconds.
    static func run(ranks: Int, _ arguments: [String], deadline: Double = 60, in directory: URL? = nil) throws -> MPIJob {
        try launch(try #require(checks), arguments, ranks: ranks, deadline: deadline, in: directory)
    }

    /// Runs `executable arguments…` under mpirun on `ranks` ranks, or directly when `ranks` is nil
    /// (the one-process run a distributed one is compared with), with the same environment.
    static func launch(_ executable: URL, _ arguments: [String], ranks: Int?, deadline: Double = 60,
                       in directory: URL? = nil) throws -> MPIJob {
        let process = Process()
        if let ranks {
            let launcher: URL = try #require(mpirun)
            process.executableURL = launcher
            process.arguments = ["--oversubscribe", "-np", String(ranks),
                                 "--mca", "btl", "self,vader", "--mca", "oob_tcp_if_include", "lo",
                                 executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        // Ranks that wait share the cores with the others: yield rather than spin.
        environment["OMPI_MCA_mpi_yield_when_idle"] = "1"
        // A session directory of its own: jobs started at the same moment (parallel suites) race
        // to create Open MPI's shared default, /tmp/ompi.HOST.UID, and one of them fails. The path
        // stays short because Open MPI puts Unix sockets in it (about 100 bytes at most).
        let session = URL(fileURLWithPath: "/tmp/dmpi-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: session, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: session) }
        environment["OMPI_MCA_orte_tmpdir_base"] = session.path
        process.environment = environment
        let workingDirectory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("descent-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        process.currentDirectoryURL = workingDirectory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline, execute: killer)
        let errorOutput = PipeDrain(err.fileHandleForReading)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errorOutput.wait(), as: UTF8.self)
        process.waitUntilExit()
        killer.cancel()
        let seconds = Date().timeIntervalSince(started)
        if directory == nil { try? FileManager.default.removeItem(at: workingDirectory) }
        return MPIJob(status: process.terminationStatus, stdout: stdout, stderr: stderr,
                      timedOut: process.terminationReason == .uncaughtSignal, seconds: seconds)
    }

    /// Records the job's output when it did not print `PASS CHECK (P ranks)` and exit 0.
    static func expectPass(_ job: MPIJob, _ check: String, ranks: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let passed = job.status == 0 && job.stdout.contains("PASS \(check) (\(ranks) ranks)") && !job.stdout.contains("FAIL")
        #expect(passed, "\(check) on \(ranks) ranks: status \(job.status)\n\(job.stdout)\n\(job.stderr)", sourceLocation: sourceLocation)
    }
}
