import DescentCore
import Testing
import _TestSupport

/// Aᵀx for tall, narrow A goes through a row-split kernel instead of `dgemv` above 2¹⁷ elements
/// (see `tallTransposedMatrixVector`); it must agree with the transpose-then-multiply product and
/// with an exact-rounding check on integer data, on both sides of the switch.
@Suite("Tall transposed matrix-vector product")
struct TallTransposedProductTests {
    @Test("Aᵀx matches matmul(Aᵀ materialized, x): shapes below, at and above the switch, ragged row blocks")
    func matchesExplicitTranspose() {
        // (rows, cols): dgemv path (too small / too wide / not tall), and the row-split path with
        // row counts that do not divide evenly into chunks.
        for (rows, cols) in [(100, 3), (2_000, 300), (600, 256), (1 << 17, 1), (40_001, 7), (100_003, 100), (5_000, 256)] {
            var g = SeededGenerator(seed: UInt64(rows * 31 + cols))
            let a = Tensor.randomNormal([rows, cols], using: &g)
            let x = Tensor.randomNormal([rows], using: &g)
            let fast = matmul(a, x, transposeA: true)
            let reference = matmul(a.transposed, x)
            #expect(fast.shape == [cols])
            // Different summation orders: each result is within γₙ·Σᵢ|aᵢⱼxᵢ| (γₙ ≈ n·ε, Higham,
            // Accuracy and Stability, §3.1) of the exact sum, so they differ by at most twice that;
            // a dropped or repeated row would be off by a whole term.
            let scale = matmul(abs(a).transposed, abs(x))
            let bound = 2 * Double(rows) * Double.ulpOfOne
            for j in 0..<cols {
                #expect(abs(fast[j] - reference[j]) <= bound * scale[j], "rows \(rows), cols \(cols), column \(j)")
            }
        }
    }

    @Test("small-integer data: every partial sum is exact, so the result is exact")
    func exactOnIntegers() {
        let rows = 50_000, cols = 4
        let a = Tensor(rows: rows, columns: cols) { i, j in Double((i * 7 + j * 3) % 11) - 5 }
        let x = Tensor(shape: [rows]) { i in Double(i % 5) - 2 }
        let expected = Tensor(shape: [cols]) { j in (0..<rows).reduce(0) { $0 + a[$1, j] * x[$1] } }
        // Integers below 2⁵³ add exactly in any order.
        #expect(matmul(a, x, transposeA: true) == expected)
    }

    @Test("zero matrix and NaN propagate")
    func zeroAndNaN() {
        let zero = Tensor.zeros([200_000, 2])
        #expect(matmul(zero, Tensor.ones([200_000]), transposeA: true) == Tensor.zeros([2]))
        var a = Tensor.ones([200_000, 2])
        a[123_456, 1] = .nan
        let r = matmul(a, Tensor.ones([200_000]), transposeA: true)
        #expect(r[0] == 200_000)
        #expect(r[1].isNaN)
    }
}
