@testable import DescentCore   // NPYDecoder is internal (the fuzz build enables testing)
import DescentFuzzSupport

// The NumPy .npy reader, `Tensor(npy:)` and the streaming `NPYDecoder` behind
// `Tensor(contentsOfNPY:)`: the input is the file's bytes. Oracles:
//   * no crash, hang or huge allocation whatever the header claims (the decoder grows with the data
//     present; the limit below keeps a lying shape cheap);
//   * the result (tensor or error text) does not depend on how the bytes are cut into chunks: whole,
//     one byte at a time, and a size taken from the input;
//   * a tensor read is written by `npyData()` and read back bit for bit, and the bytes written are
//     read back to the same bytes again (the writer is a fixed point).

/// Reads `bytes` with the streaming decoder, fed `chunk` bytes at a time.
private func read(_ bytes: UnsafeRawBufferPointer, chunk: Int) -> Outcome {
    Outcome {
        var decoder = NPYDecoder(maxValues: 1 << 16)
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try decoder.consume(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
        return try decoder.finish()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let chunk = 1 + (bytes.reduce(size) { $0 &* 31 &+ Int($1) } & 63)
    let whole = read(bytes, chunk: max(bytes.count, 1))
    let bytewise = read(bytes, chunk: 1)
    fuzzRequire(whole == bytewise, "read whole: \(whole); one byte at a time: \(bytewise)")
    let chunked = read(bytes, chunk: chunk)
    fuzzRequire(whole == chunked, "read whole: \(whole); in chunks of \(chunk): \(chunked)")
    if case .value(let tensor) = whole {
        let written = tensor.npyData()
        let again = Outcome { try Tensor(npy: written, maxValues: 1 << 16) }
        fuzzRequire(again == whole, "written and read again: \(again); first read: \(whole)")
        if case .value(let back) = again { fuzzRequire(back.npyData() == written, "the writer is not a fixed point") }
    }
    return 0
}
