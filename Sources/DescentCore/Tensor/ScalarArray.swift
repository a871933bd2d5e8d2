/// Allocation of the `[Double]` buffers that hold a tensor's elements.
///
/// Why not always `[Double](unsafeUninitializedCapacity:)`: the standard library does not inline
/// that allocation into client code, so every call runs the unspecialized generic
/// `_ContiguousArrayBuffer(_uninitializedCount:minimumCapacity:)`, which looks the metadata of
/// `_ContiguousArrayStorage<Double>` up in the runtime's hash table (`swift_getGenericMetadata`)
/// each time. For large tensors that is noise; for the one-element values of scalar functions it
/// was about a tenth of the time of a gradient (perf, `rosenbrock2_vg`). An array *literal* of runtime
/// values compiles to a direct `swift_allocObject` with the storage type's metadata cached in the
/// caller, so buffers of up to `literalLimit` elements are filled in a stack scratch and copied
/// into a literal.
@usableFromInline
enum ScalarArray {
    /// Largest count built through an array literal (the size of the scratch tuple in `make`).
    /// Computed, not a stored `static let`: inlined into other modules, a stored global would be
    /// read through its lazy-initialization accessor on every allocation.
    @inlinable static var literalLimit: Int { 4 }

    /// A new array of `count` elements; `fill` must initialize every element of the buffer it is
    /// given (it may be a stack scratch or the array's own storage).
    /// - Complexity: O(count), one heap allocation (none for `count == 0`).
    // Inlined, but kept small (the literals live in `array(_:count:)`): when this body was large
    // or a call, the element closures of `zipMap`/`map` stopped being specialized into their loops
    // (one call per element: 1.3× slower tanh-network Hessian–vector products).
    @inlinable @inline(__always)
    static func make(count n: Int, _ fill: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows -> [Double] {
        if n <= literalLimit {
            var scratch: (Double, Double, Double, Double) = (0, 0, 0, 0)
            try withUnsafeMutableBytes(of: &scratch) { raw in
                try fill(UnsafeMutableBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: Double.self), count: n))
            }
            return array(scratch, count: n)
        }
        return try [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
            HugePageAdvice.advise(buffer)
            try fill(buffer)
            initialized = n
        }
    }

    /// The first `count` (≤ `literalLimit`) elements of `scratch` as an array literal.
    @usableFromInline
    static func array(_ scratch: (Double, Double, Double, Double), count n: Int) -> [Double] {
        switch n {
        case 0: return []
        case 1: return [scratch.0]
        case 2: return [scratch.0, scratch.1]
        case 3: return [scratch.0, scratch.1, scratch.2]
        default: return [scratch.0, scratch.1, scratch.2, scratch.3]
        }
    }
}
