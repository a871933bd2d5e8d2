/// The header of a Matrix Market file: `%%MatrixMarket matrix <format> <field> <symmetry>`.
struct MatrixMarketHeader: Equatable {
    enum Format: String { case coordinate, array }
    enum Field: String { case real, integer, pattern }
    enum Symmetry: String {
        case general, symmetric
        case skewSymmetric = "skew-symmetric"
    }

    var format: Format
    var field: Field
    var symmetry: Symmetry
}

/// Streaming parser of the NIST Matrix Market exchange format: bytes in chunks, entries out.
///
/// Grammar: the banner line; comment lines starting with `%` and blank lines anywhere after it; the
/// size line (`M N NNZ` for coordinate, `M N` for array); then exactly NNZ lines `i j [value]`
/// (1-based indices) or the array's values in column-major order — for a symmetric matrix only the
/// lower triangle with the diagonal, for a skew-symmetric one the strict lower triangle.
/// Fields are separated by spaces or tabs; lines end with LF, CRLF or CR.
///
/// Reference: R. F. Boisvert, R. Pozo, K. A. Remington, "The Matrix Market Exchange Formats:
/// Initial Design", NISTIR 5935, 1996.
struct MatrixMarketParser {
    let maxValues: Int
    /// The longest data line accepted; comment lines may be any length (they are skipped unread).
    static let maxLineLength = 1024

    private(set) var header: MatrixMarketHeader?
    private(set) var rows = 0
    private(set) var columns = 0
    private var declaredEntries: Int?
    private var entriesSeen = 0
    /// Coordinate entries (0-based), the symmetric mirror images included.
    private(set) var rowIndices: [Int] = []
    private(set) var columnIndices: [Int] = []
    private(set) var values: [Double] = []
    /// Array values in row-major order, filled as the column-major stream arrives.
    private(set) var dense: [Double] = []
    private var arrayPosition = (row: 0, column: 0)

    private var lineBuffer: [UInt8] = []
    private var inComment = false
    private var line = 1
    private var afterCarriageReturn = false

    init(maxValues: Int) {
        self.maxValues = maxValues
    }

    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws {
        for byte in bytes {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == 0x0A { continue }
            }
            if byte == 0x0A || byte == 0x0D {
                try endLine()
                afterCarriageReturn = byte == 0x0D
                continue
            }
            if inComment { continue }
            if lineBuffer.isEmpty && byte == UInt8(ascii: "%") && header != nil {
                inComment = true
                continue
            }
            guard lineBuffer.count < MatrixMarketParser.maxLineLength else {
                throw MatrixMarketError(line: line, reason: "a line longer than \(MatrixMarketParser.maxLineLength) characters")
            }
            lineBuffer.append(byte)
        }
    }

    /// Ends the input; checks that every declared entry was there.
    mutating func finish() throws {
        if !lineBuffer.isEmpty || inComment { try endLine() }
        guard header != nil else { throw MatrixMarketError(line: 0, reason: "the file is empty (no %%MatrixMarket banner)") }
        guard let declared = declaredEntries else {
            throw MatrixMarketError(line: line - 1, reason: "the file ends before the size line")
        }
        guard entriesSeen == declared else {
            throw MatrixMarketError(line: line - 1, reason: "the size line declares \(declared) entries, the file has \(entriesSeen)")
        }
    }

    private mutating func endLine() throws {
        defer {
            lineBuffer.removeAll(keepingCapacity: true)
            inComment = false
            line += 1
        }
        if inComment { return }
        if let k = lineBuffer.firstIndex(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
            throw MatrixMarketError(line: line, reason: "control character U+\(String(lineBuffer[k], radix: 16, uppercase: true).csvLeftPadded(to: 4)) in the line")
        }
        guard let header else {
            header = try MatrixMarketParser.banner(lineBuffer, line: line)
            return
        }
        let fields = lineBuffer.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        if fields.isEmpty { return }   // a blank line
        if declaredEntries == nil {
            try sizeLine(fields, header)
        } else {
            try entry(fields, header)
        }
    }

    static func banner(_ bytes: [UInt8], line: Int) throws -> MatrixMarketHeader {
        let words = String(decoding: bytes, as: UTF8.self).lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.first == "%%matrixmarket" else {
            throw MatrixMarketError(line: line, reason: "not a Matrix Market file: the first line must start with %%MatrixMarket")
        }
        guard words.count == 5 else {
            throw MatrixMarketError(line: line, reason: "the banner needs 4 words after %%MatrixMarket (object format field symmetry), found \(words.count - 1)")
        }
        guard words[1] == "matrix" else {
            throw MatrixMarketError(line: line, reason: "unsupported object '\(words[1])' (only 'matrix' is read)")
        }
        guard let format = MatrixMarketHeader.Format(rawValue: words[2]) else {
            throw MatrixMarketError(line: line, reason: "unknown format '\(words[2])' (coordinate or array)")
        }
        guard let field = MatrixMarketHeader.Field(rawValue: words[3]) else {
            let why = words[3] == "complex" ? "complex entries are not supported; a matrix here holds real numbers" : "unknown field"
            throw MatrixMarketError(line: line, reason: "\(why) '\(words[3])' (real, integer or pattern are read)")
        }
        guard let symmetry = MatrixMarketHeader.Symmetry(rawValue: words[4]) else {
            let why = words[4] == "hermitian" ? "hermitian symmetry applies to complex matrices, which are not supported" : "unknown symmetry '\(words[4])'"
            throw MatrixMarketError(line: line, reason: "\(why) (general, symmetric or skew-symmetric are read)")
        }
        if field == .pattern && format == .array {
            throw MatrixMarketError(line: line, reason: "the pattern field is only for the coordinate format")
        }
        if field == .pattern && symmetry == .skewSymmetric {
            throw MatrixMarketError(line: line, reason: "a pattern matrix cannot be skew-symmetric (it has no signs)")
        }
        return MatrixMarketHeader(format: format, field: field, symmetry: symmetry)
    }

    private mutating func sizeLine(_ fields: [ArraySlice<UInt8>], _ header: MatrixMarketHeader) throws {
        let expected = header.format == .coordinate ? 3 : 2
        let names = header.format == .coordinate ? "rows, columns, entries" : "rows, columns"
        guard fields.count == expected else {
            throw MatrixMarketError(line: line, reason: "the size line needs \(expected) integers (\(names)), found \(fields.count) fields")
        }
        let numbers = try fields.map { try count($0, what: "size") }
        (rows, columns) = (numbers[0], numbers[1])
        if header.symmetry != .general && rows != columns {
            throw MatrixMarketError(line: line, reason: "a \(header.symmetry.rawValue) matrix must be square, the size line says \(rows) × \(columns)")
        }
        let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
        switch header.format {
        case .coordinate:
            let declared = numbers[2]
            guard rows <= Int(Int32.max) && columns <= Int(Int32.max) else {
                throw MatrixMarketError(line: line, reason: "\(rows) × \(columns) exceeds the sparse index range (at most \(Int32.max) rows and columns)")
            }
            guard overflow || declared <= cells else {
                throw MatrixMarketError(line: line, reason: "\(declared) entries do not fit in a \(rows) × \(columns) matrix")
            }
            let stored = header.symmetry == .general ? declared : 2 * declared
            guard declared <= maxValues && stored <= maxValues else {
                throw MatrixMarketError(line: line, reason: "\(declared) entries exceed the reading limit of \(maxValues) values; raise the limit to read a larger matrix")
            }
            declaredEntries = declared
            let reserve = Swift.min(stored, 1 << 20)   // grows with the entries actually present
            rowIndices.reserveCapacity(reserve)
            columnIndices.reserveCapacity(reserve)
            values.reserveCapacity(reserve)
        case .array:
            guard !overflow, cells <= maxValues else {
                throw MatrixMarketError(line: line, reason: "a dense \(rows) × \(columns) matrix exceeds the reading limit of \(maxValues) values; raise the limit to read it")
            }
            switch header.symmetry {
            case .general: declaredEntries = cells
            case .symmetric: declaredEntries = rows * (rows + 1) / 2
            case .skewSymmetric: declaredEntries = rows * (rows - 1) / 2
            }
            dense = [Double](repeating: 0, count: cells)
            arrayPosition = (header.symmetry == .skewSymmetric ? 1 : 0, 0)
        }
    }

    private mutating func entry(_ fields: [ArraySlice<UInt8>], _ header: MatrixMarketHeader) throws {
        guard entriesSeen < declaredEntries! else {
            throw MatrixMarketError(line: line, reason: "more entries than the \(declaredEntries!) the size line declares")
        }
        entriesSeen += 1
        switch header.format {
        case .coordinate:
            let expected = header.field == .pattern ? 2 : 3
            guard fields.count == expected else {
                let names = header.field == .pattern ? "row, column" : "row, column, value"
                throw MatrixMarketError(line: line, reason: "expected \(expected) fields (\(names)), found \(fields.count)")
            }
            let i = try index(fields[0], extent: rows, what: "row")
            let j = try index(fields[1], extent: columns, what: "column")
            let v = header.field == .pattern ? 1 : try value(fields[2], header.field)
            switch header.symmetry {
            case .general:
                break
            case .symmetric:
                guard i >= j else {
                    throw MatrixMarketError(line: line, reason: "entry (\(i + 1), \(j + 1)) is above the diagonal; a symmetric file stores the lower triangle")
                }
            case .skewSymmetric:
                guard i > j else {
                    throw MatrixMarketError(line: line, reason: "entry (\(i + 1), \(j + 1)) is on or above the diagonal; a skew-symmetric file stores the strict lower triangle")
                }
            }
            rowIndices.append(i)
            columnIndices.append(j)
            values.append(v)
            if header.symmetry != .general && i != j {
                rowIndices.append(j)
                columnIndices.append(i)
                values.append(header.symmetry == .skewSymmetric ? -v : v)
            }
        case .array:
            guard fields.count == 1 else {
                throw MatrixMarketError(line: line, reason: "expected one value per line in the array format, found \(fields.count) fields")
            }
            let v = try value(fields[0], header.field)
            let (i, j) = arrayPosition
            dense[i * columns + j] = v
            if header.symmetry != .general && i != j {
                dense[j * columns + i] = header.symmetry == .skewSymmetric ? -v : v
            }
            // Column-major; a symmetric column starts at the diagonal, a skew one just below it.
            arrayPosition.row += 1
            if arrayPosition.row == rows {
                arrayPosition.column += 1
                arrayPosition.row = header.symmetry == .general ? 0 : arrayPosition.column + (header.symmetry == .skewSymmetric ? 1 : 0)
            }
        }
    }

    /// A non-negative integer of the size line.
    private func count(_ field: ArraySlice<UInt8>, what: String) throws -> Int {
        guard let n = MatrixMarketParser.integer(field), n >= 0 else {
            throw MatrixMarketError(line: line, reason: "\(CSVError.quoted(Substring(decoding: field, as: UTF8.self))) in the \(what) line is not a non-negative integer")
        }
        return n
    }

    /// A 1-based index within 1…extent, returned 0-based.
    private func index(_ field: ArraySlice<UInt8>, extent: Int, what: String) throws -> Int {
        let shown = CSVError.quoted(Substring(decoding: field, as: UTF8.self))
        guard let k = MatrixMarketParser.integer(field) else {
            throw MatrixMarketError(line: line, reason: "\(what) index \(shown) is not an integer")
        }
        guard k >= 1 && k <= extent else {
            throw MatrixMarketError(line: line, reason: "\(what) index \(k) is outside 1…\(extent) (indices are 1-based)")
        }
        return k - 1
    }

    private func value(_ field: ArraySlice<UInt8>, _ kind: MatrixMarketHeader.Field) throws -> Double {
        let shown = CSVError.quoted(Substring(decoding: field, as: UTF8.self))
        if kind == .integer {
            guard let k = MatrixMarketParser.integer(field), let x = Double(exactly: k) else {
                throw MatrixMarketError(line: line, reason: "\(shown) is not an integer (the field is 'integer')")
            }
            return x
        }
        guard let x = field.withUnsafeBufferPointer({ DecimalNumber.parse($0) }) else {
            throw MatrixMarketError(line: line, reason: "\(shown) is not a number")
        }
        return x
    }

    /// `[+-]?digits` as an Int, nil on anything else or on overflow.
    static func integer(_ field: ArraySlice<UInt8>) -> Int? {
        var digits = field[...]
        var negative = false
        if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        let magnitude = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return negative ? -magnitude : magnitude
    }
}
