@testable import DescentCore
import Foundation
import Testing
import _TestSupport

/// The fuzz targets' oracles (Fuzz/Targets/FuzzTable, FuzzNPY, FuzzMatrixMarket) on seeded random
/// mutations of valid files, so every `swift test` checks them a little: whatever the bytes, the
/// readers end in a value or a one-line error, and the result does not depend on how the bytes are
/// cut into chunks.
@Suite("Readers under mutated input")
struct FormatMutationTests {
    /// `count` mutations of `seed`: bytes flipped, deleted, duplicated or set to a special byte.
    static func mutations(of seed: [UInt8], count: Int, generator: inout SeededGenerator) -> [[UInt8]] {
        let specials: [UInt8] = [0, 0x0A, 0x0D, 0x22, 0x2C, 0x20, 0x25, 0x27, 0x28, 0x29, 0x2D, 0x31, 0x39, 0xFF]
        return (0..<count).map { _ in
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                let k = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[k] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
                case 1: bytes.remove(at: k)
                case 2: bytes.insert(bytes[k], at: k)
                default: bytes[k] = specials.randomElement(using: &generator)!
                }
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &generator)) }
            return bytes
        }
    }

    /// `read` fed whole and one byte at a time: the same description of the value or of the error.
    static func chunkInvariant(_ bytes: [UInt8], _ read: (UnsafeRawBufferPointer, Int) -> String) -> Bool {
        bytes.withUnsafeBytes { raw in read(raw, max(raw.count, 1)) == read(raw, 1) && read(raw, 1) == read(raw, 7) }
    }

    static func describe(_ body: () throws -> Any) -> String {
        do { return "\(try body())" } catch { return "error: \(error)" }
    }

    @Test("tables: chunking never changes the result; errors stay on one line")
    func tables() {
        var generator = SeededGenerator(seed: 41)
        let seed = Array("a,b,c\r\n1,\"r,ed\",x\n,blue,NA\n\"2\",\"q\"\"\",3e2\n".utf8)
        let options = TableReadingOptions(target: "c", oneHotColumns: ["b"], missingValues: .dropRows)
        for bytes in FormatMutationTests.mutations(of: seed, count: 300, generator: &generator) {
            let ok = FormatMutationTests.chunkInvariant(bytes) { raw, chunk in
                FormatMutationTests.describe {
                    var parser = TableParser(options: options)
                    var tokenizer = CSVRecordTokenizer(maxFieldLength: 64)
                    var start = 0
                    while start < raw.count {
                        let end = min(start + chunk, raw.count)
                        try tokenizer.consume(UnsafeRawBufferPointer(rebasing: raw[start..<end]), into: &parser)
                        start = end
                    }
                    try tokenizer.finish(into: &parser)
                    let table = try parser.table(lastLine: tokenizer.currentLine)
                    return "\(table.columnNames) \(table.features.scalars.map(\.bitPattern)) \(String(describing: table.target?.scalars)) \(table.targetClasses)"
                }
            }
            #expect(ok, "\(bytes)")
            // Errors stay on one line even when a quoted field with a line break is echoed.
            if let error = thrownError(CSVError.self, { try Table(csv: String(decoding: bytes, as: UTF8.self), options: options) }) {
                #expect(!error.description.contains("\n") && !error.description.contains("\r"), "\(error)")
            }
        }
    }

    @Test(".npy: chunking never changes the result")
    func npy() throws {
        var generator = SeededGenerator(seed: 42)
        let seed = Tensor([[1.5, -2], [3, 4]]).npyData()
        for bytes in FormatMutationTests.mutations(of: seed, count: 300, generator: &generator) {
            let ok = FormatMutationTests.chunkInvariant(bytes) { raw, chunk in
                FormatMutationTests.describe {
                    var decoder = NPYDecoder(maxValues: 1 << 12)
                    var start = 0
                    while start < raw.count {
                        let end = min(start + chunk, raw.count)
                        try decoder.consume(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                        start = end
                    }
                    let t = try decoder.finish()
                    return "\(t.shape) \(t.scalars.map(\.bitPattern))"
                }
            }
            #expect(ok, "\(bytes)")
        }
    }

    @Test(".mtx: chunking never changes the result")
    func matrixMarket() {
        var generator = SeededGenerator(seed: 43)
        let seeds = ["%%MatrixMarket matrix coordinate real symmetric\n% c\n3 3 3\n1 1 2.5\n3 1 -1\n3 3 4\n",
                     "%%MatrixMarket matrix array integer general\r\n2 2\r\n1\r\n-2\r\n3\r\n4\r\n"]
        for seed in seeds {
            for bytes in FormatMutationTests.mutations(of: Array(seed.utf8), count: 150, generator: &generator) {
                let ok = FormatMutationTests.chunkInvariant(bytes) { raw, chunk in
                    FormatMutationTests.describe {
                        var parser = MatrixMarketParser(maxValues: 1 << 12)
                        var start = 0
                        while start < raw.count {
                            let end = min(start + chunk, raw.count)
                            try parser.consume(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                            start = end
                        }
                        try parser.finish()
                        let contents = try MatrixMarket.contents(of: parser)
                        return "\(contents.sparse.rowOffsets) \(contents.sparse.columnIndices) \(contents.sparse.values.map(\.bitPattern))"
                    }
                }
                #expect(ok, "\(bytes)")
            }
        }
    }
}
