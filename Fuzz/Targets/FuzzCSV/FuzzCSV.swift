#if canImport(Glibc)
import Glibc
#endif
@testable import DescentCore   // NumericCSVParser and DecimalNumber are internal (the fuzz build enables testing)
import DescentFuzzSupport

// The numeric CSV reader, `Tensor(csv:)` and the streaming `NumericCSVParser` behind
// `Tensor(contentsOfCSV:)`: the input is the file's bytes. Oracles:
//   * the result (matrix or error, with its line, column and reason) does not depend on how the
//     bytes are cut into chunks: whole, one byte at a time, and a size taken from the input;
//   * `Tensor(csv:)` on the same text (when the bytes are UTF-8) gives the same;
//   * a matrix read with the default options is written by `csvString()` and read back bit for bit;
//   * a field `DecimalNumber` accepts has the value `strtod` gives it (correct rounding).

/// Reads `bytes` with the streaming parser, fed `chunk` bytes at a time.
private func read(_ bytes: UnsafeRawBufferPointer, chunk: Int, options: CSVReadingOptions) -> Outcome {
    Outcome {
        var parser = NumericCSVParser(options: options)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try parser.consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
        return try parser.finish()
    }
}

/// The options each input is read with: the library's defaults, the command line's (no NaN or ±∞),
/// and small limits so that the limit errors are reached too.
private let optionSets = [
    CSVReadingOptions(),
    CSVReadingOptions(allowsNonFinite: false),
    CSVReadingOptions(maxValues: 5, maxFieldLength: 6),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let chunk = 1 + (bytes.reduce(size) { $0 &* 31 &+ Int($1) } & 63)
    let utf8 = String(validating: bytes, as: UTF8.self)
    for (k, options) in optionSets.enumerated() {
        let whole = read(bytes, chunk: max(bytes.count, 1), options: options)
        let bytewise = read(bytes, chunk: 1, options: options)
        fuzzRequire(whole == bytewise, "options \(k): read whole: \(whole); one byte at a time: \(bytewise)")
        let chunked = read(bytes, chunk: chunk, options: options)
        fuzzRequire(whole == chunked, "options \(k): read whole: \(whole); in chunks of \(chunk): \(chunked)")
        if k == 0, let utf8 {   // the same bytes in one chunk as `whole`: checking once is enough
            let fromString = Outcome { try Tensor(csv: utf8, options: options) }
            fuzzRequire(whole == fromString, "streamed: \(whole); Tensor(csv:): \(fromString)")
        }
        if k == 0, case .value(let matrix) = whole {
            let again = Outcome { try Tensor(csv: matrix.csvString()) }
            fuzzRequire(again == whole, "written and read again: \(again); first read: \(whole)")
        }
    }
    checkDecimalNumber(bytes)
    return 0
}

/// A field accepted by `DecimalNumber` is one `strtod` reads entirely, to the same double.
private func checkDecimalNumber(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count <= 64 else { return }
    let field = bytes.bindMemory(to: UInt8.self)
    guard let value = DecimalNumber.parse(field) else { return }
    var text = [CChar](repeating: 0, count: bytes.count + 1)
    for (i, b) in field.enumerated() { text[i] = CChar(bitPattern: b) }
    text.withUnsafeBufferPointer { buffer in
        var end: UnsafeMutablePointer<CChar>?
        let expected = strtod(buffer.baseAddress!, &end)
        let consumed = end.map { UnsafePointer($0) - buffer.baseAddress! } ?? 0
        fuzzRequire(consumed == bytes.count, "DecimalNumber accepts '\(String(cString: buffer.baseAddress!))', strtod reads \(consumed) of \(bytes.count) bytes")
        fuzzRequire(value.bitPattern == expected.bitPattern || (value.isNaN && expected.isNaN),
                    "DecimalNumber reads '\(String(cString: buffer.baseAddress!))' as \(value), strtod as \(expected)")
    }
}
