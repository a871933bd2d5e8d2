import DescentCore

// What every fuzz target shares: the input as bytes, the failure of an oracle, and the comparison of
// results that must be identical. A target is one executable in Fuzz/Targets/<Name>/ whose only entry
// point is libFuzzer's `LLVMFuzzerTestOneInput` (libFuzzer supplies `main`); see Fuzz/fuzz.sh.

/// The bytes libFuzzer passes to `LLVMFuzzerTestOneInput`.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
}

/// Stops the run when an invariant a target checks does not hold: libFuzzer reports the trap as a
/// crash and saves the input, like a sanitizer error.
public func fuzzRequire(_ condition: Bool, _ message: @autoclosure () -> String,
                        file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("fuzz oracle failed: \(message())", file: file, line: line) }
}

/// Whether two tensors have the same shape and bit-identical elements (every NaN equal to every NaN).
public func identical(_ a: Tensor, _ b: Tensor) -> Bool {
    guard a.shape == b.shape else { return false }
    return zip(a.scalars, b.scalars).allSatisfy { x, y in x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }
}

/// A result or the text of its error, for comparing two ways of computing the same thing.
public enum Outcome: Equatable, CustomStringConvertible {
    case value(Tensor)
    case failure(String)

    /// Runs `body`, keeping its value or the description of what it threw.
    public init(_ body: () throws -> Tensor) {
        do { self = .value(try body()) } catch { self = .failure(String(describing: error)) }
    }

    public static func == (a: Outcome, b: Outcome) -> Bool {
        switch (a, b) {
        case let (.value(x), .value(y)): return identical(x, y)
        case let (.failure(x), .failure(y)): return x == y
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .value(let t): return "shape \(t.shape) \(t.scalars.prefix(8))"
        case .failure(let message): return "error: \(message)"
        }
    }
}
