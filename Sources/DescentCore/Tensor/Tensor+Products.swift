import CDescentVectorMath
import CLAPACK
import Foundation

// Vector and matrix products through CBLAS (OpenBLAS on Linux).

/// The inner product x·y = Σ xᵢyᵢ of two vectors of equal length (BLAS `ddot`).
public func dot(_ x: Tensor, _ y: Tensor) -> Double {
    precondition(x.count == y.count && x.rank <= 1 && y.rank <= 1,
                 "dot: needs two vectors of equal length, got shapes \(x.shape) and \(y.shape)")
    return x.scalars.withUnsafeBufferPointer { a in
        y.scalars.withUnsafeBufferPointer { b in
            cblas_ddot(Int32(x.count), a.baseAddress, 1, b.baseAddress, 1)
        }
    }
}

/// The outer product x yᵀ, an m × n matrix with entries xᵢyⱼ.
public func outer(_ x: Tensor, _ y: Tensor) -> Tensor {
    let (m, n) = (x.count, y.count)
    return Tensor(shape: [m, n], unsafeUninitialized: { c in
        x.scalars.withUnsafeBufferPointer { px in
            y.scalars.withUnsafeBufferPointer { py in
                // Raw pointers and wrapping offsets, so the row loop vectorizes.
                guard let out = c.baseAddress, let xs = px.baseAddress, let ys = py.baseAddress else { return }
                for i in 0..<m {
                    let xi = xs[i], row = out + i &* n
                    for j in 0..<n { row[j] = xi * ys[j] }
                }
            }
        }
    })
}

/// The matrix product op(A)·op(B), where op transposes when asked, computed by BLAS `dgemm`
/// (matrix × matrix) or `dgemv` (matrix × vector) without copying a transposed operand; products
/// with few columns (a dense layer's XW and Xᵀδ) go to register-blocked AVX-512 kernels where
/// the CPU has them (`narrowProduct`).
///
/// - A vector on the right is a column (`[k]` → result `[m]`); a vector on the left is a row
///   (`[k]·[k, n]` → `[n]`), as in NumPy's `matmul`.
/// - Cost: 2mnk floating-point operations.
/// - Precondition: inner dimensions agree (the message names both shapes).
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    precondition(a.rank >= 1 && a.rank <= 2 && b.rank >= 1 && b.rank <= 2,
                 "matmul: needs vectors or matrices, got shapes \(a.shape) and \(b.shape)")
    if a.rank == 1 && b.rank == 1 {
        return Tensor(dot(a, b))
    }
    if a.rank == 1 {
        // xᵀ·op(B) = (op(B)ᵀ x)ᵀ: a matrix-vector product with the opposite transpose.
        return matrixVector(b, a, transpose: !transposeB)
    }
    if b.rank == 1 {
        return matrixVector(a, b, transpose: transposeA)
    }
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    precondition(k == k2, "matmul: inner dimensions differ: \(transposeA ? "\(a.shape)ᵀ" : "\(a.shape)") × \(transposeB ? "\(b.shape)ᵀ" : "\(b.shape)")")
    if m == 0 || n == 0 { return Tensor.zeros([m, n]) }
    if k == 0 { return Tensor.zeros([m, n]) }
    // Degenerate shapes go to level-2 kernels: dgemm would pack (copy) a whole operand before
    // doing O(mk) or O(mn) work on it, and with a thread pool it also pays a fork/join. Such
    // products are everywhere in backpropagation through a layer with one output unit (the
    // column of weights is an [k, 1] matrix; its cotangent is [m, 1]). A single row or column of
    // a row-major matrix is contiguous whether or not it is used transposed.
    if n == 1 {
        return matrixVector(a, Tensor(shape: [k], scalars: b.scalars), transpose: transposeA).reshaped([m, 1])
    }
    if m == 1 {
        return matrixVector(b, Tensor(shape: [k], scalars: a.scalars), transpose: !transposeB).reshaped([1, n])
    }
    if k == 1 {
        return outer(Tensor(shape: [m], scalars: a.scalars), Tensor(shape: [n], scalars: b.scalars))
    }
    if let product = narrowProduct(a, b, transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k) {
        return product
    }
    return Tensor(shape: [m, n], unsafeUninitialized: { c in
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                cblas_dgemm(CblasRowMajor,
                            transposeA ? CblasTrans : CblasNoTrans,
                            transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k),
                            1.0, pa.baseAddress, Int32(a.shape[1]),
                            pb.baseAddress, Int32(b.shape[1]),
                            0.0, c.baseAddress, Int32(n))
            }
        }
    })
}

/// op(A)·x for a matrix A and a vector x (BLAS `dgemv`).
func matrixVector(_ a: Tensor, _ x: Tensor, transpose: Bool) -> Tensor {
    let (rows, cols) = (a.shape[0], a.shape[1])
    let (m, k) = transpose ? (cols, rows) : (rows, cols)
    precondition(x.count == k, "matmul: inner dimensions differ: \(transpose ? "\(a.shape)ᵀ" : "\(a.shape)") × \(x.shape)")
    if m == 0 { return Tensor.zeros([0]) }
    if k == 0 { return Tensor.zeros([m]) }
    if transpose && cols <= tallTransposedMaximumColumns && rows >= 4 * cols && rows * cols >= 1 << 17 {
        return tallTransposedMatrixVector(a, x)
    }
    if rows * cols < smallMatrixVectorLimit { return smallMatrixVector(a, x, transpose: transpose) }
    return Tensor(shape: [m], unsafeUninitialized: { y in
        a.scalars.withUnsafeBufferPointer { pa in
            x.scalars.withUnsafeBufferPointer { px in
                cblas_dgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                            Int32(rows), Int32(cols), 1.0, pa.baseAddress, Int32(cols),
                            px.baseAddress, 1, 0.0, y.baseAddress, 1)
            }
        }
    })
}

/// Below this many matrix elements `matrixVector` runs its own single-threaded loop.
///
/// OpenBLAS 0.3.21 splits dgemv across its thread pool from about 10⁴ elements, and after each
/// threaded call its workers spin (yielding) for a while: on a 2-core machine they then compete
/// with whatever runs next on the other core (the element-wise kernels' second thread, the
/// narrow-product kernels' second thread) for work that takes a few microseconds on one core.
let smallMatrixVectorLimit = 1 << 17

/// op(A)·x on one thread, for matrices of fewer than `smallMatrixVectorLimit` elements: the
/// AVX-512 kernel of CDescentVectorMath where the CPU has it, else plain loops (Aᵀx as a sum of
/// scaled rows, Ax as row dot products with four partial sums, so that both vectorize).
/// `vectorKernel: false` forces the plain loops (tests run them on AVX-512 machines too).
func smallMatrixVector(_ a: Tensor, _ x: Tensor, transpose: Bool, vectorKernel: Bool = true) -> Tensor {
    let (rows, cols) = (a.shape[0], a.shape[1])
    return Tensor(shape: [transpose ? cols : rows], unsafeUninitialized: { y in
        a.scalars.withUnsafeBufferPointer { pa in
            x.scalars.withUnsafeBufferPointer { px in
                let (aBase, xs, out) = (pa.baseAddress!, px.baseAddress!, y.baseAddress!)
                if transpose {
                    scaledRowSum(aBase, xs, rows: rows, columns: cols, into: out, vectorKernel: vectorKernel)
                } else if vectorKernel, descent_gemv(aBase, cols, xs, out, rows, cols, 0) != 0 {
                    return
                } else {
                    for i in 0..<rows {
                        let row = aBase + i &* cols
                        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                        var j = 0
                        while j + 4 <= cols {
                            s0 += row[j] * xs[j]; s1 += row[j + 1] * xs[j + 1]
                            s2 += row[j + 2] * xs[j + 2]; s3 += row[j + 3] * xs[j + 3]
                            j += 4
                        }
                        while j < cols { s0 += row[j] * xs[j]; j += 1 }
                        out[i] = (s0 + s1) + (s2 + s3)
                    }
                }
            }
        }
    })
}

/// y = Σᵢ xᵢ·(row i) over the rows of a row-major block (y = Aᵀx for that block; y is
/// overwritten): the AVX-512 kernel of CDescentVectorMath where the CPU has it, else a loop over
/// the rows (each a contiguous, vectorizing update of y). `vectorKernel: false` forces the loop.
func scaledRowSum(_ a: UnsafePointer<Double>, _ x: UnsafePointer<Double>, rows: Int, columns: Int,
                  into y: UnsafeMutablePointer<Double>, vectorKernel: Bool = true) {
    if vectorKernel, descent_gemv(a, columns, x, y, rows, columns, 1) != 0 { return }
    y.initialize(repeating: 0, count: columns)
    for i in 0..<rows {
        let xi = x[i], row = a + i &* columns
        for j in 0..<columns { y[j] += xi * row[j] }
    }
}

/// Widest A for which `tallTransposedMatrixVector` is used: its accumulator (8 · cols bytes)
/// stays in L1.
let tallTransposedMaximumColumns = 256

/// Aᵀx for a tall, narrow row-major A (n × d, n ≫ d, d ≤ 256) as Σᵢ xᵢ·aᵢ over its rows, split
/// into contiguous row blocks across cores, each summed into its own d-vector, then added up.
///
/// Why not `dgemv`: for this shape OpenBLAS's threaded dgemv (column-major "N" on the d × n
/// transpose) splits the d outputs across threads, so both threads stream the whole matrix and
/// the two-thread call took twice the one-thread time (17 ms against 8 ms for 10⁵ × 100 on the
/// benchmark machine; NumPy's `x.T @ r` behaves the same). Splitting the rows instead reads A
/// once, in order, at the memory bandwidth: the gradient Xᵀr of every generalized linear model.
/// - Complexity: O(n·d) time, one pass over A; O(d) extra memory per block.
func tallTransposedMatrixVector(_ a: Tensor, _ x: Tensor) -> Tensor {
    let (rows, cols) = (a.shape[0], a.shape[1])
    var total = [Double](repeating: 0, count: cols)
    let lock = NSLock()
    a.scalars.withUnsafeBufferPointer { pa in
        x.scalars.withUnsafeBufferPointer { px in
            total.withUnsafeMutableBufferPointer { out in
                let base = pa.baseAddress!, xs = px.baseAddress!, sum = out.baseAddress!
                // Chunks of the n·d elements mapped to whole rows: row i belongs to the chunk
                // holding element i·d, so the row blocks are disjoint and cover every row.
                ParallelLoop.forEachChunk(rows * cols) { range in
                    let first = (range.lowerBound + cols - 1) / cols, end = (range.upperBound + cols - 1) / cols
                    guard first < end else { return }
                    var partial = [Double](repeating: 0, count: cols)
                    partial.withUnsafeMutableBufferPointer { acc in
                        // The loop: one pass over each row. The kernel makes a pass per 32 columns,
                        // which for a matrix streamed from memory costs more than it saves (L-BFGS on
                        // 10⁵ × 100 logistic regression: 99–102 ms against 75–87 ms).
                        scaledRowSum(base + first * cols, xs + first, rows: end - first, columns: cols,
                                     into: acc.baseAddress!, vectorKernel: false)
                    }
                    lock.lock()
                    for j in 0..<cols { sum[j] += partial[j] }
                    lock.unlock()
                }
            }
        }
    }
    return Tensor(shape: [cols], scalars: total)
}

extension Tensor {
    /// The matrix product self · other (see `matmul(_:_:transposeA:transposeB:)`).
    public func matmul(_ other: Tensor) -> Tensor { DescentCore.matmul(self, other) }

    /// The Gram matrix AᵀA (BLAS `dsyrk`, half the flops of a general product), symmetric n × n.
    public var gram: Tensor {
        precondition(rank == 2, "Tensor.gram: needs a matrix, got shape \(shape)")
        let (m, n) = (shape[0], shape[1])
        if n == 0 { return Tensor.zeros([0, 0]) }
        if m == 0 { return Tensor.zeros([n, n]) }
        var c = Tensor.zeros([n, n])
        scalars.withUnsafeBufferPointer { pa in
            c.scalars.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(m),
                            1.0, pa.baseAddress, Int32(n), 0.0, pc.baseAddress, Int32(n))
            }
        }
        // dsyrk fills only the upper triangle; mirror it.
        for i in 0..<n { for j in 0..<i { c.scalars[i * n + j] = c.scalars[j * n + i] } }
        return c
    }
}
