import CLAPACK

// Element-wise arithmetic with NumPy broadcasting. Shapes that do not broadcast are a
// programmer error (precondition naming both shapes).

extension Tensor {
    @inlinable public static func + (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, +) }
    @inlinable public static func - (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, -) }
    /// Element-wise (Hadamard) product a ⊙ b; use `matmul` for the matrix product.
    @inlinable public static func * (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, *) }
    @inlinable public static func / (a: Tensor, b: Tensor) -> Tensor { a.zipMap(b, /) }

    @inlinable public static func + (a: Tensor, s: Double) -> Tensor { a.map { $0 + s } }
    @inlinable public static func - (a: Tensor, s: Double) -> Tensor { a.map { $0 - s } }
    @inlinable public static func * (a: Tensor, s: Double) -> Tensor { a.map { $0 * s } }
    @inlinable public static func / (a: Tensor, s: Double) -> Tensor { a.map { $0 / s } }
    @inlinable public static func + (s: Double, a: Tensor) -> Tensor { a.map { s + $0 } }
    @inlinable public static func - (s: Double, a: Tensor) -> Tensor { a.map { s - $0 } }
    @inlinable public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
    @inlinable public static func / (s: Double, a: Tensor) -> Tensor { a.map { s / $0 } }

    @inlinable public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

    @inlinable public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    @inlinable public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    @inlinable public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    @inlinable public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
    @inlinable public static func += (a: inout Tensor, s: Double) { a.apply { $0 + s } }
    @inlinable public static func -= (a: inout Tensor, s: Double) { a.apply { $0 - s } }
    @inlinable public static func *= (a: inout Tensor, s: Double) { a.apply { $0 * s } }
    @inlinable public static func /= (a: inout Tensor, s: Double) { a.apply { $0 / s } }

    /// y ← α·x + y in place (BLAS `daxpy`), the fused update at the heart of every optimizer step.
    /// - Precondition: `x` has this tensor's shape.
    public mutating func addScaled(_ x: Tensor, by alpha: Double) {
        precondition(x.shape == shape, "Tensor.addScaled: shape \(x.shape) does not match \(shape)")
        let n = count
        scalars.withUnsafeMutableBufferPointer { y in
            x.scalars.withUnsafeBufferPointer { xb in
                let yp = y.baseAddress!, xp = xb.baseAddress!
                ElementwiseKernel.forEachChunk(n) { range in
                    for i in range { yp[i] += alpha * xp[i] }
                }
            }
        }
    }

    /// α·x + y as a new tensor.
    public static func scaledSum(_ alpha: Double, _ x: Tensor, _ y: Tensor) -> Tensor {
        precondition(x.shape == y.shape, "Tensor.scaledSum: shapes \(x.shape) and \(y.shape) differ")
        return Tensor(shape: x.shape, scalars: ElementwiseKernel.zip(x.scalars, y.scalars) { alpha * $0 + $1 })
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
