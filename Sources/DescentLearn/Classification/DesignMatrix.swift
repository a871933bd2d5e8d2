import DescentCore

/// The feature matrix X (n × d) of a classifier, dense or CSR sparse: the products the solvers
/// need, written once for both layouts so that every solver accepts both.
enum DesignMatrix: Sendable {
    case dense(Tensor)
    case sparse(SparseMatrix)

    var rows: Int {
        switch self {
        case .dense(let x): return x.rows
        case .sparse(let x): return x.rows
        }
    }

    var columns: Int {
        switch self {
        case .dense(let x): return x.columns
        case .sparse(let x): return x.columns
        }
    }

    var shape: [Int] { [rows, columns] }

    /// X·w (n), w of length d. Dense: one BLAS dgemv; sparse: one CSR pass, O(nnz).
    func times(_ w: Tensor) -> Tensor {
        switch self {
        case .dense(let x): return matmul(x, w.reshaped([columns]))
        case .sparse(let x): return x.multiplied(by: w.reshaped([columns]))
        }
    }

    /// Xᵀ·r (d), r of length n.
    func transposeTimes(_ r: Tensor) -> Tensor {
        switch self {
        case .dense(let x): return matmul(x, r, transposeA: true)
        case .sparse(let x): return x.transposeMultiplied(by: r)
        }
    }

    /// X·Wᵀ (n × k) for a k × d matrix W.
    func timesTransposed(_ w: Tensor) -> Tensor {
        switch self {
        case .dense(let x): return matmul(x, w, transposeB: true)
        case .sparse(let x): return x.multiplied(byMatrix: w.transposed)
        }
    }

    /// Rᵀ·X (k × d) for an n × k matrix R.
    func transposedTimes(matrix r: Tensor) -> Tensor {
        switch self {
        case .dense(let x): return matmul(r, x, transposeA: true)
        case .sparse(let x): return x.transposeMultiplied(byMatrix: r).transposed
        }
    }

    /// The columns of X as rows of a CSR or row-major matrix (Xᵀ), for coordinate descent, which
    /// reads one column at a time. Costs one copy of X.
    func columnMajor() -> DesignMatrix {
        switch self {
        case .dense(let x): return .dense(x.transposed)
        case .sparse(let x): return .sparse(x.transposed)
        }
    }

    /// The first entry that is NaN or ±∞, as (row, column, value).
    func firstNonFinite() -> (row: Int, column: Int, value: Double)? {
        switch self {
        case .dense(let x):
            guard let flat = x.scalars.firstIndex(where: { !$0.isFinite }) else { return nil }
            return (flat / Swift.max(x.columns, 1), flat % Swift.max(x.columns, 1), x.scalars[flat])
        case .sparse(let x):
            guard let p = x.values.firstIndex(where: { !$0.isFinite }) else { return nil }
            // The row of entry p: the last offset ≤ p (rows may be empty, so search, not divide).
            var lo = 0, hi = x.rows
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if x.rowOffsets[mid] <= p { lo = mid } else { hi = mid }
            }
            return (lo, Int(x.columnIndices[p]), x.values[p])
        }
    }

    /// The largest squared row norm maxᵢ ‖xᵢ‖², for SAGA's step size.
    func maxRowSquaredNorm() -> Double {
        var best = 0.0
        switch self {
        case .dense(let x):
            let d = x.columns
            x.scalars.withUnsafeBufferPointer { xs in
                for i in 0..<x.rows {
                    var s = 0.0
                    for k in 0..<d { s += xs[i * d + k] * xs[i * d + k] }
                    best = Swift.max(best, s)
                }
            }
        case .sparse(let x):
            for i in 0..<x.rows {
                var s = 0.0
                for p in x.rowOffsets[i]..<x.rowOffsets[i + 1] { s += x.values[p] * x.values[p] }
                best = Swift.max(best, s)
            }
        }
        return best
    }

    /// Calls `body(indices, values, count)` with row i's stored entries: for a dense matrix every
    /// column (indices nil), for CSR its non-zeros.
    @inline(__always)
    func withRow<R>(_ i: Int, _ body: (UnsafePointer<Int32>?, UnsafePointer<Double>, Int) -> R) -> R {
        switch self {
        case .dense(let x):
            return x.scalars.withUnsafeBufferPointer { xs in body(nil, xs.baseAddress! + i * x.columns, x.columns) }
        case .sparse(let x):
            let start = x.rowOffsets[i], end = x.rowOffsets[i + 1]
            return x.values.withUnsafeBufferPointer { vs in
                x.columnIndices.withUnsafeBufferPointer { cs in
                    body(cs.baseAddress! + start, vs.baseAddress! + start, end - start)
                }
            }
        }
    }
}
