import CLAPACK

// Element-wise arithmetic with NumPy broadcasting. Shapes that do not broadcast are a
// programmer error (precondition naming both shapes).

// The common operators run through explicit loops written inside the kernel closures rather than
// through `map`/`zipMap` with an operator argument: a per-element call through a closure
// context cannot be inlined across the thread split and costs 2–4× on large tensors (measured
// with `make bench`), while a loop the compiler can see is vectorized.
extension Tensor {
    /// `a ∘ b` with NumPy broadcasting through explicit-loop kernels for the shapes that matter in
    /// practice — equal shapes, a scalar (any tensor of one element not of higher rank), and a
    /// matrix with a row (`[n]` or `[1, n]`: adding a bias) or a column (`[m, 1]`: scaling rows) —
    /// and through `zipMap(op)` for every other broadcast. `zip` computes x ∘ y, `right` x ∘ s,
    /// `left` s ∘ x.
    @usableFromInline
    static func elementwise(_ a: Tensor, _ b: Tensor, _ op: @Sendable (Double, Double) -> Double,
                            zip: ElementwiseKernel.BinaryKernel,
                            right: ElementwiseKernel.ScalarKernel,
                            left: ElementwiseKernel.ScalarKernel) -> Tensor {
        // Two one-element operands (the values of scalar functions): every extent is 1, so the
        // result has the shape of the operand of higher rank. Skips the kernel machinery, which
        // costs more than the arithmetic at this size.
        if a.count == 1 && b.count == 1 {
            return Tensor(shape: a.rank >= b.rank ? a.shape : b.shape, scalars: [op(a.scalars[0], b.scalars[0])])
        }
        if a.shape == b.shape {
            return Tensor(shape: a.shape, scalars: ElementwiseKernel.zipBuffers(a.scalars, b.scalars, zip))
        }
        if b.count == 1 && b.rank <= a.rank {
            let s = b.scalars[0]
            return Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in right(x, s, o, n) })
        }
        if a.count == 1 && a.rank <= b.rank {
            let s = a.scalars[0]
            return Tensor(shape: b.shape, scalars: ElementwiseKernel.mapBuffers(b.scalars) { x, o, n in left(x, s, o, n) })
        }
        func isRow(_ v: Tensor, of matrix: Tensor) -> Bool {
            matrix.rank == 2 && v.count == matrix.shape[1] && (v.rank == 1 || (v.rank == 2 && v.shape[0] == 1))
        }
        func isColumn(_ v: Tensor, of matrix: Tensor) -> Bool {
            matrix.rank == 2 && v.shape == [matrix.shape[0], 1]
        }
        guard a.count > 0 && b.count > 0 else { return a.zipMap(b, op) }
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                let x = pa.baseAddress!, y = pb.baseAddress!
                if isRow(b, of: a) {
                    let (m, n) = (a.shape[0], a.shape[1])
                    return Tensor(shape: [m, n], scalars: ElementwiseKernel.generateRows(m, n) { i, o in zip(x + i * n, y, o, n) })
                }
                if isRow(a, of: b) {
                    let (m, n) = (b.shape[0], b.shape[1])
                    return Tensor(shape: [m, n], scalars: ElementwiseKernel.generateRows(m, n) { i, o in zip(x, y + i * n, o, n) })
                }
                if isColumn(b, of: a) {
                    let (m, n) = (a.shape[0], a.shape[1])
                    return Tensor(shape: [m, n], scalars: ElementwiseKernel.generateRows(m, n) { i, o in right(x + i * n, y[i], o, n) })
                }
                if isColumn(a, of: b) {
                    let (m, n) = (b.shape[0], b.shape[1])
                    return Tensor(shape: [m, n], scalars: ElementwiseKernel.generateRows(m, n) { i, o in left(y + i * n, x[i], o, n) })
                }
                return a.zipMap(b, op)
            }
        }
    }

    /// Element-wise sum a + b with NumPy broadcasting. O(n), split across cores for large tensors.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        elementwise(a, b, +,
                    zip: { x, y, o, n in for k in 0..<n { o[k] = x[k] + y[k] } },
                    right: { x, s, o, n in for k in 0..<n { o[k] = x[k] + s } },
                    left: { x, s, o, n in for k in 0..<n { o[k] = s + x[k] } })
    }
    /// Element-wise difference a − b with NumPy broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        elementwise(a, b, -,
                    zip: { x, y, o, n in for k in 0..<n { o[k] = x[k] - y[k] } },
                    right: { x, s, o, n in for k in 0..<n { o[k] = x[k] - s } },
                    left: { x, s, o, n in for k in 0..<n { o[k] = s - x[k] } })
    }
    /// Element-wise (Hadamard) product a ⊙ b; use `matmul` for the matrix product.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        elementwise(a, b, *,
                    zip: { x, y, o, n in for k in 0..<n { o[k] = x[k] * y[k] } },
                    right: { x, s, o, n in for k in 0..<n { o[k] = x[k] * s } },
                    left: { x, s, o, n in for k in 0..<n { o[k] = s * x[k] } })
    }
    /// Element-wise quotient a / b with NumPy broadcasting (IEEE 754: x/0 = ±∞, 0/0 = NaN).
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        elementwise(a, b, /,
                    zip: { x, y, o, n in for k in 0..<n { o[k] = x[k] / y[k] } },
                    right: { x, s, o, n in for k in 0..<n { o[k] = x[k] / s } },
                    left: { x, s, o, n in for k in 0..<n { o[k] = s / x[k] } })
    }

    /// a + s for every element.
    public static func + (a: Tensor, s: Double) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = x[i] + s } })
    }
    /// a − s for every element.
    public static func - (a: Tensor, s: Double) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = x[i] - s } })
    }
    /// a · s for every element.
    public static func * (a: Tensor, s: Double) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = x[i] * s } })
    }
    /// a / s for every element.
    public static func / (a: Tensor, s: Double) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = x[i] / s } })
    }
    /// s + a for every element.
    public static func + (s: Double, a: Tensor) -> Tensor { a + s }
    /// s − a for every element.
    public static func - (s: Double, a: Tensor) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = s - x[i] } })
    }
    /// s · a for every element.
    public static func * (s: Double, a: Tensor) -> Tensor { a * s }
    /// s / a for every element.
    public static func / (s: Double, a: Tensor) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = s / x[i] } })
    }

    /// −a for every element.
    public static prefix func - (a: Tensor) -> Tensor {
        Tensor(shape: a.shape, scalars: ElementwiseKernel.mapBuffers(a.scalars) { x, o, n in for i in 0..<n { o[i] = -x[i] } })
    }

    // Compound assignments: in place when the shapes agree (no allocation, O(n), split across
    // cores for large tensors); otherwise the broadcast result replaces `a`.

    /// a ← a + b.
    public static func += (a: inout Tensor, b: Tensor) {
        guard a.shape == b.shape else { a = a + b; return }
        ElementwiseKernel.update(&a.scalars, with: b.scalars) { o, y, n in for i in 0..<n { o[i] += y[i] } }
    }
    /// a ← a − b.
    public static func -= (a: inout Tensor, b: Tensor) {
        guard a.shape == b.shape else { a = a - b; return }
        ElementwiseKernel.update(&a.scalars, with: b.scalars) { o, y, n in for i in 0..<n { o[i] -= y[i] } }
    }
    /// a ← a ⊙ b.
    public static func *= (a: inout Tensor, b: Tensor) {
        guard a.shape == b.shape else { a = a * b; return }
        ElementwiseKernel.update(&a.scalars, with: b.scalars) { o, y, n in for i in 0..<n { o[i] *= y[i] } }
    }
    /// a ← a / b.
    public static func /= (a: inout Tensor, b: Tensor) {
        guard a.shape == b.shape else { a = a / b; return }
        ElementwiseKernel.update(&a.scalars, with: b.scalars) { o, y, n in for i in 0..<n { o[i] /= y[i] } }
    }
    /// a ← a + s, in place.
    public static func += (a: inout Tensor, s: Double) { ElementwiseKernel.update(&a.scalars) { o, n in for i in 0..<n { o[i] += s } } }
    /// a ← a − s, in place.
    public static func -= (a: inout Tensor, s: Double) { ElementwiseKernel.update(&a.scalars) { o, n in for i in 0..<n { o[i] -= s } } }
    /// a ← a · s, in place.
    public static func *= (a: inout Tensor, s: Double) { ElementwiseKernel.update(&a.scalars) { o, n in for i in 0..<n { o[i] *= s } } }
    /// a ← a / s, in place.
    public static func /= (a: inout Tensor, s: Double) { ElementwiseKernel.update(&a.scalars) { o, n in for i in 0..<n { o[i] /= s } } }

    /// y ← α·x + y in place (the BLAS `daxpy` operation), the fused update at the heart of every
    /// optimizer step: one pass over both arrays, no allocation, split across cores for large
    /// tensors (as fast as OpenBLAS's `daxpy` in `make bench`).
    /// - Precondition: `x` has this tensor's shape.
    public mutating func addScaled(_ x: Tensor, by alpha: Double) {
        precondition(x.shape == shape, "Tensor.addScaled: shape \(x.shape) does not match \(shape)")
        ElementwiseKernel.update(&scalars, with: x.scalars) { y, xp, n in for i in 0..<n { y[i] += alpha * xp[i] } }
    }

    /// α·x + y as a new tensor, in one fused pass (no temporary for α·x, unlike `alpha * x + y`).
    /// - Complexity: O(n), split across cores for large tensors.
    public static func scaledSum(_ alpha: Double, _ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(x.shape == y.shape, "Tensor.scaledSum: shapes \(x.shape) and \(y.shape) differ")
        return Tensor(shape: x.shape, scalars: ElementwiseKernel.zipBuffers(x.scalars, y.scalars) { xp, yp, out, n in
            for i in 0..<n { out[i] = alpha * xp[i] + yp[i] }
        })
    }
}

// MARK: - Comparisons (element-wise, 1 for true and 0 for false)

extension Tensor {
    @inlinable public static func .< (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 < $1 ? 1 : 0 } }
    @inlinable public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 <= $1 ? 1 : 0 } }
    @inlinable public static func .> (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 > $1 ? 1 : 0 } }
    @inlinable public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 >= $1 ? 1 : 0 } }
    @inlinable public static func .== (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 == $1 ? 1 : 0 } }
    @inlinable public static func .!= (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b) { $0 != $1 ? 1 : 0 } }
    @inlinable public static func .< (a: Tensor, s: Double) -> Tensor { a.map { $0 < s ? 1 : 0 } }
    @inlinable public static func .<= (a: Tensor, s: Double) -> Tensor { a.map { $0 <= s ? 1 : 0 } }
    @inlinable public static func .> (a: Tensor, s: Double) -> Tensor { a.map { $0 > s ? 1 : 0 } }
    @inlinable public static func .>= (a: Tensor, s: Double) -> Tensor { a.map { $0 >= s ? 1 : 0 } }
    @inlinable public static func .== (a: Tensor, s: Double) -> Tensor { a.map { $0 == s ? 1 : 0 } }

    /// Whether every pair of elements satisfies |a − b| ≤ atol + rtol·|b| (NumPy's `allclose`).
    public func isApproximatelyEqual(to other: Tensor, relativeTolerance rtol: Double = 1e-9,
                                     absoluteTolerance atol: Double = 0) -> Bool {
        guard shape == other.shape else { return false }
        for (a, b) in Swift.zip(scalars, other.scalars) where !(Swift.abs(a - b) <= atol + rtol * Swift.abs(b)) {
            return false
        }
        return true
    }
}
