@testable import DescentCore   // MatrixMarketParser is internal (the fuzz build enables testing)
import DescentFuzzSupport

// The Matrix Market reader, `MatrixMarket.parse` and the streaming `MatrixMarketParser` behind
// `MatrixMarket.read(contentsOf:)`: the input is the file's bytes. Oracles:
//   * no crash, hang or huge allocation whatever the size line claims (storage grows with the
//     entries present; the limit below keeps a lying header cheap);
//   * the result (matrix or error text) does not depend on how the bytes are cut into chunks, and
//     `MatrixMarket.parse` on the same text (when it is UTF-8) gives the same;
//   * a matrix read is written by `MatrixMarket.text(of:)` and read back to the same CSR matrix.

private let limit = 1 << 12

/// The contents read from `bytes` fed `chunk` bytes at a time, or the error's text.
private func read(_ bytes: UnsafeRawBufferPointer, chunk: Int) -> Result<MatrixMarket.Contents, Failure> {
    Result {
        var parser = MatrixMarketParser(maxValues: limit)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try parser.consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
        try parser.finish()
        return try MatrixMarket.contents(of: parser)
    }.mapError { Failure(text: String(describing: $0)) }
}

private struct Failure: Error, Equatable { let text: String }

/// Same shape, structure and values (NaNs of any sign or payload equal: the text form keeps neither).
private func same(_ a: SparseMatrix, _ b: SparseMatrix) -> Bool {
    a.shape == b.shape && a.rowOffsets == b.rowOffsets && a.columnIndices == b.columnIndices
        && zip(a.values, b.values).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

private func same(_ a: Result<MatrixMarket.Contents, Failure>, _ b: Result<MatrixMarket.Contents, Failure>) -> Bool {
    switch (a, b) {
    case let (.success(x), .success(y)):
        switch (x, y) {
        case let (.sparse(s), .sparse(t)): return same(s, t)
        case let (.dense(s), .dense(t)): return identical(s, t)
        default: return false
        }
    case let (.failure(x), .failure(y)): return x == y
    default: return false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixMarket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let chunk = 1 + (bytes.reduce(size) { $0 &* 31 &+ Int($1) } & 63)
    let whole = read(bytes, chunk: max(bytes.count, 1))
    let bytewise = read(bytes, chunk: 1)
    fuzzRequire(same(whole, bytewise), "read whole: \(whole); one byte at a time: \(bytewise)")
    let chunked = read(bytes, chunk: chunk)
    fuzzRequire(same(whole, chunked), "read whole: \(whole); in chunks of \(chunk): \(chunked)")
    if let text = String(validating: bytes, as: UTF8.self) {
        let fromString = Result { try MatrixMarket.parse(text, maxValues: limit) }.mapError { Failure(text: String(describing: $0)) }
        fuzzRequire(same(whole, fromString), "streamed: \(whole); parse(String): \(fromString)")
    }
    if case .success(.sparse(let sparse)) = whole {
        let again = Result { try MatrixMarket.parse(MatrixMarket.text(of: sparse), maxValues: 2 * limit).sparse }
        guard case .success(let back) = again, same(back, sparse) else {
            fuzzRequire(false, "written and read again: \(again); first read: \(sparse)")
            return 0
        }
    }
    return 0
}
