/// A streaming parser of headerless numeric CSV: bytes in, a matrix out.
///
/// It is fed the input in chunks of any size (a file read 1 MiB at a time, or a whole string),
/// keeps only the current field (at most `maxFieldLength` bytes) and the numbers parsed so far, and
/// checks every rule as the bytes arrive, so an error names the 1-based line and column where it
/// occurs and memory stays proportional to the numbers kept, whatever the line length.
///
/// Rules: fields are separated by commas; spaces and tabs around a field are ignored; a line of
/// only spaces and tabs is skipped; LF, CRLF and CR each end a line; a UTF-8 byte-order mark at the
/// very start is skipped; control characters (NUL included) are refused, never silently cut; every
/// line has as many fields as the first; a field is a number in `DecimalNumber`'s grammar.
struct NumericCSVParser {
    let options: CSVReadingOptions

    /// Numbers in full chunks, then `current`; joined once at the end, so assembling the matrix
    /// holds at most two copies of the numbers (no doubling growth of one huge array).
    private var chunks: [[Double]] = []
    private var current: [Double] = []
    private static let chunkSize = 1 << 16
    private var count = 0

    private var field: [UInt8] = []
    private var fieldHasTrailingSpace = false
    private var line = 1
    private var column = 1                // the field being read on this line
    private var lineHasContent = false
    private var columns: Int?             // fields per line, from the first data line
    private var rows = 0
    private var afterCarriageReturn = false
    private var atStart = true            // for the byte-order mark
    private var bomBytesSeen = 0

    init(options: CSVReadingOptions) {
        self.options = options
        field.reserveCapacity(64)
        current.reserveCapacity(Self.chunkSize)
    }

    /// Consumes the next bytes of the input.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        var start = 0
        if atStart {
            // Skip EF BB BF at the very beginning, possibly split across chunks.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            while start < bytes.count, bomBytesSeen < 3, bytes[start] == bom[bomBytesSeen] {
                bomBytesSeen += 1
                start += 1
            }
            if bomBytesSeen == 3 || start < bytes.count {
                if bomBytesSeen > 0 && bomBytesSeen < 3 {
                    throw CSVError(line: 1, column: 1, reason: "the file starts with an incomplete byte-order mark")
                }
                atStart = false
            }
        }
        for index in start..<bytes.count {
            let byte = bytes[index]
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == 0x0A { continue }   // CRLF is one break
            }
            switch byte {
            case 0x0A:
                try endLine()
            case 0x0D:
                try endLine()
                afterCarriageReturn = true
            case UInt8(ascii: ","):
                try endField()
                lineHasContent = true
                column += 1
            case UInt8(ascii: " "), 0x09:
                if !field.isEmpty { fieldHasTrailingSpace = true }
            case 0..<0x20, 0x7F:
                throw CSVError(line: line, column: column,
                               reason: "control character U+\(String(byte, radix: 16, uppercase: true).csvLeftPadded(to: 4)) in a field")
            default:
                lineHasContent = true
                if fieldHasTrailingSpace {
                    // "1 2": a space inside a field. Keep it, so the message shows the whole field.
                    field.append(UInt8(ascii: " "))
                    fieldHasTrailingSpace = false
                }
                guard field.count < options.maxFieldLength else {
                    throw CSVError(line: line, column: column,
                                   reason: "a field longer than \(options.maxFieldLength) characters is not a number (\(CSVError.quoted(Substring(decoding: field, as: UTF8.self)))")
                }
                field.append(byte)
            }
        }
    }

    /// Ends the input and returns the matrix (rows × fields per line).
    mutating func finish() throws -> Tensor {
        if atStart && bomBytesSeen > 0 && bomBytesSeen < 3 {
            throw CSVError(line: 1, column: 1, reason: "the file starts with an incomplete byte-order mark")
        }
        if lineHasContent || !field.isEmpty { try endLine() }
        guard let n = columns else {
            throw CSVError(line: Swift.max(line - 1, 1), column: 1, reason: "no data: the file is empty")
        }
        var scalars: [Double]
        if chunks.isEmpty {
            scalars = current
        } else {
            scalars = []
            scalars.reserveCapacity(count)
            for chunk in chunks { scalars.append(contentsOf: chunk) }
            scalars.append(contentsOf: current)
        }
        chunks = []
        current = []
        return Tensor(shape: [rows, n], scalars: scalars)
    }

    private mutating func endField() throws {
        if let expected = columns, column > expected {
            // Count the remaining fields of the line only to say how many there are.
            field.removeAll(keepingCapacity: true)
            fieldHasTrailingSpace = false
            return
        }
        let value = field.withUnsafeBufferPointer { DecimalNumber.parse($0) }
        guard let value else {
            let shown = field.isEmpty ? "an empty field" : CSVError.quoted(Substring(decoding: field, as: UTF8.self))
            throw CSVError(line: line, column: column, reason: "\(shown) is not a number")
        }
        if !value.isFinite && !options.allowsNonFinite {
            throw CSVError(line: line, column: column,
                           reason: "\(CSVError.quoted(Substring(decoding: field, as: UTF8.self))) is not a finite number")
        }
        guard count < options.maxValues else {
            throw CSVError(line: line, column: column,
                           reason: "more than \(options.maxValues) numbers (CSVReadingOptions.maxValues); raise the limit to read a larger matrix")
        }
        if current.count == Self.chunkSize {
            chunks.append(current)
            current = []
            current.reserveCapacity(Self.chunkSize)
        }
        current.append(value)
        count += 1
        field.removeAll(keepingCapacity: true)
        fieldHasTrailingSpace = false
    }

    private mutating func endLine() throws {
        defer {
            line += 1
            column = 1
            lineHasContent = false
        }
        guard lineHasContent || !field.isEmpty else { return }   // a blank line
        try endField()
        if let expected = columns {
            if column != expected {
                throw CSVError(line: line, column: Swift.min(column, expected) + 1,
                               reason: "expected \(expected) fields as on the first row, found \(column)")
            }
        } else {
            columns = column
        }
        rows += 1
    }
}
