@testable import DescentCommands
import DescentCore
import Foundation
import Testing
import _TestSupport

/// The progress line of long iterative runs: shown on stderr only when it is a terminal, only after
/// a delay, throttled, and erased before the result prints.
@Suite("Progress display")
struct ProgressDisplayTests {
    final class Recorder: @unchecked Sendable {
        var time = 0.0
        var written: [String] = []
    }

    @Test func delayedThrottledAndErased() {
        let recorder = Recorder()
        let display = ProgressDisplay(label: "eigs", write: { recorder.written.append($0) }, now: { recorder.time })
        for (time, iteration) in [(0.0, 1), (0.3, 2), (0.6, 3), (0.7, 4), (0.85, 5)] {
            recorder.time = time
            display.report(IterationProgress(iteration: iteration, residual: 0.00123456, target: 1e-9))
        }
        #expect(recorder.written == ["\r\u{1B}[Keigs: iteration 3, residual 0.00123 (target 1e-09)",
                                     "\r\u{1B}[Keigs: iteration 5, residual 0.00123 (target 1e-09)"])
        display.finish()
        #expect(recorder.written.last == "\r\u{1B}[K" && recorder.written.count == 3)
        display.finish()
        #expect(recorder.written.count == 3, "erased once")
        // A quick run shows nothing, and erases nothing.
        let quick = Recorder()
        let silent = ProgressDisplay(label: "cg", write: { quick.written.append($0) }, now: { quick.time })
        silent.report(IterationProgress(iteration: 1, residual: 1, target: 0))
        silent.finish()
        #expect(quick.written.isEmpty)
    }

    /// End to end: with stderr on a pseudo-terminal, a run that lasts longer than the delay shows its
    /// progress there and erases it; stdout (a pipe) holds exactly the result, as without a terminal.
    @Test func shownOnATerminalOnly() throws {
        guard let executable = DescentCLI.executable else { Issue.record("descent not built"); return }
        // ±1 are both dominant: power iteration never converges and runs to the limit (about 1 s in a debug build).
        let files = ["a.csv": "0,1\n1,0\n"]
        let arguments = ["iterative", "eigs", "a.csv", "--method", "power", "--max-iter", "250000"]
        let piped = try DescentCLI.run(arguments, files: files)
        #expect(piped.status == 0 && piped.stderr.isEmpty, "nothing on a pipe: \(piped.stderr.debugDescription)")
        let (stdout, terminal) = try runWithTerminalStderr(executable, arguments, files: files)
        #expect(stdout == piped.stdout, "the result is the same with a terminal")
        #expect(terminal.contains("eigs: iteration ") && terminal.contains(", residual ") && terminal.hasSuffix("\r\u{1B}[K"),
                "the status line, then its erasure: \(terminal.suffix(200).debugDescription)")
    }

    /// Runs `executable arguments` in a fresh directory holding `files`, with stdout on a pipe and
    /// stderr on a pseudo-terminal; returns both.
    func runWithTerminalStderr(_ executable: URL, _ arguments: [String], files: [String: String]) throws -> (String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let (master, name) = try PseudoTerminal.open()
        defer { close(master) }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)   // (dup2 onto the child's fd 2 clears CLOEXEC there)
        guard slave >= 0 else { throw CocoaError(.fileReadUnknown) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        try process.run()
        close(slave)   // the child holds its own copy; the master sees EOF (EIO) once the child exits
        let terminal = TerminalDrain(master)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (stdout, String(decoding: terminal.wait(), as: UTF8.self))
    }
}

/// Reads a pseudo-terminal's master side until the slave is closed, on a background thread.
final class TerminalDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ fd: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count <= 0 { break }
                data.append(contentsOf: buffer[0..<count])
            }
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A pseudo-terminal pair. The POSIX calls (`posix_openpt`, `grantpt`, `unlockpt`, `ptsname_r`)
/// are not in Swift's Glibc module, so they are looked up in the C library at run time.
enum PseudoTerminal {
    /// The master's descriptor and the slave's path.
    static func open() throws -> (master: Int32, slave: String) {
        typealias Open = @convention(c) (Int32) -> Int32
        typealias Control = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32
        guard let library = dlopen(nil, RTLD_NOW),
              let openSymbol = dlsym(library, "posix_openpt"), let grantSymbol = dlsym(library, "grantpt"),
              let unlockSymbol = dlsym(library, "unlockpt"), let nameSymbol = dlsym(library, "ptsname_r") else {
            throw CocoaError(.featureUnsupported)
        }
        let master = unsafeBitCast(openSymbol, to: Open.self)(O_RDWR | O_NOCTTY | O_CLOEXEC)
        var name = [CChar](repeating: 0, count: 128)
        guard master >= 0, unsafeBitCast(grantSymbol, to: Control.self)(master) == 0,
              unsafeBitCast(unlockSymbol, to: Control.self)(master) == 0,
              unsafeBitCast(nameSymbol, to: Name.self)(master, &name, name.count) == 0 else {
            throw CocoaError(.fileReadUnknown)
        }
        let length = name.firstIndex(of: 0) ?? name.count
        return (master, String(decoding: name[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
