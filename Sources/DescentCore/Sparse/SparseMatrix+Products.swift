import Dispatch
import Foundation

// Sparse × dense products. Each is memory-bound (two flops per stored entry), so the kernels
// stream the CSR arrays through unsafe buffers and split rows across cores for large matrices.

extension SparseMatrix {
    /// Below this many stored entries a product runs on one thread: spawning work costs more than it saves.
    static let parallelThreshold = 200_000

    /// Splits the rows into contiguous chunks holding about equally many non-zeros (so one dense row
    /// cannot serialise the work), then runs `body` on the chunks concurrently.
    func forEachRowChunk(workPerEntry: Int = 1, _ body: (Range<Int>) -> Void) {
        let work = nonZeroCount * workPerEntry
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard work >= SparseMatrix.parallelThreshold, cores > 1, rows > 1 else {
            body(0..<rows)
            return
        }
        // A few chunks per core balance the load when other processes share the machine.
        let chunkCount = Swift.min(rows, cores * 4)
        var bounds = [0]
        bounds.reserveCapacity(chunkCount + 1)
        rowOffsets.withUnsafeBufferPointer { offsets in
            for c in 1..<chunkCount {
                // First row whose offset reaches c/chunkCount of the entries (binary search).
                let target = nonZeroCount * c / chunkCount
                var low = bounds.last!, high = rows
                while low < high {
                    let mid = (low + high) / 2
                    if offsets[mid] < target { low = mid + 1 } else { high = mid }
                }
                bounds.append(low)
            }
        }
        bounds.append(rows)
        let chunkBounds = bounds
        ParallelLoop.concurrentPerform(iterations: chunkCount) { c in
            let range = chunkBounds[c]..<chunkBounds[c + 1]
            if !range.isEmpty { body(range) }
        }
    }

    /// Runs `body` with the base addresses of the three CSR arrays. An empty array has no storage,
    /// so it is passed as a dummy non-null pointer that the kernels never read (they loop over
    /// `rowOffsets`, which always has rows + 1 entries).
    func withCSRPointers<R>(_ body: (_ offsets: UnsafePointer<Int>, _ indices: UnsafePointer<Int32>,
                                     _ values: UnsafePointer<Double>) -> R) -> R {
        rowOffsets.withUnsafeBufferPointer { op in
            columnIndices.withUnsafeBufferPointer { ip in
                values.withUnsafeBufferPointer { vp in
                    body(op.baseAddress!, ip.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                         vp.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                }
            }
        }
    }

    /// The product y = A·x for a vector x, yᵢ = Σₚ values[p]·x[columnIndices[p]] over row i's entries.
    ///
    /// Cost: 2·nnz flops, one pass over the CSR arrays; rows are split across cores above
    /// 200 000 non-zeros. Reference: Saad, *Iterative Methods for Sparse Linear Systems*, §3.4.
    /// - Precondition: `x` is a vector with `columns` elements.
    public func multiplied(by x: Tensor) -> Tensor {
        precondition(x.rank == 1 && x.count == columns,
                     "SparseMatrix.multiplied(by:): matrix shape \(shape) does not fit vector shape \(x.shape)")
        if rows == 0 || nonZeroCount == 0 { return Tensor.zeros([rows]) }
        return Tensor(shape: [rows], unsafeUninitialized: { y in
            withCSRPointers { op, ip, vp in
                x.scalars.withUnsafeBufferPointer { xs in
                    let (xp, yp) = (xs.baseAddress!, y.baseAddress!)
                    forEachRowChunk { range in SparseMatrix.rowProducts(range, op, ip, vp, xp, yp) }
                }
            }
        })
    }

    /// yᵢ = Σₚ vₚ·x[jₚ] for the rows in `range`. Two accumulators break the dependency chain of
    /// the additions so that two gathers from x are in flight at once.
    @inline(__always)
    static func rowProducts(_ range: Range<Int>, _ op: UnsafePointer<Int>, _ ip: UnsafePointer<Int32>,
                            _ vp: UnsafePointer<Double>, _ xp: UnsafePointer<Double>, _ yp: UnsafeMutablePointer<Double>) {
        for i in range {
            var even = 0.0, odd = 0.0
            var p = op[i]
            let end = op[i + 1]
            while p + 1 < end {
                even += vp[p] * xp[Int(ip[p])]
                odd += vp[p + 1] * xp[Int(ip[p + 1])]
                p += 2
            }
            if p < end { even += vp[p] * xp[Int(ip[p])] }
            yp[i] = even + odd
        }
    }

    /// The product Aᵀ·x for a vector x with `rows` elements, without forming Aᵀ: a scatter
    /// yⱼ += aᵢⱼ·xᵢ over the stored entries. Single-threaded (the scatter would race);
    /// for repeated use, form `transposed` once and multiply by it instead.
    /// - Precondition: `x` is a vector with `rows` elements.
    public func transposeMultiplied(by x: Tensor) -> Tensor {
        precondition(x.rank == 1 && x.count == rows,
                     "SparseMatrix.transposeMultiplied(by:): matrix shape \(shape)ᵀ does not fit vector shape \(x.shape)")
        return transposeMultiplied(x.scalars, columnsOfB: 1, resultShape: [columns])
    }

    /// The product C = Aᵀ·B for a dense `rows × k` matrix B without forming Aᵀ: each stored entry
    /// aᵢⱼ adds aᵢⱼ·B[i, :] to row j of C. Single-threaded (rows of C are scattered to).
    ///
    /// Cost: 2·nnz·k flops.
    /// - Precondition: `b` is a matrix with `rows` rows.
    public func transposeMultiplied(byMatrix b: Tensor) -> Tensor {
        precondition(b.rank == 2 && b.shape[0] == rows,
                     "SparseMatrix.transposeMultiplied(byMatrix:): matrix shapes \(shape)ᵀ and \(b.shape) do not fit")
        return transposeMultiplied(b.scalars, columnsOfB: b.shape[1], resultShape: [columns, b.shape[1]])
    }

    /// Aᵀ·B for a row-major `rows × k` buffer B (k = 1 for a vector), as a tensor of `resultShape`.
    private func transposeMultiplied(_ b: [Double], columnsOfB k: Int, resultShape: [Int]) -> Tensor {
        var c = [Double](repeating: 0, count: columns * k)
        if k > 0 && nonZeroCount > 0 {
            c.withUnsafeMutableBufferPointer { cb in
                withCSRPointers { op, ip, vp in
                    b.withUnsafeBufferPointer { bb in
                        let (cp, bp) = (cb.baseAddress!, bb.baseAddress!)
                        for i in 0..<rows {
                            let source = bp + i * k
                            for p in op[i]..<op[i + 1] {
                                let v = vp[p]
                                let target = cp + Int(ip[p]) * k
                                for t in 0..<k { target[t] += v * source[t] }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: resultShape, scalars: c)
    }

    /// The product C = A·B for a dense `columns × k` matrix B: row i of C is Σₚ values[p]·B[columnIndices[p], :].
    ///
    /// Cost: 2·nnz·k flops; each stored entry updates one contiguous row of C, so B and C are
    /// read and written in row-major order; rows are split across cores when nnz·k is large.
    /// - Precondition: `b` is a matrix with `columns` rows.
    public func multiplied(byMatrix b: Tensor) -> Tensor {
        precondition(b.rank == 2 && b.shape[0] == columns,
                     "SparseMatrix.multiplied(byMatrix:): matrix shapes \(shape) and \(b.shape) do not fit")
        let k = b.shape[1]
        var c = [Double](repeating: 0, count: rows * k)
        if k > 0 && nonZeroCount > 0 {
            c.withUnsafeMutableBufferPointer { cb in
                withCSRPointers { op, ip, vp in
                    b.scalars.withUnsafeBufferPointer { bb in
                        let (cp, bp) = (cb.baseAddress!, bb.baseAddress!)
                        forEachRowChunk(workPerEntry: k) { range in
                            for i in range {
                                let row = cp + i * k
                                for p in op[i]..<op[i + 1] {
                                    let v = vp[p]
                                    let source = bp + Int(ip[p]) * k
                                    for t in 0..<k { row[t] += v * source[t] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [rows, k], scalars: c)
    }
}

/// The sparse × dense product A·x (vector) or A·B (matrix); see `SparseMatrix.multiplied(by:)`.
public func matmul(_ a: SparseMatrix, _ x: Tensor) -> Tensor {
    x.rank == 1 ? a.multiplied(by: x) : a.multiplied(byMatrix: x)
}
