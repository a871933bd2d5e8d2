import DescentCore
import Testing
import _TestSupport

/// Matrix products with one row, one column or an inner dimension of 1 bypass dgemm (dgemv or a
/// direct outer product); every transpose combination must still give op(A)·op(B).
@Suite("Degenerate matrix products")
struct DegenerateProductTests {
    /// op(A)·op(B) by the definition Σₗ op(A)ᵢₗ op(B)ₗⱼ.
    static func naive(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> Tensor {
        let opA = ta ? a.transposed : a, opB = tb ? b.transposed : b
        let (m, k, n) = (opA.shape[0], opA.shape[1], opB.shape[1])
        return Tensor(rows: m, columns: n) { i, j in (0..<k).reduce(0) { $0 + opA[i, $1] * opB[$1, j] } }
    }

    @Test(arguments: [(5, 3, 1), (1, 3, 4), (4, 1, 3), (1, 1, 1), (1, 4, 1), (3, 1, 1), (1, 1, 5), (6, 7, 2)])
    func everyTransposeCombinationMatchesTheDefinition(_ shape: (Int, Int, Int)) {
        let (m, k, n) = shape
        var generator = SeededGenerator(seed: UInt64(100 * m + 10 * k + n))
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = Tensor.randomNormal(ta ? [k, m] : [m, k], using: &generator)
            let b = Tensor.randomNormal(tb ? [n, k] : [k, n], using: &generator)
            let product = matmul(a, b, transposeA: ta, transposeB: tb)
            #expect(product.shape == [m, n])
            // At most 7 products summed: a few roundings whatever the summation order.
            expectClose(product, Self.naive(a, b, ta, tb), rtol: 1e-14, atol: 1e-14,
                        "\(m)×\(k)×\(n), transposes \(ta), \(tb): summation order only")
        }
    }

    @Test func outerProductIsExact() {
        let x = Tensor([1.5, -2, 0, 3]), y = Tensor([2, -0.5, 4])
        #expect(outer(x, y) == Tensor([[3, -0.75, 6], [-4, 1, -8], [0, -0, 0], [6, -1.5, 12]]))
        #expect(outer(Tensor(shape: [0], scalars: []), y).shape == [0, 3])
        #expect(matmul(x.reshaped([4, 1]), y.reshaped([1, 3])) == outer(x, y))
    }
}
