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
}
