/// A Matrix Market file that cannot be read: what is wrong and on which line.
///
/// A data error (the second kind of failure in ARCHITECTURE.md); its description is one line,
/// `file: line L: reason` (or `file: reason` for the file as a whole).
public struct MatrixMarketError: Error, CustomStringConvertible, Equatable, Sendable {
    /// 1-based line number (0 when the failure concerns the whole file).
    public let line: Int
    /// What was wrong.
    public let reason: String
    /// The file, when the text came from one.
    public var file: String?

    /// The error at `line` (0 for the file as a whole).
    public init(line: Int, reason: String, file: String? = nil) {
        self.line = line
        self.reason = reason
        self.file = file
    }

    /// One line: `file: line L: reason`.
    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return line == 0 ? prefix + reason : "\(prefix)line \(line): \(reason)"
    }
}
