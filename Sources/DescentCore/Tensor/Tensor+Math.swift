import CDescentVectorMath
import Foundation

// Element-wise mathematical functions. Each is a free function named as in the math,
// overloading Foundation's scalar versions, so `exp(x)` reads the same for a Double and a Tensor.

/// eˣ element-wise.
///
/// Computed by glibc's SIMD `exp` (libmvec, AVX-512 or AVX2 as the CPU allows; ≤ 1 ulp) on
/// x86-64 Linux and by the C library's scalar `exp` elsewhere, across cores for large tensors.
/// Special values follow IEEE 754 and C99 Annex F: exp(−∞) = 0, exp(+∞) = +∞, NaN stays NaN,
/// overflow gives +∞ and underflow gradually reaches subnormals, then 0.
/// - Complexity: O(n), memory-bound for large n.
public func exp(_ x: Tensor) -> Tensor {
    Tensor(shape: x.shape, scalars: ElementwiseKernel.mapBuffers(x.scalars) { descent_vector_exp($0, $1, $2) })
}
/// Natural logarithm element-wise (NaN for negative input, −∞ at 0, as IEEE 754 says).
@inlinable public func log(_ x: Tensor) -> Tensor { x.map { Foundation.log($0) } }
/// Square root element-wise.
@inlinable public func sqrt(_ x: Tensor) -> Tensor { x.map { $0.squareRoot() } }
/// xᵖ element-wise for a scalar exponent.
@inlinable public func pow(_ x: Tensor, _ p: Double) -> Tensor {
    if p == 2 { return x.map { $0 * $0 } }
    return x.map { Foundation.pow($0, p) }
}
/// xᵖ element-wise with broadcasting of the exponent.
@inlinable public func pow(_ x: Tensor, _ p: Tensor) -> Tensor { x.zipMap(p) { Foundation.pow($0, $1) } }
/// sin x element-wise.
@inlinable public func sin(_ x: Tensor) -> Tensor { x.map { Foundation.sin($0) } }
/// cos x element-wise.
@inlinable public func cos(_ x: Tensor) -> Tensor { x.map { Foundation.cos($0) } }
/// tan x element-wise.
@inlinable public func tan(_ x: Tensor) -> Tensor { x.map { Foundation.tan($0) } }
/// tanh x element-wise.
@inlinable public func tanh(_ x: Tensor) -> Tensor { x.map { Foundation.tanh($0) } }
/// |x| element-wise.
@inlinable public func abs(_ x: Tensor) -> Tensor { x.map { Swift.abs($0) } }
/// sign(x) element-wise: −1, 0 or 1 (NaN stays NaN).
@inlinable public func sign(_ x: Tensor) -> Tensor { x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) } }
/// Element-wise maximum with broadcasting (NaN-propagating, like NumPy's `maximum`).
@inlinable public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    a.zipMap(b) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
}
/// Element-wise minimum with broadcasting (NaN-propagating, like NumPy's `minimum`).
@inlinable public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    a.zipMap(b) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
}
/// max(x, s) element-wise.
@inlinable public func maximum(_ a: Tensor, _ s: Double) -> Tensor { a.map { $0.isNaN ? .nan : Swift.max($0, s) } }
/// min(x, s) element-wise.
@inlinable public func minimum(_ a: Tensor, _ s: Double) -> Tensor { a.map { $0.isNaN ? .nan : Swift.min($0, s) } }
/// Each element clamped to [lower, upper].
@inlinable public func clamp(_ x: Tensor, _ lower: Double, _ upper: Double) -> Tensor {
    precondition(lower <= upper, "clamp: lower bound \(lower) exceeds upper bound \(upper)")
    return x.map { $0.isNaN ? .nan : Swift.min(Swift.max($0, lower), upper) }
}
