@testable import DescentCore
import Foundation
import Testing
import _TestSupport

/// NumPy `.npy` files: every fixture written by `np.save` (Tools/references/array_formats.py) reads
/// back to the values `np.load` gives, bit for bit; our writer's bytes equal NumPy's for the same
/// arrays; every broken file is refused with a one-line reason.
@Suite("NumPy .npy files")
struct NPYTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("References")

    static func fixture(_ name: String) -> String { directory.appendingPathComponent("npy/\(name).npy").path }

    static func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(name)))) }

    /// The array NumPy read back, as a tensor of its shape.
    static func expected(_ reference: ReferenceData) -> Tensor {
        let shape = (reference.object["shape"] as! [Any]).map { Int(ReferenceData.number($0, "shape")) }
        let values = (reference.object["values"] as! [Any]).map { ReferenceData.number($0, "values") }
        return Tensor(shape: shape, scalars: values)
    }

    @Test("every dtype, byte order, memory order and version reads as np.load reads it")
    func fixturesMatchNumPy() throws {
        let cases = try ReferenceData.load("array_formats")["npy"]
        #expect(cases.object.count == 23)
        for name in cases.object.keys.sorted() {
            let want = NPYTests.expected(cases[name])
            let got = try Tensor(contentsOfNPY: NPYTests.fixture(name))
            #expect(got.shape == want.shape, "\(name)")
            // Exact: every supported dtype converts to a double without rounding.
            #expect(got.scalars.map(\.bitPattern) == want.scalars.map(\.bitPattern), "\(name)")
        }
    }

    @Test("dimensions: a 0-d array is a scalar, Fortran order is reordered, 3-d keeps its shape")
    func shapes() throws {
        let scalar = try Tensor(contentsOfNPY: NPYTests.fixture("float64_scalar"))
        #expect(scalar.shape == [] && scalar.scalars == [2.5])
        let fortran = try Tensor(contentsOfNPY: NPYTests.fixture("float64_fortran"))
        #expect(fortran == Tensor([[0, 1.5, 3], [4.5, 6, 7.5]]))
        let cube = try Tensor(contentsOfNPY: NPYTests.fixture("int32_fortran_3d"))
        #expect(cube.shape == [2, 3, 4] && cube.scalars == (0..<24).map(Double.init))
        #expect(try Tensor(contentsOfNPY: NPYTests.fixture("float64_empty")).shape == [0, 3])
    }

    @Test("the writer's bytes are np.save's for the same float64 arrays")
    func writerMatchesNumPy() throws {
        for name in ["float64_c_2x3", "float64_vector", "float64_scalar", "float64_empty", "float64_long_first_axis"] {
            let array = try Tensor(contentsOfNPY: NPYTests.fixture(name))
            #expect(array.npyData() == (try NPYTests.bytes(name)), "\(name)")
        }
        // Through OutputFile, and back.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("descent-npy-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let a = Tensor([[1, -0.0, .pi], [Double.leastNonzeroMagnitude, .infinity, 7]])
        try a.writeNPY(to: path)
        let back = try Tensor(contentsOfNPY: path)
        #expect(back.shape == a.shape && back.scalars.map(\.bitPattern) == a.scalars.map(\.bitPattern))
    }

    @Test("bytes fed in pieces of any size decode the same")
    func chunkBoundaries() throws {
        let bytes = try NPYTests.bytes("int16_big")
        let whole = try Tensor(npy: bytes)
        for piece in [1, 3, 7, 64] {
            var decoder = NPYDecoder(maxValues: 100)
            var start = 0
            while start < bytes.count {
                let end = min(start + piece, bytes.count)
                try bytes[start..<end].withUnsafeBytes { try decoder.consume($0) }
                start = end
            }
            #expect(try decoder.finish() == whole, "pieces of \(piece)")
        }
    }

    @Test("broken and unsupported files: one line that says why", arguments: [
        ("bad_magic", "not a NumPy .npy file: it does not start with the magic string \\x93NUMPY"),
        ("truncated_data", "truncated: the header's shape (2, 3) needs 48 bytes of data, the file has 43"),
        ("truncated_header", "the file ends inside the header (truncated after 40 bytes)"),
        ("extra_data", "8 bytes after the data of shape (2, 3) (the file is longer than its header says)"),
        ("version_9", "unsupported .npy format version 9.0 (versions 1.0, 2.0 and 3.0 are read)"),
        ("complex", "unsupported dtype '<c16' (complex numbers; a Tensor holds real numbers); float64, float32, int8–64, uint8–64 and bool are read"),
        ("object", "unsupported dtype '|O' (Python objects (pickled); they cannot be read without Python); float64, float32, int8–64, uint8–64 and bool are read"),
        ("float16", "unsupported dtype '<f2' (a floating-point size other than 4 or 8 bytes); float64, float32, int8–64, uint8–64 and bool are read"),
        ("structured", "unsupported dtype: a structured array (a list of fields); only plain numeric arrays are read"),
        ("int64_inexact", "int64 value 9007199254740993 at flat index 0 is not exactly representable as a double (beyond 2^53)"),
        ("missing_key", "the header must have exactly the keys 'descr', 'fortran_order' and 'shape', found 'descr', 'shape'"),
    ])
    func brokenFiles(name: String, reason: String) throws {
        let error = thrownError(NPYError.self) { try Tensor(contentsOfNPY: NPYTests.fixture(name)) }
        #expect(error?.reason == reason)
        #expect(error?.description == "\(NPYTests.fixture(name)): \(reason)")
    }

    @Test("a malformed header names the character where parsing stopped")
    func malformedHeader() throws {
        let error = thrownError(NPYError.self) { try Tensor(contentsOfNPY: NPYTests.fixture("bad_header")) }
        #expect(error?.reason.hasPrefix("malformed header at character 35: expected a string, True, False or a tuple (the header is '{'descr'") == true)
        #expect(error.map { !$0.description.contains("\n") } == true)
    }

    @Test("limits, empty input and missing files")
    func limitsAndFiles() throws {
        let bytes = try NPYTests.bytes("float64_c_2x3")
        #expect(thrownError(NPYError.self) { try Tensor(npy: bytes, maxValues: 5) }?.reason
                == "the shape (2, 3) has more than 5 values (the reading limit); raise the limit to read a larger array")
        #expect(thrownError(NPYError.self) { try Tensor(npy: []) }?.reason == "the file is empty")
        #expect(thrownError(NPYError.self) { try Tensor(npy: Array("PK\u{3}\u{4}".utf8)) }?.reason
                == "not a NumPy .npy file: it does not start with the magic string \\x93NUMPY")
        let missing = thrownError(NPYError.self) { try Tensor(contentsOfNPY: "/nonexistent/a.npy") }
        #expect(missing?.description == "/nonexistent/a.npy: cannot read the file: No such file or directory")
        // A header claiming 10¹² values over a short file: reported as truncated, nothing huge allocated.
        var huge = Array(bytes[..<128])
        let text = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }".utf8)
        huge.replaceSubrange(10..<(10 + text.count), with: text)
        #expect(thrownError(NPYError.self) { try Tensor(npy: huge, maxValues: Int.max) }?.reason
                == "truncated: the header's shape (1000000, 1000000) needs 8000000000000 bytes of data, the file has 0")
        // A bool byte other than 0 or 1.
        var flags = try NPYTests.bytes("bool")
        flags[flags.count - 1] = 2
        #expect(thrownError(NPYError.self) { try Tensor(npy: flags) }?.reason == "bool value byte 2 at flat index 5 is neither 0 nor 1")
    }

    @Test("header grammar: shapes (n,) and (), Python 2's L, and refusals")
    func headerGrammar() throws {
        func header(_ dictionary: String) throws -> NPYHeader {
            var text = Array(dictionary.utf8)
            let padding = (64 - (10 + text.count + 1) % 64) % 64
            text += [UInt8](repeating: 0x20, count: padding) + [0x0A]
            let bytes = NPYHeader.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text
            return try bytes.withUnsafeBytes { try NPYHeader.parse($0) }
        }
        #expect(try header("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }").shape == [3])
        #expect(try header("{'shape': (), 'fortran_order': True, 'descr': '>i4'}").shape == [])
        #expect(try header("{\"descr\": \"<u2\", \"fortran_order\": False, \"shape\": (2L, 3L)}").shape == [2, 3])
        #expect(thrownError(NPYError.self) { try header("{'descr': '<f8', 'fortran_order': False, 'shape': (3), }") }?.reason
                .hasPrefix("malformed header at character 53: a one-element shape is written (n,)") == true)
        #expect(thrownError(NPYError.self) { try header("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }") }?.reason
                .hasPrefix("malformed header at character 35: expected a string, True, False or a tuple") == true)
        #expect(thrownError(NPYError.self) { try header("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }") }?.reason
                .hasPrefix("malformed header at character 52: a shape extent must be a non-negative integer") == true)
        #expect(thrownError(NPYError.self) { try header("{'descr': 'f8', 'fortran_order': False, 'shape': (3,), }") }?.reason
                == "unsupported dtype 'f8' (no byte-order character < > | or =)")
        #expect(thrownError(NPYError.self) { try header("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}") }?.reason
                .hasPrefix("malformed header at character") == true)
    }
}
