/// Why a checkpoint could not be read, used or written, in one line naming the file.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file could not be written (the reason from `OutputFile`).
    case unwritable(path: String, reason: String)
    /// The file is not a checkpoint of this format: what was wrong, and on which line.
    case malformed(path: String, line: Int, reason: String)
    /// A checkpoint of a format version this library does not read.
    case unsupportedVersion(path: String, version: Int)
    /// A checkpoint of another kind of run (a training checkpoint given to a minimization, …).
    case wrongKind(path: String, found: String, expected: String)
    /// The saved parameters do not have the shape of the run's starting point.
    case shapeMismatch(path: String, saved: [Int], expected: [Int])
    /// The saved optimizer state does not fit the optimizer (a different recipe or size).
    case stateMismatch(String)

    /// One line.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read checkpoint \(path): \(reason)"
        case let .unwritable(path, reason): return "cannot write checkpoint \(path): \(reason)"
        case let .malformed(path, line, reason): return "checkpoint \(path), line \(line): \(reason)"
        case let .unsupportedVersion(path, version):
            let readable = Checkpoint.readableVersions
            return "checkpoint \(path) has format version \(version); this library reads versions \(readable.lowerBound) to \(readable.upperBound)"
        case let .wrongKind(path, found, expected):
            return "checkpoint \(path) was saved by a \(found) run, not a \(expected) run"
        case let .shapeMismatch(path, saved, expected):
            return "checkpoint \(path) holds parameters of shape \(saved), the run starts from shape \(expected)"
        case let .stateMismatch(detail): return "checkpoint optimizer state: \(detail)"
        }
    }
}
