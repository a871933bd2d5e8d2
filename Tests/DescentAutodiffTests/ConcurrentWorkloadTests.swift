import DescentAutodiff
import DescentCore
import Dispatch
import Foundation
import Testing

/// Independent computations on several threads at once give the results they give alone: the
/// parallel element-wise kernels, BLAS products (with OpenBLAS's own threads), batched Hessian
/// sweeps and the release of recorded graphs share no mutable state. `make sanitize` runs this
/// under ThreadSanitizer and AddressSanitizer.
@Suite("Concurrent workloads")
struct ConcurrentWorkloadTests {
    @Test("element-wise kernels, BLAS, batched sweeps and graph release on four threads at once")
    func independentWorkloads() {
        let results = ConcurrentResults()
        DispatchQueue.concurrentPerform(iterations: 4) { t in results.store(Self.workload(), at: t) }
        let alone = Self.workload()
        for (t, outcome) in results.all.enumerated() {
            #expect(outcome.count == alone.count)
            for (k, (got, expected)) in zip(outcome, alone).enumerated() {
                // BLAS may split a product differently while other threads use it: rounding only.
                let tolerance = k == 2 ? 1e-12 * Swift.max(1, expected.scalars.map(Swift.abs).max() ?? 0) : 0
                let worst = zip(got.scalars, expected.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
                #expect(got.shape == expected.shape && worst <= tolerance, "thread \(t), result \(k): off by \(worst)")
            }
        }
    }

    /// exp and tanh of 2¹⁸ elements (above the parallel threshold), a 200 × 200 product, the Hessian
    /// of a small function (batched sweeps) and a gradient over the large vector (a recorded graph,
    /// released afterwards).
    static func workload() -> [Tensor] {
        let big = Tensor(shape: [1 << 18]) { Double($0 % 2000) / 100 - 10 }
        let a = Tensor(rows: 200, columns: 200) { i, j in Foundation.sin(Double(i * 200 + j)) }
        let f: (Variable) -> Variable = { x in (tanh(x) * exp(-(x * x))).sum() + (x * x).sum() }
        return [exp(big), tanh(big), matmul(a, a), hessian(of: f, at: Tensor([0.3, -0.7, 1.1, 0.2])), gradient(of: f, at: big)]
    }
}

/// One result list per thread, written under a lock.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results = [[Tensor]](repeating: [], count: 4)
    func store(_ value: [Tensor], at index: Int) { lock.withLock { results[index] = value } }
    var all: [[Tensor]] { lock.withLock { results } }
}
