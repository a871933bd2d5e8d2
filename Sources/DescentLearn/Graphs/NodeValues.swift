import Foundation

/// Values given to nodes by name, one `node value` per line: a personalization or dangling
/// vector for `pageRank`, in the edge list's syntax (fields separated by spaces or tabs, `#`
/// comments, blank lines skipped). Turn it into a vector with `Graph.nodeVector(_:)`, which names
/// the nodes that are not in the graph.
public enum NodeValues {
    /// Parses `node value` lines.
    /// - Throws: `EdgeListError` with the line and field: not exactly two fields, a value that is
    ///   not a finite number ≥ 0, a node listed twice.
    public static func parse(_ text: String) throws -> [String: Double] {
        var values: [String: Double] = [:]
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.prefix { $0 != "#" }
            let fields = content.split { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" }
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                throw EdgeListError(line: lineNumber, column: min(fields.count + 1, 3),
                                    reason: "\(fields.count) field\(fields.count == 1 ? "" : "s"); expected `node value`")
            }
            let name = String(fields[0])
            guard let value = Double(fields[1]), value.isFinite, value >= 0 else {
                throw EdgeListError(line: lineNumber, column: 2, reason: "the value \(EdgeListError.quoted(String(fields[1]))) is not a finite number ≥ 0")
            }
            guard values[name] == nil else {
                throw EdgeListError(line: lineNumber, column: 1, reason: "node \(EdgeListError.quoted(name)) is listed twice")
            }
            values[name] = value
        }
        return values
    }

    /// Reads `node value` lines from the file at `path` (see `parse(_:)`).
    /// - Throws: `EdgeListError` with the path (line 0 when the file cannot be read).
    public static func read(contentsOf path: String) throws -> [String: Double] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw EdgeListError(line: 0, column: 0, reason: !exists ? "no such file" : isDirectory.boolValue ? "is a directory, not a file" : "cannot read the file as UTF-8 text", file: path)
        }
        do {
            return try parse(text)
        } catch var error as EdgeListError {
            error.file = path
            throw error
        }
    }
}
