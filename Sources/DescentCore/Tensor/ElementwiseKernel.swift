import Foundation

/// The loops behind every element-wise operation, in one place so that each operation gets the
/// same fast paths: contiguous buffers, no per-element allocation, and a split across cores
/// when the array is large enough that threads pay for themselves.
@usableFromInline
enum ElementwiseKernel {
    /// Below this many elements a single thread wins (thread start-up is a few microseconds).
    @usableFromInline static let parallelThreshold = 1 << 17
    /// Elements per chunk above the threshold (512 KiB of doubles). Many more chunks than cores let
    /// `concurrentPerform` balance the load: on a shared machine, one chunk per core leaves the whole
    /// call waiting for whichever core is busy elsewhere, while with small chunks the thread that
    /// runs takes the rest (interleaved runs under load: median 41 → 32 ms for exp over 10⁷, same
    /// best case; per-chunk dispatch costs about a microsecond).
    @usableFromInline static let chunkSize = 1 << 16

    /// Number of worker chunks for `n` elements.
    @usableFromInline
    static func chunkCount(_ n: Int) -> Int {
        if n < parallelThreshold { return 1 }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if cores <= 1 { return 1 }
        return Swift.max(cores, n / chunkSize)
    }

    /// Runs `body(range)` over `0..<n` split into contiguous chunks, in parallel when large.
    /// `itemSize` is the number of elements each index stands for (a row's length when the
    /// indices are rows), so that the split follows the amount of work.
    @inlinable
    static func forEachChunk(_ n: Int, itemSize: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = Swift.min(n, chunkCount(n * Swift.max(itemSize, 1)))
        if chunks <= 1 {
            body(0..<n)
            return
        }
        let size = (n + chunks - 1) / chunks
        ParallelLoop.concurrentPerform(iterations: chunks) { c in
            let start = c * size
            // Rounding the size up can leave trailing chunks empty (few long rows, or n ≳ 2³²).
            if start < n { body(start..<Swift.min(n, start + size)) }
        }
    }

    /// out[i] = f(a[i]).
    @inlinable
    static func map(_ a: [Double], _ f: (Double) -> Double) -> [Double] {
        mapBuffers(a) { x, out, n in
            for i in 0..<n { out[i] = f(x[i]) }
        }
    }

    /// out = kernel(a) where `kernel(input, output, count)` fills `count` outputs from as many
    /// inputs: the form of vectorized routines (`descent_vector_exp`) and of loops written out in
    /// the closure itself, which the compiler then sees whole and vectorizes. Called once per chunk.
    @inlinable
    static func mapBuffers(_ a: [Double], _ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [Double] {
        let n = a.count
        return ScalarArray.make(count: n) { out in
            a.withUnsafeBufferPointer { x in
                if let xb = x.baseAddress, let ob = out.baseAddress {
                    forEachChunk(n) { range in
                        kernel(xb + range.lowerBound, ob + range.lowerBound, range.count)
                    }
                }
            }
        }
    }

    /// out = kernel(a, b) where `kernel(a, b, output, count)` fills `count` outputs; see `mapBuffers`.
    /// - Precondition: `a` and `b` have the same count.
    @inlinable
    static func zipBuffers(_ a: [Double], _ b: [Double],
                           _ kernel: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [Double] {
        let n = a.count
        precondition(b.count == n, "ElementwiseKernel.zipBuffers: counts \(n) and \(b.count) differ")
        return ScalarArray.make(count: n) { out in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    if let xb = x.baseAddress, let yb = y.baseAddress, let ob = out.baseAddress {
                        forEachChunk(n) { range in
                            let offset = range.lowerBound
                            kernel(xb + offset, yb + offset, ob + offset, range.count)
                        }
                    }
                }
            }
        }
    }

    /// A binary kernel `(x, y, out, count)`: out[k] = x[k] ∘ y[k] for k < count.
    @usableFromInline typealias BinaryKernel = (UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void
    /// A kernel with one scalar operand `(x, s, out, count)`: out[k] = x[k] ∘ s (or s ∘ x[k]).
    @usableFromInline typealias ScalarKernel = (UnsafePointer<Double>, Double, UnsafeMutablePointer<Double>, Int) -> Void

    /// An m × n result built row by row: `fill(i, row)` writes the n elements of row i.
    /// Rows are split across cores by the amount of work (m·n elements).
    @inlinable
    static func generateRows(_ m: Int, _ n: Int, _ fill: (Int, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        ScalarArray.make(count: m * n) { out in
            if let ob = out.baseAddress {
                forEachChunk(m, itemSize: n) { range in
                    for i in range { fill(i, ob + i * n) }
                }
            }
        }
    }

    /// a ← kernel(a) in place, chunk by chunk: `kernel(chunk, count)`.
    @inlinable
    static func update(_ a: inout [Double], _ kernel: (UnsafeMutablePointer<Double>, Int) -> Void) {
        let n = a.count
        a.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress {
                forEachChunk(n) { range in kernel(base + range.lowerBound, range.count) }
            }
        }
    }

    /// a ← kernel(a, b) in place, chunk by chunk: `kernel(aChunk, bChunk, count)`.
    /// - Precondition: `a` and `b` have the same count.
    @inlinable
    static func update(_ a: inout [Double], with b: [Double],
                       _ kernel: (UnsafeMutablePointer<Double>, UnsafePointer<Double>, Int) -> Void) {
        let n = a.count
        precondition(b.count == n, "ElementwiseKernel.update: counts \(n) and \(b.count) differ")
        a.withUnsafeMutableBufferPointer { buffer in
            b.withUnsafeBufferPointer { other in
                if let base = buffer.baseAddress, let ob = other.baseAddress {
                    forEachChunk(n) { range in kernel(base + range.lowerBound, ob + range.lowerBound, range.count) }
                }
            }
        }
    }

    /// out[i] = f(a[i], b[i]) for arrays of equal length.
    @inlinable
    static func zip(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        let n = a.count
        return ScalarArray.make(count: n) { out in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    let xb = x.baseAddress, yb = y.baseAddress, ob = out.baseAddress
                    forEachChunk(n) { range in
                        for i in range { ob![i] = f(xb![i], yb![i]) }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// The shape two shapes broadcast to under NumPy's rules (align trailing axes; an extent of 1
    /// stretches), or `nil` if they are incompatible.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for k in 0..<rank {
            let da = k < rank - a.count ? 1 : a[k - (rank - a.count)]
            let db = k < rank - b.count ? 1 : b[k - (rank - b.count)]
            if da == db || db == 1 { result[k] = da } else if da == 1 { result[k] = db } else { return nil }
        }
        return result
    }

    /// Applies `f` to every element.
    ///
    /// For large tensors (≥ 2¹⁷ elements) `f` runs on several threads at once, so it must be a pure
    /// function of its argument; `@Sendable` lets the compiler reject closures that mutate captured state.
    @inlinable
    public func map(_ f: @Sendable (Double) -> Double) -> Tensor {
        Tensor(shape: shape, scalars: ElementwiseKernel.map(scalars, f))
    }

    /// Combines two tensors element by element, broadcasting as NumPy does.
    /// - Precondition: the shapes broadcast (the message names both shapes otherwise).
    @inlinable
    /// Like `map`, `f` may run on several threads at once for large tensors and must be pure.
    public func zipMap(_ other: Tensor, _ f: @Sendable (Double, Double) -> Double) -> Tensor {
        if shape == other.shape {
            return Tensor(shape: shape, scalars: ElementwiseKernel.zip(scalars, other.scalars, f))
        }
        if other.count == 1 && other.rank <= rank {
            let s = other.scalars[0]
            return Tensor(shape: shape, scalars: ElementwiseKernel.map(scalars) { f($0, s) })
        }
        if count == 1 && rank <= other.rank {
            let s = scalars[0]
            return Tensor(shape: other.shape, scalars: ElementwiseKernel.map(other.scalars) { f(s, $0) })
        }
        guard let outShape = Tensor.broadcastShape(shape, other.shape) else {
            preconditionFailure("Tensor: shapes \(shape) and \(other.shape) do not broadcast")
        }
        return Tensor.broadcastZip(self, other, to: outShape, f)
    }

    /// The general broadcasting loop: walk the output in row-major order with stride-0 axes for
    /// the broadcast inputs; the innermost axis is a tight loop.
    @usableFromInline
    static func broadcastZip(_ a: Tensor, _ b: Tensor, to outShape: [Int], _ f: (Double, Double) -> Double) -> Tensor {
        let rank = outShape.count
        func broadcastStrides(_ t: Tensor) -> [Int] {
            var s = [Int](repeating: 0, count: rank)
            let own = t.strides
            for k in 0..<t.rank where t.shape[k] != 1 {
                s[rank - t.rank + k] = own[k]
            }
            return s
        }
        let sa = broadcastStrides(a), sb = broadcastStrides(b)
        let n = Tensor.elementCount(outShape)
        guard n > 0 else { return Tensor(shape: outShape, scalars: []) }
        let inner = outShape[rank - 1]
        let ia = sa[rank - 1], ib = sb[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        return Tensor(shape: outShape, unsafeUninitialized: { out in
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    var position = 0
                    while position < n {
                        var pa = 0, pb = 0
                        for k in 0..<(rank - 1) { pa += index[k] * sa[k]; pb += index[k] * sb[k] }
                        for j in 0..<inner { out[position + j] = f(x[pa + j * ia], y[pb + j * ib]) }
                        position += inner
                        var k = rank - 2
                        while k >= 0 {
                            index[k] += 1
                            if index[k] < outShape[k] { break }
                            index[k] = 0
                            k -= 1
                        }
                    }
                }
            }
        })
    }

    /// Replaces every element with `f(element)` in place.
    @inlinable
    /// Like `map`, `f` may run on several threads at once for large tensors and must be pure.
    public mutating func apply(_ f: @Sendable (Double) -> Double) {
        scalars.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            ElementwiseKernel.forEachChunk(buffer.count) { range in
                for i in range { base![i] = f(base![i]) }
            }
        }
    }
}
