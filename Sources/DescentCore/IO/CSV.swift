import Foundation

/// A malformed CSV file: what went wrong and exactly where (1-based line and column).
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// 1-based line number in the file.
    public let line: Int
    /// 1-based column (field) number on that line.
    public let column: Int
    /// What was wrong.
    public let reason: String
    /// The file, when the text came from one.
    public var file: String?

    public init(line: Int, column: Int, reason: String, file: String? = nil) {
        self.line = line
        self.column = column
        self.reason = reason
        self.file = file
    }

    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        // line 0 means the failure is about the file as a whole (missing, unreadable), not a position in it.
        return line == 0 ? prefix + reason : "\(prefix)line \(line), column \(column): \(reason)"
    }
}

extension Tensor {
    /// Parses a headerless CSV matrix of numbers (comma-separated; spaces around fields ignored;
    /// blank lines skipped; `nan`, `inf` and `-inf` accepted so that later checks can name them).
    /// Line breaks may be LF, CRLF or CR (each counts as one line), and a leading UTF-8 byte-order
    /// mark is ignored, so files saved by spreadsheet programs on any platform parse.
    ///
    /// One line gives a 1 × n matrix and one column an n × 1 matrix; use `flattened` for a vector.
    /// - Throws: `CSVError` naming the line and column of the first non-numeric field, or of the
    ///   first line whose field count differs from the first line's; an empty input is an error too.
    public init(csv text: String) throws {
        var values = [Double]()
        var columns: Int?
        var rows = 0
        var lineNumber = 0
        // "\r\n" is a single Character (grapheme cluster) in Swift, so splitting on "\n" would never
        // split a CRLF file; `isNewline` matches LF, CR and CRLF alike, each as one break.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if let expected = columns, fields.count != expected {
                throw CSVError(line: lineNumber, column: Swift.min(fields.count, expected) + 1,
                               reason: "expected \(expected) fields as on the first row, found \(fields.count)")
            }
            columns = fields.count
            for (index, field) in fields.enumerated() {
                let token = field.trimmingCharacters(in: .whitespaces)
                guard let value = Tensor.parseNumber(token) else {
                    let shown = token.isEmpty ? "an empty field" : "'\(token)'"
                    throw CSVError(line: lineNumber, column: index + 1, reason: "\(shown) is not a number")
                }
                values.append(value)
            }
            rows += 1
        }
        guard let n = columns else {
            throw CSVError(line: Swift.max(lineNumber, 1), column: 1, reason: "no data: the file is empty")
        }
        self.init(shape: [rows, n], scalars: values)
    }

    /// Reads a headerless numeric CSV file (see `init(csv:)`); errors carry the file's path.
    public init(contentsOfCSV path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CSVError(line: 0, column: 0, reason: "cannot read the file (missing or not UTF-8 text)", file: path)
        }
        do {
            try self.init(csv: text)
        } catch var error as CSVError {
            error.file = path
            throw error
        }
    }

    /// Headerless CSV text: one line per row (a vector is one column), shortest round-trip decimal form.
    public func csvString() -> String {
        let matrix = rank == 2 ? self : reshaped([rows, columns])
        let n = matrix.shape[1]
        var out = ""
        for i in 0..<matrix.shape[0] {
            out += (0..<n).map { "\(matrix.scalars[i * n + $0])" }.joined(separator: ",")
            out += "\n"
        }
        return out
    }

    /// Writes `csvString()` to a file.
    public func writeCSV(to path: String) throws {
        try csvString().write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Parses a number in the forms Swift's `Double(_:)` accepts plus NumPy's `nan`/`inf` spellings.
    static func parseNumber(_ token: String) -> Double? {
        if let value = Double(token) { return value }
        switch token.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}
