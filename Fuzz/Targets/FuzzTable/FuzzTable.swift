@testable import DescentCore   // CSVRecordTokenizer and TableParser are internal (the fuzz build enables testing)
import DescentFuzzSupport

// The header-CSV table reader, `Table(csv:)` and the streaming tokenizer and parser behind
// `Table(contentsOfCSV:)`: the input is the file's bytes. Oracles:
//   * the result (table or error, with its line, column and reason) does not depend on how the
//     bytes are cut into chunks: whole, one byte at a time, and a size taken from the input;
//   * `Table(csv:)` on the same text (when the bytes are UTF-8) gives the same;
//   * every option set (a target, a one-hot column, the three missing-value policies, small limits)
//     ends in a table or a one-line error, never a crash.

/// The options each input is read with. Column names "a", "b", "c" are what the seeds use.
private let optionSets = [
    TableReadingOptions(),
    TableReadingOptions(target: "c", oneHotColumns: ["b"], missingValues: .dropRows),
    TableReadingOptions(target: "a", droppedColumns: ["b"], missingValues: .meanImputation,
                        limits: CSVReadingOptions(maxValues: 7, maxFieldLength: 5, allowsNonFinite: true)),
]

private func read(_ bytes: UnsafeRawBufferPointer, chunk: Int, options: TableReadingOptions) -> Result<Table, CSVError> {
    Result {
        var parser = TableParser(options: options)
        var tokenizer = CSVRecordTokenizer(maxFieldLength: options.limits.maxFieldLength)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try tokenizer.consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &parser)
            start = end
        }
        try tokenizer.finish(into: &parser)
        return try parser.table(lastLine: tokenizer.currentLine)
    }.mapError { $0 as! CSVError }
}

/// Same columns, encodings and counts, and bit-identical numbers (NaN equal to NaN).
private func same(_ a: Result<Table, CSVError>, _ b: Result<Table, CSVError>) -> Bool {
    switch (a, b) {
    case let (.success(x), .success(y)):
        let targets = (x.target == nil && y.target == nil) || (x.target != nil && y.target != nil && identical(x.target!, y.target!))
        return x.columnNames == y.columnNames && identical(x.features, y.features) && targets && x.targetClasses == y.targetClasses
            && x.encodings == y.encodings && x.droppedRowCount == y.droppedRowCount && x.imputedValueCount == y.imputedValueCount
    case let (.failure(x), .failure(y)):
        return x == y
    default:
        return false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTable(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let chunk = 1 + (bytes.reduce(size) { $0 &* 31 &+ Int($1) } & 63)
    let utf8 = String(validating: bytes, as: UTF8.self)
    for (k, options) in optionSets.enumerated() {
        let whole = read(bytes, chunk: max(bytes.count, 1), options: options)
        let bytewise = read(bytes, chunk: 1, options: options)
        fuzzRequire(same(whole, bytewise), "options \(k): read whole: \(whole); one byte at a time: \(bytewise)")
        let chunked = read(bytes, chunk: chunk, options: options)
        fuzzRequire(same(whole, chunked), "options \(k): read whole: \(whole); in chunks of \(chunk): \(chunked)")
        if let utf8 {
            let fromString = Result { try Table(csv: utf8, options: options) }.mapError { $0 as! CSVError }
            fuzzRequire(same(whole, fromString), "options \(k): streamed: \(whole); Table(csv:): \(fromString)")
        }
        if case .failure(let error) = whole { fuzzRequire(!error.description.contains("\n"), "a message spans lines: \(error)") }
    }
    return 0
}
