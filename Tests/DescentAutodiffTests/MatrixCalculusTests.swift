import DescentAutodiff
import DescentCore
import Testing
import _TestSupport

/// Matrix-calculus identities (Petersen & Pedersen, *The Matrix Cookbook*, §2).
@Suite("Matrix-calculus identities")
struct MatrixCalculusTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return Tensor.randomNormal(shape, using: &rng)
    }

    // Each identity evaluates the same sums of products in another order: a few ulps times the
    // size of the terms (entries are O(1), dimensions ≤ 5), so 1e-13 relative with a tiny floor.
    static let reason = "same products summed in another order"

    @Test func bilinearForm() {
        let a = Self.random([4], seed: 1), b = Self.random([3], seed: 2), x = Self.random([4, 3], seed: 3)
        let g = gradient(of: { x in dot(Variable(a), matmul(x, Variable(b))) }, at: x)
        expectClose(g, outer(a, b), rtol: 1e-13, atol: 1e-15, Self.reason)
    }

    @Test func quadraticForm() {
        let a = Self.random([5, 5], seed: 4), x = Self.random([5], seed: 5)
        let g = gradient(of: { x in dot(x, matmul(Variable(a), x)) }, at: x)
        expectClose(g, matmul(a + a.transposed, x), rtol: 1e-13, atol: 1e-14, Self.reason)
        expectClose(hessian(of: { x in dot(x, matmul(Variable(a), x)) }, at: x), a + a.transposed,
                    rtol: 1e-14, atol: 1e-15, "Hessian of xᵀAx is A + Aᵀ exactly up to one addition")
    }

    @Test func frobeniusNormSquared() {
        let x = Self.random([3, 4], seed: 6)
        #expect(gradient(of: { $0.squaredNorm() }, at: x) == 2 * x)
    }

    @Test func traceOfSandwich() {
        let a = Self.random([4, 4], seed: 7), b = Self.random([3, 3], seed: 8), x = Self.random([4, 3], seed: 9)
        let identity = Tensor.identity(3)
        let g = gradient(of: { x in
            // tr(M) = Σᵢⱼ Mᵢⱼ Iᵢⱼ.
            (matmul(matmul(matmul(x, Variable(a), transposeA: true), x), Variable(b)) * identity).sum()
        }, at: x)
        let expected = matmul(matmul(a, x, transposeA: true), b, transposeB: true) + matmul(matmul(a, x), b)
        expectClose(g, expected, rtol: 1e-12, atol: 1e-13, Self.reason)
    }

    @Test func logDeterminant() throws {
        let x = Self.random([4, 4], seed: 13) + 4 * Tensor.identity(4)
        let g = gradient(of: { logAbsDeterminant($0) }, at: x)
        let inverse = try LU(x).inverse()
        expectClose(g, inverse.transposed, rtol: 1e-12, atol: 1e-14, "X⁻ᵀ from dgetri both ways; κ(X) is small")
        // A singular matrix: log|det| = −∞, and the gradient is not finite (detectable).
        let (value, gs) = valueAndGradient(of: { logAbsDeterminant($0) }, at: Tensor([[1, 2], [2, 4]]))
        #expect(value == -.infinity)
        #expect(!gs.isFinite)
    }

    @Test func inverseIsDifferentiable() throws {
        let x = Self.random([3, 3], seed: 14) + 3 * Tensor.identity(3)
        let w = Self.random([3, 3], seed: 15)
        let check = checkGradient(of: { (inverse($0) * w).sum() }, at: x)
        #expect(check.maxRelativeError < 1e-8, "central differences of X⁻¹: error ~ε^(2/3)·κ²")
        expectClose(matmul(inverse(Variable(x)).value, x), Tensor.identity(3), rtol: 0, atol: 1e-14, "X⁻¹X = I up to κ·ε")
    }

    @Test func transposeFlagsOfMatmul() {
        // All four transpose combinations against explicit transposes.
        let a = Self.random([3, 4], seed: 10), b = Self.random([4, 2], seed: 11)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let av = ta ? a.transposed : a, bv = tb ? b.transposed : b
            let w = Self.random([3, 2], seed: 12)
            let (ga, gb) = gradient(of: { x, y in (matmul(x, y, transposeA: ta, transposeB: tb) * w).sum() }, at: av, bv)
            let (ea, eb) = gradient(of: { x, y in (matmul(x, y) * w).sum() }, at: a, b)
            expectClose(ga, ta ? ea.transposed : ea, rtol: 1e-13, atol: 1e-15, Self.reason)
            expectClose(gb, tb ? eb.transposed : eb, rtol: 1e-13, atol: 1e-15, Self.reason)
        }
    }
}
