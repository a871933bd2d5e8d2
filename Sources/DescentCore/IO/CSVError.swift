/// A malformed CSV file: what went wrong and exactly where (1-based line and column).
///
/// A data error (the second kind of failure in ARCHITECTURE.md): its description is one line,
/// `file: line L, column C: reason`, with any echoed field capped at `CSVError.echoLimit` characters.
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// 1-based line number in the file (0 when the failure concerns the whole file).
    public let line: Int
    /// 1-based column (field) number on that line.
    public let column: Int
    /// What was wrong.
    public let reason: String
    /// The file, when the text came from one.
    public var file: String?

    /// The error at `line` and `column` (1-based; line 0 for the file as a whole).
    public init(line: Int, column: Int, reason: String, file: String? = nil) {
        self.line = line
        self.column = column
        self.reason = reason
        self.file = file
    }

    /// One line: `file: line L, column C: reason`.
    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        // line 0 means the failure is about the file as a whole (missing, unreadable), not a position in it.
        return line == 0 ? prefix + reason : "\(prefix)line \(line), column \(column): \(reason)"
    }

    /// The most characters of a field an error message repeats; longer fields are cut with "…".
    public static let echoLimit = 40

    /// `text` quoted for a message, cut to `echoLimit` characters, with line breaks and other control
    /// characters written as escapes (`\n`, `\u{1}`) so that the message stays on one line (a quoted
    /// CSV field may hold a line break).
    static func quoted(_ text: Substring) -> String {
        text.count <= echoLimit ? "'\(escaped(text))'" : "'\(escaped(text.prefix(echoLimit)))…' (\(text.count) characters)"
    }

    /// `text` with line breaks and control characters as escapes.
    static func escaped(_ text: Substring) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return String(text) }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
