/// What a `CSVRecordTokenizer` hands its fields and record ends to.
protocol CSVRecordSink {
    /// One field's bytes (unquoted, `""` undone, surrounding spaces trimmed when unquoted) at its
    /// 1-based line and column; `quoted` says whether it was written in double quotes.
    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>, quoted: Bool, line: Int, column: Int) throws
    /// The end of a record of `fields` fields that began on `line` (blank lines are no records).
    mutating func endRecord(line: Int, fields: Int) throws
}

/// Splits CSV text with a header row into fields, streaming: bytes in chunks of any size, fields out,
/// with the 1-based line and column of each, so that every later check can say where it failed.
///
/// The dialect is RFC 4180's, as pandas and spreadsheets write it: comma-separated fields; a field
/// may be enclosed in double quotes, inside which commas and line breaks are data and `""` is one
/// quote; spaces and tabs around an unquoted field are ignored; LF, CRLF and CR end a line; a line of
/// only spaces and tabs is skipped; a leading UTF-8 byte-order mark is skipped; control characters
/// outside quotes are refused. Memory is one field (at most `maxFieldLength` bytes), whatever the
/// size of the file. (`NumericCSVParser` keeps its own tighter loop for headerless numbers, where
/// quotes never occur and every byte counts.)
///
/// Reference: Y. Shafranovich, "Common Format and MIME Type for Comma-Separated Values (CSV) Files",
/// RFC 4180, 2005.
struct CSVRecordTokenizer {
    let maxFieldLength: Int

    private enum State {
        case fieldStart          // nothing of the field yet (spaces skipped)
        case unquoted            // inside an unquoted field
        case quoted              // inside quotes
        case quoteInQuoted       // a quote inside quotes: `""`, or the closing quote
        case afterClosingQuote   // the closing quote seen; only spaces may follow before , or a break
    }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var pendingSpaces = 0          // spaces inside an unquoted field, kept only if more text follows
    private var line = 1
    private var fieldLine = 1              // where the current field began (a quoted field may span lines)
    private var recordLine = 1
    private var column = 1
    private var recordHasContent = false
    private var afterCarriageReturn = false
    private var bomBytesSeen = 0
    private var atStart = true

    init(maxFieldLength: Int) {
        self.maxFieldLength = maxFieldLength
        field.reserveCapacity(64)
    }

    /// Consumes the next bytes of the input, calling `sink` for each field and record end.
    mutating func consume<Sink: CSVRecordSink>(_ bytes: UnsafeRawBufferPointer, into sink: inout Sink) throws {
        var start = 0
        if atStart {
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
                if byte == 0x0A { continue }
            }
            let isBreak = byte == 0x0A || byte == 0x0D
            switch state {
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if isBreak {
                        // A break inside quotes is data; CRLF stays two bytes of it, counted as one line.
                        line += 1
                        if byte == 0x0D { afterCarriageReturn = true; try append(0x0A) } else { try append(byte) }
                    } else {
                        try append(byte)
                    }
                }
                continue
            case .quoteInQuoted:
                if byte == UInt8(ascii: "\"") {
                    try append(byte)
                    state = .quoted
                    continue
                }
                state = .afterClosingQuote
            default:
                break
            }
            switch byte {
            case 0x0A, 0x0D:
                try endRecord(into: &sink)
                line += 1
                if byte == 0x0D { afterCarriageReturn = true }
            case UInt8(ascii: ","):
                try endField(into: &sink)
                recordHasContent = true
                column += 1
            case UInt8(ascii: " "), 0x09:
                if state == .unquoted { pendingSpaces += 1 }
            case UInt8(ascii: "\""):
                guard state == .fieldStart else {
                    let reason = state == .afterClosingQuote
                        ? "text after the closing quote of a quoted field (a quote inside quotes is written \"\")"
                        : "a quote inside an unquoted field (enclose the field in quotes and write the quote as \"\")"
                    throw CSVError(line: line, column: column, reason: reason)
                }
                state = .quoted
                fieldLine = line
                recordHasContent = true
            case 0..<0x20, 0x7F:
                throw CSVError(line: line, column: column,
                               reason: "control character U+\(String(byte, radix: 16, uppercase: true).csvLeftPadded(to: 4)) in a field")
            default:
                if state == .afterClosingQuote {
                    throw CSVError(line: line, column: column,
                                   reason: "text after the closing quote of a quoted field (a quote inside quotes is written \"\")")
                }
                if state == .fieldStart { fieldLine = line }
                state = .unquoted
                recordHasContent = true
                while pendingSpaces > 0 {
                    try append(UInt8(ascii: " "))
                    pendingSpaces -= 1
                }
                try append(byte)
            }
        }
    }

    /// Ends the input: the last record, if the file does not end with a line break.
    mutating func finish<Sink: CSVRecordSink>(into sink: inout Sink) throws {
        if atStart && bomBytesSeen > 0 && bomBytesSeen < 3 {
            throw CSVError(line: 1, column: 1, reason: "the file starts with an incomplete byte-order mark")
        }
        switch state {
        case .quoted:
            throw CSVError(line: fieldLine, column: column, reason: "a quoted field is never closed (the file ends inside quotes)")
        case .quoteInQuoted:
            state = .afterClosingQuote
        default:
            break
        }
        try endRecord(into: &sink)
    }

    /// The line the tokenizer is on (for messages about the end of the file).
    var currentLine: Int { line }

    private mutating func append(_ byte: UInt8) throws {
        guard field.count < maxFieldLength else {
            throw CSVError(line: fieldLine, column: column,
                           reason: "a field longer than \(maxFieldLength) characters (\(CSVError.quoted(Substring(decoding: field, as: UTF8.self))))")
        }
        field.append(byte)
    }

    private mutating func endField<Sink: CSVRecordSink>(into sink: inout Sink) throws {
        let quoted = state == .afterClosingQuote
        try field.withUnsafeBufferPointer { try sink.field($0, quoted: quoted, line: fieldLine, column: column) }
        field.removeAll(keepingCapacity: true)
        pendingSpaces = 0
        state = .fieldStart
        fieldLine = line
    }

    private mutating func endRecord<Sink: CSVRecordSink>(into sink: inout Sink) throws {
        defer {
            column = 1
            recordHasContent = false
            state = .fieldStart
            field.removeAll(keepingCapacity: true)
            pendingSpaces = 0
        }
        guard recordHasContent || state != .fieldStart else {
            recordLine = line + 1
            return
        }
        try endField(into: &sink)
        try sink.endRecord(line: recordLine, fields: column)
        recordLine = line + 1
    }
}

extension String {
    /// The string with zeros in front, to `width` characters.
    func csvLeftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
