import Foundation

extension Tensor {
    /// Parses a headerless CSV matrix of numbers.
    ///
    /// Fields are comma-separated decimal numbers (spaces and tabs around them ignored; no
    /// hexadecimal or digit separators); `nan`, `inf` and `-inf` are accepted unless
    /// `options.allowsNonFinite` is false; blank lines are skipped; line breaks may be LF, CRLF or
    /// CR (each counts as one line) and a leading UTF-8 byte-order mark is ignored, so files saved
    /// by spreadsheet programs on any platform parse. Control characters (a NUL byte, say) are
    /// refused rather than cutting a field short.
    ///
    /// One line gives a 1 × n matrix and one column an n × 1 matrix; use `flattened` for a vector.
    /// - Throws: `CSVError` naming the 1-based line and column of the first field that is not a
    ///   number, of the first line whose field count differs from the first line's, of a control
    ///   character, or of the number past `options.maxValues`; an empty input is an error too.
    /// - Complexity: O(length of the text); memory 8 bytes per number kept (twice at the end).
    public init(csv text: String, options: CSVReadingOptions = CSVReadingOptions()) throws {
        var parser = NumericCSVParser(options: options)
        var text = text
        try text.withUTF8 { try parser.consume(UnsafeRawBufferPointer($0)) }
        self = try parser.finish()
    }

    /// Reads a headerless numeric CSV file (see `init(csv:options:)`), streaming it in 1 MiB
    /// pieces: memory is proportional to the numbers kept, not to the file or its longest line.
    /// - Throws: `CSVError` carrying the file's path: unreadable or missing file, a directory,
    ///   or any parse error with its line and column.
    public init(contentsOfCSV path: String, options: CSVReadingOptions = CSVReadingOptions()) throws {
        do {
            var parser = NumericCSVParser(options: options)
            try FileBytes.forEachChunk(ofFile: path) { try parser.consume($0) }
            self = try parser.finish()
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
}
