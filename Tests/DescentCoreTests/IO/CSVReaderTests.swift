@testable import DescentCore
import Foundation
import Testing

/// The streaming CSV reader: the number grammar against the C library's correctly rounded
/// `strtod` (through `Double(_:)`), every error with its line and column, chunk boundaries
/// anywhere, and the limits that bound memory.
@Suite("CSV reader")
struct CSVReaderTests {
    /// Parses `text` the way the file reader does, but fed in pieces of `piece` bytes, so every
    /// rule is exercised across chunk boundaries.
    static func parse(_ text: String, piece: Int, options: CSVReadingOptions = CSVReadingOptions()) throws -> Tensor {
        var parser = NumericCSVParser(options: options)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(start + piece, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try parser.consume($0) }
            start = end
        }
        return try parser.finish()
    }

    static func number(_ token: String) -> Double? {
        Array(token.utf8).withUnsafeBufferPointer { DecimalNumber.parse($0) }
    }

    @Test("decimal numbers convert bit for bit as strtod does (fast path and fallback)")
    func decimalsAreCorrectlyRounded() {
        var generator = SeededGenerator(seed: 11)
        var checked = 0
        for _ in 0..<20_000 {
            let digitCount = Int.random(in: 1...25, using: &generator)
            var digits = (0..<digitCount).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            if Bool.random(using: &generator) {
                let dot = Int.random(in: 0...digitCount, using: &generator)
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: dot))
                if digits == "." { digits = "0.5" }
            }
            var token = (Bool.random(using: &generator) ? "-" : "") + digits
            if Bool.random(using: &generator) {
                token += (Bool.random(using: &generator) ? "e" : "E") + String(Int.random(in: -330...310, using: &generator))
            }
            guard let expected = Double(token) else { continue }
            let got = Self.number(token)
            #expect(got?.bitPattern == expected.bitPattern, "\(token): \(String(describing: got)) vs \(expected)")
            checked += 1
        }
        #expect(checked > 19_000)
        // Hard cases: halfway points, subnormals, the largest and smallest doubles, 2⁵³ + 1.
        for token in ["9007199254740993", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308",
                      "0.1", "1e23", "8.98846567431158e307", "2.4703282292062328e-324", "1e-400", "1e400",
                      "123456789012345678901234567890", "0.000000000000000000000000000001", "-0", "5.", ".5", "+.5e+2"] {
            #expect(Self.number(token)?.bitPattern == Double(token)?.bitPattern, "\(token)")
        }
    }

    @Test("only the decimal grammar: no hexadecimal, separators, stray signs or bare exponents")
    func strictGrammar() {
        for token in ["0x10", "0X1p3", "1_000", "1e", "e5", ".", "+", "-", "--1", "1..2", "1e5.5", "1 2", "١", "nanx", "in", "∞", "1,5", "0b1", "1f", "1d", "+-1"] {
            #expect(Self.number(token) == nil, "\(token) must be refused")
        }
        #expect(Self.number("NaN")?.isNaN == true)
        #expect(Self.number("-Inf") == -.infinity && Self.number("infinity") == .infinity && Self.number("+INF") == .infinity)
    }

    @Test("every chunk size gives the same matrix; CR, CRLF, LF, BOM and blank lines across boundaries")
    func chunkBoundaries() throws {
        let text = "\u{FEFF}1, 2.5 ,\t-3e2\r\n\r\n4,5,6\r7,8,9\n \t \n10,11,12"
        let expected: Tensor = [[1, 2.5, -300], [4, 5, 6], [7, 8, 9], [10, 11, 12]]
        for piece in 1...9 {
            #expect(try Self.parse(text, piece: piece) == expected, "pieces of \(piece) bytes")
        }
        #expect(try Tensor(csv: text) == expected)
    }

    @Test("errors name the 1-based line and column, whatever the chunking")
    func errorsArePlaced() {
        let cases: [(String, CSVError)] = [
            ("1,2\n3,x\n", CSVError(line: 2, column: 2, reason: "'x' is not a number")),
            ("1,2\0junk\n", CSVError(line: 1, column: 2, reason: "control character U+0000 in a field")),
            ("1,2\n3,\u{7}4\n", CSVError(line: 2, column: 2, reason: "control character U+0007 in a field")),
            ("1,2\n\n3,4,5\n", CSVError(line: 3, column: 3, reason: "expected 2 fields as on the first row, found 3")),
            ("1,2,3\n4\n", CSVError(line: 2, column: 2, reason: "expected 3 fields as on the first row, found 1")),
            ("1,,2\n", CSVError(line: 1, column: 2, reason: "an empty field is not a number")),
            ("1,2,\n", CSVError(line: 1, column: 3, reason: "an empty field is not a number")),
            ("0x10\n", CSVError(line: 1, column: 1, reason: "'0x10' is not a number")),
            ("1 2,3\n", CSVError(line: 1, column: 1, reason: "'1 2' is not a number")),
            ("", CSVError(line: 1, column: 1, reason: "no data: the file is empty")),
            ("\n \n", CSVError(line: 2, column: 1, reason: "no data: the file is empty")),
        ]
        for (text, error) in cases {
            for piece in [1, 2, 3, 1000] {
                #expect(throws: error, "\(text.debugDescription) in pieces of \(piece)") { try Self.parse(text, piece: piece) }
            }
        }
    }

    @Test("a 100,000-digit field is refused with a short message; the numbers limit stops large inputs")
    func limits() throws {
        let huge = String(repeating: "7", count: 100_000)
        do {
            _ = try Tensor(csv: "1\n" + huge + "\n")
            Issue.record("a 100,000-character field must be refused")
        } catch let error as CSVError {
            #expect(error.line == 2 && error.column == 1)
            #expect(error.description.count < 200, "the field is not echoed in full: \(error.description.count) characters")
        }
        let options = CSVReadingOptions(maxValues: 5)
        #expect(try Tensor(csv: "1,2\n3,4\n5,6\n", options: CSVReadingOptions(maxValues: 6)).shape == [3, 2])
        #expect(throws: CSVError(line: 3, column: 2,
                                 reason: "more than 5 numbers (CSVReadingOptions.maxValues); raise the limit to read a larger matrix")) {
            try Tensor(csv: "1,2\n3,4\n5,6\n", options: options)
        }
        #expect(throws: CSVError(line: 1, column: 2, reason: "'nan' is not a finite number")) {
            try Tensor(csv: "1,nan\n", options: CSVReadingOptions(allowsNonFinite: false))
        }
        #expect(try Tensor(csv: "1,nan\n").scalars[1].isNaN, "the library's default keeps NaN for later checks to name")
    }

    @Test("files: streamed in chunks, round trip of csvString, directories and missing files said in words")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-csv-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // More than one 1 MiB read and more than one 2¹⁶-number chunk of storage.
        var generator = SeededGenerator(seed: 3)
        let matrix = Tensor.randomNormal([3000, 40], using: &generator)
        let path = directory.appendingPathComponent("m.csv").path
        try matrix.writeCSV(to: path)
        #expect(try Tensor(contentsOfCSV: path) == matrix, "shortest round-trip digits read back exactly")
        do {
            _ = try Tensor(contentsOfCSV: directory.path)
            Issue.record("a directory must be refused")
        } catch let error as CSVError {
            #expect(error.description == "\(directory.path): is a directory, not a file")
        }
    }
}
