import CDescentVectorMath
import CLAPACK
import Descent
import Dispatch

/// The machine's measured limits, so each ratio can also be read against what the hardware allows:
/// dense GEMM throughput (compute bound) and STREAM triad bandwidth (memory bound).
enum PhysicalLimits {
    /// OpenBLAS's build configuration, the kernel it chose for this CPU, and its thread count.
    static func blasInfo() -> [String: String] {
        [
            "config": String(cString: openblas_get_config()),
            "core": String(cString: openblas_get_corename()),
            "threads": String(openblas_get_num_threads()),
            "processors": String(openblas_get_num_procs()),
            "exp_kernel": String(cString: descent_vector_exp_isa()),
        ]
    }

    /// GFLOP/s of `matmul` on n × n operands (2n³ flops per product), best of `repeats`,
    /// with OpenBLAS limited to `threads` threads.
    static func gemmGFlops(n: Int, threads: Int, repeats: Int) -> Double {
        let saved = openblas_get_num_threads()
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(saved) }
        var g = SeededGenerator(seed: 42)
        let a = Tensor.randomNormal([n, n], using: &g), b = Tensor.randomNormal([n, n], using: &g)
        let result = timed(repeats, 1, { matmul(a, b) }, check: { $0.scalars[0] })
        let best = result.times.min()!
        return 2 * Double(n) * Double(n) * Double(n) / (best * 1e-3) / 1e9
    }

    /// STREAM triad a[i] = b[i] + s·c[i] over arrays far larger than the caches, in GB/s counted as
    /// STREAM does (24 bytes per element: two reads and one write; the write-allocate read is not
    /// counted). Best of `repeats`, split across `threads` threads in contiguous chunks.
    /// Reference: J. D. McCalpin, "Memory Bandwidth and Machine Balance", IEEE TCCA Newsletter, 1995.
    static func triadGBs(elements n: Int, threads: Int, repeats: Int) -> Double {
        var a = [Double](repeating: 0, count: n)
        let b = [Double](repeating: 1, count: n), c = [Double](repeating: 2, count: n)
        let s = 3.0
        var best = Double.infinity
        for _ in 0..<(repeats + 1) {
            let start = Measurement.nanoseconds()
            a.withUnsafeMutableBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeBufferPointer { pc in
                        let ap = pa.baseAddress!, bp = pb.baseAddress!, cp = pc.baseAddress!
                        let size = (n + threads - 1) / threads
                        ParallelLoop.concurrentPerform(iterations: threads) { t in
                            for i in (t * size)..<Swift.min(n, (t + 1) * size) { ap[i] = bp[i] + s * cp[i] }
                        }
                    }
                }
            }
            best = Swift.min(best, Double(Measurement.nanoseconds() - start) / 1e9)
        }
        precondition(a[n - 1] == 7, "triad computed the wrong value")
        return 24 * Double(n) / best / 1e9
    }
}
