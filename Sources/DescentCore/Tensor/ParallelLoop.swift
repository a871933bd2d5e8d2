import Foundation

/// The library's one parallel loop, public so that kernels in other modules (optimizer steps,
/// stochastic methods) split large element-wise work across cores exactly as `Tensor`'s own
/// element-wise operations do.
public enum ParallelLoop {
    /// Runs `body(range)` over `0..<n` split into contiguous chunks, concurrently when `n` is large
    /// enough (≥ 2¹⁷ elements) for threads to pay for themselves, on the calling thread otherwise.
    ///
    /// `body` must only write to disjoint indices of its range.
    /// - Complexity: the cost of `body` over all of `0..<n`, divided by the number of cores used.
    @inlinable
    public static func forEachChunk(_ n: Int, _ body: (Range<Int>) -> Void) {
        ElementwiseKernel.forEachChunk(n, body)
    }

    /// Runs `body(i)` for i in 0..<iterations concurrently and returns once every call has returned
    /// (Dispatch's `concurrentPerform`), on the calling thread alone when `iterations` ≤ 1.
    ///
    /// Why `body` need not be `@Sendable`: the kernels capture raw pointers into one buffer and each
    /// call writes only its own disjoint part, which the compiler cannot see. The contract is the
    /// caller's, as for `forEachChunk`: calls must not write to memory another call reads or writes.
    /// The closure never escapes — `concurrentPerform` blocks until all calls are done.
    @inlinable
    public static func concurrentPerform(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { work in
            let shared = UncheckedSendable(work)
            DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
        }
    }
}

/// A value handed to concurrent code whose thread safety the compiler cannot check: used only by
/// `ParallelLoop.concurrentPerform`, where each call touches disjoint memory (see there).
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
