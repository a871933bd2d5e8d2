import CDescentVectorMath
import Foundation

/// Whether this CPU runs the narrow-product kernels (they need AVX-512).
let narrowProductAvailable = descent_gemm_available() != 0

/// The most columns of C for which `narrowProduct` is used: up to two strips of 32 columns (16
/// accumulators each); wider products are what dgemm's blocking is built for.
let narrowProductMaximumColumns = 64

/// op(A)·B for products with few columns, computed by the register-blocked kernels of
/// CDescentVectorMath (NarrowMatrixProduct.c) with the rows split across cores, or `nil` when the
/// shape is not one where they beat dgemm (the caller then uses BLAS).
///
/// Two shapes qualify, both with n ≤ 64 columns and B not transposed:
/// - C = A·B with A tall (m × k) and B small enough to stay in the L2 cache (k·n ≤ 32,768
///   elements): a dense layer's forward product XW;
/// - C = AᵀB with A (k × m) and B (k × n) tall and C small (m ≤ 256, k·n ≤ 262,144 elements, so
///   that B stays in L2 while each strip of C streams over it): a dense layer's weight gradient Xᵀδ.
///
/// Measured against Debian's OpenBLAS 0.3.21 on the benchmark machine (2 cores, Zen 4), 1000 × 100
/// times 100 × 32 and its transpose: 114 µs on one thread here, against 183–202 µs for dgemm on
/// one thread and 141–142 µs on two (dgemm packs the tall operand before every call, and its
/// threads pay a fork/join).
/// - Complexity: 2mnk flops, A and B read in place, no workspace beyond one partial C per extra
///   thread for AᵀB.
func narrowProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) -> Tensor? {
    guard narrowProductAvailable, !transposeB, n <= narrowProductMaximumColumns, m * n * k >= 1 << 15 else { return nil }
    let work = m * n * k
    // A second thread only from about 8·10⁶ multiply–adds (≈ 0.3 ms): below that, waking a worker
    // and sharing the second core cost more than they save. Measured on the benchmark machine with
    // the tanh-network Hessian–vector product (four 3.2·10⁶ products): 0.71–0.76 ms on one thread
    // per product against 0.79–0.94 ms on two.
    let threads = Swift.min(ProcessInfo.processInfo.activeProcessorCount, Swift.max(1, work >> 23), 8)
    if !transposeA {
        guard m >= 16, k * n <= 1 << 15 else { return nil }
        return Tensor(shape: [m, n], unsafeUninitialized: { c in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    let (aBase, bBase, cBase) = (pa.baseAddress!, pb.baseAddress!, c.baseAddress!)
                    let rowsPerThread = (m + threads - 1) / threads
                    // Rows of C are independent: each thread takes a contiguous block.
                    ParallelLoop.concurrentPerform(iterations: threads) { t in
                        let first = t * rowsPerThread, end = Swift.min(m, first + rowsPerThread)
                        guard first < end else { return }
                        let ran = descent_gemm_nn(aBase + first * k, k, bBase, n, cBase + first * n, n, end - first, n, k)
                        precondition(ran != 0, "narrowProduct: the AVX-512 kernel did not run although the CPU has AVX-512")
                    }
                }
            }
        })
    }
    guard m <= 256, k * n <= 1 << 18, k >= 16 else { return nil }
    return Tensor(shape: [m, n], unsafeUninitialized: { c in
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                let (aBase, bBase, cBase) = (pa.baseAddress!, pb.baseAddress!, c.baseAddress!)
                let rowsPerThread = (k + threads - 1) / threads
                // Each thread sums a block of rows of A and B into its own m × n partial
                // product (the first into C itself); the partial products are added at the end.
                var partials = [Double](repeating: 0, count: (threads - 1) * m * n)
                partials.withUnsafeMutableBufferPointer { extra in
                    let extraBase = extra.baseAddress
                    ParallelLoop.concurrentPerform(iterations: threads) { t in
                        let first = t * rowsPerThread, end = Swift.min(k, first + rowsPerThread)
                        let out = t == 0 ? cBase : extraBase! + (t - 1) * m * n
                        guard first < end else {
                            out.initialize(repeating: 0, count: m * n)
                            return
                        }
                        let ran = descent_gemm_tn(aBase, m, bBase, n, out, n, m, n, first, end)
                        precondition(ran != 0, "narrowProduct: the AVX-512 kernel did not run although the CPU has AVX-512")
                    }
                    for t in 1..<threads {
                        let part = extraBase! + (t - 1) * m * n
                        for i in 0..<(m * n) { cBase[i] += part[i] }
                    }
                }
            }
        }
    })
}
