import CLAPACK

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
    return Tensor(rows: m, columns: n) { i, j in x.scalars[i] * y.scalars[j] }
}

/// The matrix product op(A)·op(B), where op transposes when asked, computed by BLAS `dgemm`
/// (matrix × matrix) or `dgemv` (matrix × vector) without copying a transposed operand.
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
