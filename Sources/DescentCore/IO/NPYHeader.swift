/// The element types of `.npy` data that hold real numbers, as NumPy's `descr` spells them.
enum NPYElementType: Equatable {
    case float64, float32
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case bool

    /// Bytes per element.
    var size: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .int16, .uint16: return 2
        case .float32, .int32, .uint32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }
}

/// The header of a `.npy` file: version, element type, byte order, memory order and shape.
///
/// The format (NEP 1): the magic `\x93NUMPY`, a major and a minor version byte, the header length
/// (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header: the text of a
/// Python dictionary literal with exactly the keys `descr`, `fortran_order` and `shape`, padded with
/// spaces and ended by a newline (ASCII in 1.0 and 2.0, UTF-8 in 3.0). The data follow.
///
/// Reference: NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and
/// `numpy.lib.format`.
struct NPYHeader: Equatable {
    var version: (major: UInt8, minor: UInt8)
    var elementType: NPYElementType
    var bigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]
    /// Bytes before the data: magic, version, length field and header text.
    var dataOffset: Int

    static func == (a: NPYHeader, b: NPYHeader) -> Bool {
        a.version == b.version && a.elementType == b.elementType && a.bigEndian == b.bigEndian
            && a.fortranOrder == b.fortranOrder && a.shape == b.shape && a.dataOffset == b.dataOffset
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]   // \x93NUMPY

    /// The header's text length beyond which we refuse a file: NumPy itself refuses headers over
    /// 10 000 bytes unless told they are trusted, and no real-number array needs more.
    static let maxHeaderLength = 10_000

    /// How many leading bytes are needed before `parse` can succeed: nil while fewer than the
    /// fixed prefix are available.
    static func requiredLength(_ prefix: UnsafeRawBufferPointer) throws -> Int? {
        let known = Swift.min(prefix.count, 6)
        for k in 0..<known where prefix[k] != magic[k] {
            throw NPYError("not a NumPy .npy file: it does not start with the magic string \\x93NUMPY")
        }
        guard prefix.count >= 8 else { return nil }
        let major = prefix[6]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw NPYError("unsupported .npy format version \(major).\(prefix[7]) (versions 1.0, 2.0 and 3.0 are read)")
        }
        guard prefix[7] == 0 else { throw NPYError("unsupported .npy format version \(major).\(prefix[7]) (versions 1.0, 2.0 and 3.0 are read)") }
        guard prefix.count >= 8 + lengthBytes else { return nil }
        var length = 0
        for k in (0..<lengthBytes).reversed() { length = length << 8 | Int(prefix[8 + k]) }
        guard length <= maxHeaderLength else {
            throw NPYError("the header claims \(length) bytes, more than the \(maxHeaderLength) a .npy header may have")
        }
        return 8 + lengthBytes + length
    }

    /// Parses the complete header at the start of `bytes` (at least `requiredLength` of them).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> NPYHeader {
        guard let total = try requiredLength(bytes), bytes.count >= total else {
            throw NPYError("the file ends inside the header (truncated)")
        }
        let major = bytes[6], minor = bytes[7]
        let textStart = major == 1 ? 10 : 12
        let textBytes = Array(bytes[textStart..<total])
        if major < 3, let k = textBytes.firstIndex(where: { $0 >= 0x80 }) {
            throw NPYError("the header has a non-ASCII byte at offset \(textStart + k) (only version 3.0 headers are UTF-8)")
        }
        var parser = HeaderText(bytes: textBytes)
        let fields = try parser.dictionary()
        var header = NPYHeader(version: (major, minor), elementType: .float64, bigEndian: false, fortranOrder: false, shape: [], dataOffset: total)
        let keys = Set(fields.map(\.key))
        guard keys == ["descr", "fortran_order", "shape"], fields.count == 3 else {
            let found = fields.map { "'\($0.key)'" }.joined(separator: ", ")
            throw NPYError("the header must have exactly the keys 'descr', 'fortran_order' and 'shape', found \(found.isEmpty ? "none" : found)")
        }
        for (key, value) in fields {
            switch (key, value) {
            case ("descr", .string(let descr)):
                (header.elementType, header.bigEndian) = try elementType(descr)
            case ("descr", .list):
                throw NPYError("unsupported dtype: a structured array (a list of fields); only plain numeric arrays are read")
            case ("fortran_order", .boolean(let b)):
                header.fortranOrder = b
            case ("shape", .tuple(let extents)):
                header.shape = extents
            default:
                throw NPYError("the header's '\(key)' has the wrong kind of value (\(value.kind))")
            }
        }
        return header
    }

    /// The element type and byte order of a `descr` such as `<f8`, `>i4` or `|b1`.
    static func elementType(_ descr: String) throws -> (NPYElementType, Bool) {
        let characters = Array(descr)
        guard characters.count >= 2 else { throw NPYError("unsupported dtype '\(descr)'") }
        let order = characters[0]
        let code = String(characters.dropFirst())
        guard "<>|=".contains(order) else { throw NPYError("unsupported dtype '\(descr)' (no byte-order character < > | or =)") }
        let type: NPYElementType
        switch code {
        case "f8": type = .float64
        case "f4": type = .float32
        case "i1": type = .int8
        case "i2": type = .int16
        case "i4": type = .int32
        case "i8": type = .int64
        case "u1": type = .uint8
        case "u2": type = .uint16
        case "u4": type = .uint32
        case "u8": type = .uint64
        case "b1": type = .bool
        default:
            let kind: String
            switch code.first {
            case "c": kind = "complex numbers; a Tensor holds real numbers"
            case "O": kind = "Python objects (pickled); they cannot be read without Python"
            case "U", "S", "a": kind = "strings"
            case "f": kind = "a floating-point size other than 4 or 8 bytes"
            case "M", "m": kind = "dates and time spans"
            case "V": kind = "raw bytes"
            default: kind = "an unknown type"
            }
            throw NPYError("unsupported dtype '\(descr)' (\(kind)); float64, float32, int8–64, uint8–64 and bool are read")
        }
        // '=' is the writer's native order; NumPy never writes it to a file, and every platform we
        // build for is little-endian.
        return (type, order == ">")
    }

    /// The header text of a little-endian float64 array in C order, exactly as NumPy's
    /// `np.save` writes it for version 1.0: keys sorted, a trailing `, ` before `}`, 21 − (digits
    /// of the first extent) spaces kept for in-place growth, then spaces to a multiple of 64 bytes
    /// and a newline.
    static func float64Header(shape: [Int]) -> [UInt8] {
        let extents: String
        switch shape.count {
        case 0: extents = "()"
        case 1: extents = "(\(shape[0]),)"
        default: extents = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var text = "{'descr': '<f8', 'fortran_order': False, 'shape': \(extents), }"
        if let first = shape.first { text += String(repeating: " ", count: Swift.max(0, 21 - String(first).count)) }
        let unpadded = magic.count + 2 + 2 + text.utf8.count + 1
        let padding = (64 - unpadded % 64) % 64
        let headerLength = text.utf8.count + padding + 1
        precondition(headerLength <= Int(UInt16.max), "NPY header of \(headerLength) bytes does not fit version 1.0")
        var bytes = magic + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes += Array(text.utf8)
        bytes += [UInt8](repeating: 0x20, count: padding)
        bytes.append(0x0A)
        return bytes
    }
}

/// A recursive-descent parser of the header's Python literal: a dictionary whose keys are strings
/// and whose values are strings, `True`/`False`, tuples of integers, or (for structured arrays,
/// refused later) lists.
private struct HeaderText {
    enum Value {
        case string(String)
        case boolean(Bool)
        case tuple([Int])
        case list

        var kind: String {
            switch self {
            case .string: return "a string"
            case .boolean: return "a boolean"
            case .tuple: return "a tuple"
            case .list: return "a list"
            }
        }
    }

    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    private func fail(_ what: String) -> NPYError {
        NPYError("malformed header at character \(position + 1): \(what) (the header is \(CSVError.quoted(Substring(String(decoding: bytes, as: UTF8.self).trimmingTrailingSpace))))")
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    private mutating func expect(_ character: Character) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == character.asciiValue! else { throw fail("expected '\(character)'") }
        position += 1
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func dictionary() throws -> [(key: String, value: Value)] {
        try expect("{")
        var fields: [(key: String, value: Value)] = []
        while true {
            if peek() == UInt8(ascii: "}") { position += 1; break }
            let key = try string()
            if fields.contains(where: { $0.key == key }) { throw fail("the key '\(key)' appears twice") }
            try expect(":")
            fields.append((key, try value()))
            guard let next = peek() else { throw fail("the dictionary is not closed") }
            if next == UInt8(ascii: ",") { position += 1; continue }
            try expect("}")
            break
        }
        // After the dictionary: only the padding and the final newline.
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        guard position < bytes.count, bytes[position] == 0x0A else { throw fail("the header must end with spaces and a newline") }
        position += 1
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A { position += 1 }
        guard position == bytes.count else { throw fail("text after the dictionary") }
        return fields
    }

    private mutating func string() throws -> String {
        guard let quote = peek(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { throw fail("expected a quoted string") }
        position += 1
        let start = position
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "\\") { throw fail("escapes in strings are not supported") }
            position += 1
        }
        guard position < bytes.count else { throw fail("a string is not closed") }
        defer { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func value() throws -> Value {
        guard let first = peek() else { throw fail("expected a value") }
        switch first {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "("):
            position += 1
            return .tuple(try integers(closing: UInt8(ascii: ")")))
        case UInt8(ascii: "["):
            // A structured dtype's list of fields: skip it, balanced, to report it by name.
            var depth = 0
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "[") || bytes[position] == UInt8(ascii: "(") { depth += 1 }
                if bytes[position] == UInt8(ascii: "]") || bytes[position] == UInt8(ascii: ")") { depth -= 1 }
                position += 1
                if depth == 0 { return .list }
            }
            throw fail("a list is not closed")
        default:
            for (word, value) in [("True", true), ("False", false)] where bytes[position...].starts(with: word.utf8) {
                position += word.utf8.count
                return .boolean(value)
            }
            throw fail("expected a string, True, False or a tuple")
        }
    }

    /// `int, int, …` up to `closing`, with an optional trailing comma (`(3,)`) and Python 2's `L`.
    private mutating func integers(closing: UInt8) throws -> [Int] {
        var values: [Int] = []
        while true {
            guard let next = peek() else { throw fail("the shape is not closed") }
            if next == closing { position += 1; return values }
            let start = position
            var value = 0
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 {
                let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int(bytes[position] &- UInt8(ascii: "0")))
                guard !overflow1 && !overflow2 else { throw fail("a shape extent is too large") }
                value = sum
                position += 1
            }
            guard position > start else { throw fail("a shape extent must be a non-negative integer") }
            if position < bytes.count, bytes[position] == UInt8(ascii: "L") { position += 1 }
            values.append(value)
            guard let after = peek() else { throw fail("the shape is not closed") }
            if after == UInt8(ascii: ",") { position += 1; continue }
            guard after == closing else { throw fail("expected ',' or ')' in the shape") }
            if values.count == 1 && closing == UInt8(ascii: ")") {
                // `(3)` is the integer 3 in Python, not a tuple: NumPy never writes it.
                throw fail("a one-element shape is written (n,)")
            }
        }
    }
}

extension String {
    /// Without trailing spaces and line breaks.
    fileprivate var trimmingTrailingSpace: Substring {
        var end = endIndex
        while end > startIndex, [" ", "\n", "\t"].contains(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
