import Foundation
import Testing

/// What one run of the `descent` executable did.
public struct CommandRun: Sendable {
    /// The exit status (0 on success).
    public let status: Int32
    /// Everything written to stdout.
    public let stdout: String
    /// Everything written to stderr.
    public let stderr: String
    /// The files asked for with `reading:`, by name, as the run left them (absent if not written).
    public let files: [String: String]
}

/// Runs the built `descent` executable end to end, as a user would: in a fresh temporary directory
/// holding the given files, so that tests can pass relative file names. Used by every suite that
/// checks exit codes, stderr or the exact stdout of a command line.
public enum DescentCLI {
    /// The `descent` executable next to the test bundle (`.build/<config>/descent`).
    public static var executable: URL? {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("descent"),
                          Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("descent")]
        // Tests/_TestSupport/DescentCLI.swift → the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/descent"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `descent arguments…` in a fresh directory holding `files` (name → contents), and reads
    /// back the files named in `reading` once it exits. A missing executable is a recorded issue.
    public static func run(_ arguments: [String], files: [String: String] = [:], reading: [String] = [],
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandRun {
        guard let executable else {
            Issue.record("the descent executable was not found next to the tests; build it first (swift build)",
                         sourceLocation: sourceLocation)
            return CommandRun(status: -1, stdout: "", stderr: "", files: [:])
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes *before* waiting: a pipe holds about 64 KB, and a child blocked writing to a
        // full one never exits. stderr is read on another thread so neither pipe can fill while the
        // other is being read to its end.
        let errorOutput = PipeDrain(err.fileHandleForReading)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errorOutput.wait(), as: UTF8.self)
        process.waitUntilExit()
        var written: [String: String] = [:]
        for name in reading {
            written[name] = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        }
        return CommandRun(status: process.terminationStatus, stdout: stdout, stderr: stderr, files: written)
    }
}

/// Reads a file handle to its end on a background thread; `wait()` returns everything read.
public final class PipeDrain: @unchecked Sendable {
    // Written once on the reading thread before `done` is signalled, read only after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    public func wait() -> Data {
        done.wait()
        return data
    }
}
