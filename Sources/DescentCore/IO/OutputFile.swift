#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output file could not be written: the path and the reason, in one line.
public struct OutputFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path as the user gave it.
    public let path: String
    /// What went wrong ("is a directory", "No such file or directory", …).
    public let reason: String

    /// The error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot write PATH: REASON`.
    public var description: String { "cannot write \(path): \(reason)" }
}

/// A file being written safely: whatever is at the path is never destroyed by a failed or partial
/// write, a symbolic link stays a link, and devices stay devices.
///
/// What happens depends on what the path names (following symbolic links, as Unix tools do):
/// - nothing yet, or a regular file: the text goes to a new temporary file in the same directory,
///   which replaces the target by `rename(2)` on `close()` — atomically, so a reader sees the old
///   file or the new one, never half of it; an existing file's permission bits are kept. For a
///   symbolic link the link's final target is replaced and the link itself is left as it is.
/// - a character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe): written in
///   place, never replaced (before, running as root replaced `/dev/null` with a regular file).
/// - a directory: refused with a one-line error.
///
/// Writes are buffered (64 KiB), so a long trace can be streamed row by row as it is produced.
/// A file that is never closed leaves the target untouched and its temporary file removed.
public final class OutputFile {
    /// The path as given, for messages.
    public let path: String
    private var descriptor: Int32
    /// For an atomic replacement: the temporary file and the final target.
    private let replacement: (temporary: String, target: String)?
    private var buffer: [UInt8] = []
    private var closed = false
    private static let bufferSize = 1 << 16

    /// Opens `path` for writing as described above.
    /// - Throws: `OutputFileError` for a directory, a missing parent directory, a permission problem,
    ///   or a symbolic-link loop.
    public init(path: String) throws {
        self.path = path
        var status = stat()
        if stat(path, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            if kind == S_IFDIR { throw OutputFileError(path: path, reason: "is a directory") }
            if kind != S_IFREG {
                // A device, FIFO or socket: write to it, never replace it.
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { throw OutputFileError(path: path, reason: OutputFile.errorText()) }
                descriptor = fd
                replacement = nil
                return
            }
            guard let resolved = realpath(path, nil) else { throw OutputFileError(path: path, reason: OutputFile.errorText()) }
            let target = String(cString: resolved)
            free(resolved)
            (descriptor, replacement) = try OutputFile.temporary(beside: target, mode: status.st_mode & 0o7777, path: path)
        } else if errno == ENOENT {
            let target = try OutputFile.danglingTarget(of: path)
            (descriptor, replacement) = try OutputFile.temporary(beside: target, mode: nil, path: path)
        } else {
            throw OutputFileError(path: path, reason: OutputFile.errorText())
        }
        buffer.reserveCapacity(OutputFile.bufferSize)
    }

    deinit {
        if !closed {
            _ = systemClose(descriptor)
            if let replacement { unlink(replacement.temporary) }
        }
    }

    /// Appends `text` (UTF-8).
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= OutputFile.bufferSize { try flush() }
    }

    /// Appends raw bytes (a binary format such as `.npy`).
    public func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= OutputFile.bufferSize { try flush() }
    }

    /// Writes what is buffered, then puts the file in place (renames the temporary file over the
    /// target), or closes the device.
    public func close() throws {
        guard !closed else { return }
        try flush()
        closed = true
        let closeStatus = systemClose(descriptor)
        if let replacement {
            guard closeStatus == 0 else {
                unlink(replacement.temporary)
                throw OutputFileError(path: path, reason: OutputFile.errorText())
            }
            guard rename(replacement.temporary, replacement.target) == 0 else {
                let reason = OutputFile.errorText()
                unlink(replacement.temporary)
                throw OutputFileError(path: path, reason: reason)
            }
        }
    }

    /// Writes `text` to `path` safely in one call.
    public static func write(_ text: String, to path: String) throws {
        let file = try OutputFile(path: path)
        try file.write(text)
        try file.close()
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(path: path, reason: OutputFile.errorText())
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// A new file next to `target` (same directory, so `rename` is atomic), with `mode` (an existing
    /// file's permission bits) or the default 0666 less the umask.
    private static func temporary(beside target: String, mode: mode_t?, path: String) throws -> (Int32, (String, String)) {
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[..<$0]) } ?? "."
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let candidate = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(String(generator.next() & 0xFFFF_FFFF, radix: 36)).tmp"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 {
                if let mode { fchmod(fd, mode) }
                return (fd, (candidate, target))
            }
            if errno != EEXIST {
                let reason = errno == ENOENT ? "the directory \(directory.isEmpty ? "/" : directory) does not exist" : errorText()
                throw OutputFileError(path: path, reason: reason)
            }
        }
        throw OutputFileError(path: path, reason: "cannot create a temporary file in \(directory)")
    }

    /// The file a path that does not exist yet will create: the path itself, or, for a dangling
    /// symbolic link, the link's final target (so writing creates the target and keeps the link).
    private static func danglingTarget(of path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
            var bytes = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &bytes, Int(PATH_MAX))
            guard count > 0 else { throw OutputFileError(path: path, reason: errorText()) }
            let destination = String(decoding: bytes[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if destination.hasPrefix("/") {
                current = destination
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + destination
            } else {
                current = destination
            }
        }
        throw OutputFileError(path: path, reason: "too many levels of symbolic links")
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

// The C library's close(2) and write(2) under names the class's own `close()`/`write(_:)` do not
// shadow, on Linux and on Apple's platforms alike (a `Glibc.`-qualified call does not build on macOS).
#if canImport(Glibc)
private let systemClose = Glibc.close
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemClose = Darwin.close
private let systemWrite = Darwin.write
#endif
