@testable import DescentCore
import Testing
import _TestSupport

/// Products with few columns run on the register-blocked AVX-512 kernels (where the CPU has
/// them) and small matrix–vector products on single-threaded loops; both must equal op(A)·B by
/// its definition for every shape class: remainders of the 4-row and 8-column blocks, one and two
/// 32-column strips, and sizes large enough to be split across threads.
@Suite("Narrow matrix products")
struct NarrowProductTests {
    /// Σₗ op(A)ᵢₗ Bₗⱼ, and the bound Σₗ |op(A)ᵢₗ||Bₗⱼ| that scales its rounding error.
    static func reference(_ a: Tensor, _ b: Tensor, transposeA: Bool) -> (product: Tensor, scale: Tensor) {
        let opA = transposeA ? a.transposed : a
        let (m, k, n) = (opA.shape[0], opA.shape[1], b.shape[1])
        var product = [Double](repeating: 0, count: m * n), scale = product
        for i in 0..<m {
            for l in 0..<k {
                let x = opA.scalars[i * k + l]
                for j in 0..<n {
                    product[i * n + j] += x * b.scalars[l * n + j]
                    scale[i * n + j] += Swift.abs(x * b.scalars[l * n + j])
                }
            }
        }
        return (Tensor(shape: [m, n], scalars: product), Tensor(shape: [m, n], scalars: scale))
    }

    static func check(m: Int, k: Int, n: Int, transposeA: Bool) {
        var generator = SeededGenerator(seed: UInt64(m * 1_000_003 + k * 1009 + n))
        let a = Tensor.randomNormal(transposeA ? [k, m] : [m, k], using: &generator)
        let b = Tensor.randomNormal([k, n], using: &generator)
        let product = matmul(a, b, transposeA: transposeA)
        let (expected, scale) = reference(a, b, transposeA: transposeA)
        #expect(product.shape == [m, n])
        // Each entry is a sum of k products in another order (FMA, blocks): the error is a few
        // units of k·ε relative to Σ|aᵢₗbₗⱼ|.
        let worst = zip(zip(product.scalars, expected.scalars), scale.scalars)
            .map { Swift.abs($0.0 - $0.1) / Swift.max($1, .leastNormalMagnitude) }.max() ?? 0
        #expect(worst <= Double(k) * 4 * .ulpOfOne, "\(transposeA ? "AᵀB" : "AB") \(m)×\(k)×\(n): relative error \(worst)")
    }

    @Test(arguments: [(37, 50, 33), (100, 20, 64), (64, 512, 64), (18, 300, 7), (41, 60, 13), (23, 70, 45), (1001, 100, 32), (8192, 64, 32)])
    func tallTimesSmall(_ shape: (Int, Int, Int)) {
        Self.check(m: shape.0, k: shape.1, n: shape.2, transposeA: false)
    }

    @Test(arguments: [(37, 300, 33), (100, 1000, 32), (5, 2000, 9), (30, 400, 13), (7, 500, 45), (256, 129, 64), (64, 8192, 32)])
    func transposedTallTimesTall(_ shape: (Int, Int, Int)) {
        Self.check(m: shape.0, k: shape.1, n: shape.2, transposeA: true)
    }

    @Test(arguments: [(1, 1), (3, 5), (7, 8), (9, 17), (100, 33), (1000, 32), (40, 1000)])
    func smallMatrixVectorProducts(_ shape: (Int, Int)) {
        let (rows, cols) = shape
        var generator = SeededGenerator(seed: UInt64(rows * 7919 + cols))
        let a = Tensor.randomNormal([rows, cols], using: &generator)
        for transpose in [false, true] {
            let x = Tensor.randomNormal([transpose ? rows : cols], using: &generator)
            let column = x.reshaped([x.count, 1])
            let (expected, scale) = Self.reference(a, column, transposeA: transpose)
            // The routed product, and the portable loops that CPUs without AVX-512 run.
            for product in [matmul(a, x, transposeA: transpose), smallMatrixVector(a, x, transpose: transpose, vectorKernel: false)] {
                #expect(product.shape == [transpose ? cols : rows])
                let worst = zip(zip(product.scalars, expected.scalars), scale.scalars)
                    .map { Swift.abs($0.0 - $0.1) / Swift.max($1, .leastNormalMagnitude) }.max() ?? 0
                #expect(worst <= Double(Swift.max(rows, cols)) * 4 * .ulpOfOne, "\(rows)×\(cols) transpose \(transpose): \(worst)")
            }
        }
    }
}
