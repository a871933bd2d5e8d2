import CDescentVectorMath
import Dispatch
import Foundation
import Testing

/// The exp kernel builds its table and picks its variant on first use, exactly once (pthread_once).
/// Under `make sanitize` ThreadSanitizer checks that concurrent first calls do not race.
@Suite("Vector exp initialization")
struct VectorExpInitializationTests {
    @Test("concurrent first calls in a fresh process all see the finished table")
    func concurrentFirstCalls() async {
        await #expect(processExitsWith: .success) {
            let x = (0..<1000).map { Double($0) / 10 - 50 }
            let threads = 8
            let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads * x.count)
            defer { results.deallocate() }
            let input = UnsafeMutableBufferPointer<Double>.allocate(capacity: x.count)
            defer { input.deallocate() }
            _ = input.initialize(from: x)
            // Each thread reads the shared input and writes its own slice of `results`. They wait at
            // a gate opened for all at once, so that their first calls overlap.
            nonisolated(unsafe) let xp = UnsafePointer(input.baseAddress!), yp = results.baseAddress!
            let n = x.count
            let gate = DispatchSemaphore(value: 0), finished = DispatchGroup()
            for t in 0..<threads {
                finished.enter()
                Thread {
                    gate.wait()
                    descent_vector_exp(xp, yp + t * n, n)
                    finished.leave()
                }.start()
            }
            for _ in 0..<threads { gate.signal() }
            finished.wait()
            let isa = String(cString: descent_vector_exp_isa())
            for t in 0..<threads {
                for i in x.indices where results[t * x.count + i] != results[i] || Swift.abs(results[i] / Foundation.exp(x[i]) - 1) > 1e-15 {
                    print("thread \(t), exp(\(x[i])) = \(results[t * x.count + i]) (\(isa))")
                    exit(1)
                }
            }
            exit(["avx512", "avx2+fma", "baseline"].contains(isa) ? 0 : 2)
        }
    }
}
