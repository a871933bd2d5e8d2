/// A malformed edge list: what went wrong and where (1-based line, and field on that line).
///
/// A data error (the second kind of failure in ARCHITECTURE.md): its description is one line,
/// `file: line L, column C: reason`, with echoed text cut to 40 characters.
public struct EdgeListError: Error, CustomStringConvertible, Equatable, Sendable {
    /// 1-based line number (0 when the failure concerns the whole file).
    public let line: Int
    /// 1-based field number on that line (`source` is 1, `target` 2, `weight` 3).
    public let column: Int
    /// What was wrong.
    public let reason: String
    /// The file, when the text came from one.
    public var file: String?

    /// The error at `line` and `column` (line 0 for the file as a whole).
    public init(line: Int, column: Int, reason: String, file: String? = nil) {
        self.line = line
        self.column = column
        self.reason = reason
        self.file = file
    }

    /// One line: `file: line L, column C: reason`.
    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return line == 0 ? prefix + reason : "\(prefix)line \(line), column \(column): \(reason)"
    }

    /// `text` quoted for a message: at most 40 characters, control characters escaped.
    static func quoted(_ text: String) -> String {
        let cut = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'" + cut.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined() + "'"
    }
}
