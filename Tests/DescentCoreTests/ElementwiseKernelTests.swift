import DescentCore
import Foundation
import Testing
import _TestSupport

/// The fast paths of the arithmetic operators (explicit loops, in-place updates, the thread
/// split above 2¹⁷ elements) must give bit-for-bit the results of the generic `zipMap`/`map`.
@Suite("Element-wise kernels")
struct ElementwiseKernelTests {
    /// Sizes on both sides of the parallel threshold, with ragged chunk ends, and on both sides
    /// of the largest buffer built through an array literal (4, see `ScalarArray`).
    static let sizes = [0, 1, 2, 3, 4, 5, 1000, 300_001]

    static func operands(_ n: Int) -> (Tensor, Tensor) {
        var g = SeededGenerator(seed: UInt64(n) + 7)
        let a = Tensor.randomNormal([n], using: &g)
        let b = Tensor.randomUniform([n], in: 0.5..<2, using: &g)
        return (a, b)
    }

    @Test(arguments: sizes)
    func binaryOperatorsMatchZipMap(n: Int) {
        let (a, b) = Self.operands(n)
        #expect(a + b == a.zipMap(b, +))
        #expect(a - b == a.zipMap(b, -))
        #expect(a * b == a.zipMap(b, *))
        #expect(a / b == a.zipMap(b, /))
    }

    @Test(arguments: sizes)
    func scalarOperatorsMatchMap(n: Int) {
        let (a, _) = Self.operands(n)
        let s = 1.75
        #expect(a + s == a.map { $0 + s } && s + a == a.map { s + $0 })
        #expect(a - s == a.map { $0 - s } && s - a == a.map { s - $0 })
        #expect(a * s == a.map { $0 * s } && s * a == a.map { s * $0 })
        #expect(a / s == a.map { $0 / s } && s / a == a.map { s / $0 })
        #expect(-a == a.map { -$0 })
    }

    @Test(arguments: sizes)
    func compoundAssignmentsUpdateInPlaceAndMatch(n: Int) {
        let (a, b) = Self.operands(n)
        var x = a
        x += b; #expect(x == a + b)
        x = a; x -= b; #expect(x == a - b)
        x = a; x *= b; #expect(x == a * b)
        x = a; x /= b; #expect(x == a / b)
        let two = 2.0  // a bare literal would be ambiguous: Tensor is ExpressibleByFloatLiteral
        x = a; x += two; #expect(x == a + two)
        x = a; x -= two; #expect(x == a - two)
        x = a; x *= two; #expect(x == a * two)
        x = a; x /= two; #expect(x == a / two)
        #expect(a == Self.operands(n).0, "copy-on-write: updating a copy leaves the original alone")
    }

    @Test(arguments: sizes)
    func axpyFormsAgree(n: Int) {
        let (x, y) = Self.operands(n)
        var z = y
        z.addScaled(x, by: -0.5)
        let expected = x.zipMap(y) { -0.5 * $0 + $1 }
        #expect(z == expected)
        #expect(Tensor.scaledSum(-0.5, x, y) == expected)
        #expect(y == Self.operands(n).1, "addScaled on a copy leaves the original alone")
    }

    @Test func outputsLargeEnoughForHugePagesAreComputedCorrectly() {
        // 2²⁰ doubles = 8 MiB: above HugePageAdvice's 4 MiB threshold, so the output buffer is
        // advised before its first write; the advice must not change a single value.
        let n = 1 << 20
        let (a, b) = Self.operands(n)
        #expect(a * b == a.zipMap(b, *))
        #expect(a - 0.5 == a.map { $0 - 0.5 })
        #expect(exp(b).scalars[n - 1] == exp(Tensor([b.scalars[n - 1]])).scalars[0])
        #expect(matmul(Tensor.ones([1024, 1024]), Tensor.ones([1024, 2])) == Tensor(shape: [1024, 2], repeating: 1024))
    }

    @Test(arguments: [(1, 1), (1, 5), (4, 1), (3, 7), (700, 300)])
    func rowAndColumnBroadcastsMatchTheGeneralPath(m: Int, n: Int) {
        // The row/column fast paths against the general broadcasting loop, in both operand orders,
        // for every operator; 700 × 300 crosses the parallel threshold.
        var g = SeededGenerator(seed: UInt64(m * 1000 + n))
        let matrix = Tensor.randomNormal([m, n], using: &g)
        let operands = [Tensor.randomUniform([n], in: 0.5..<2, using: &g),
                        Tensor.randomUniform([1, n], in: 0.5..<2, using: &g),
                        Tensor.randomUniform([m, 1], in: 0.5..<2, using: &g)]
        for v in operands {
            #expect(matrix + v == matrix.zipMap(v, +) && v + matrix == v.zipMap(matrix, +), "\(v.shape)")
            #expect(matrix - v == matrix.zipMap(v, -) && v - matrix == v.zipMap(matrix, -), "\(v.shape)")
            #expect(matrix * v == matrix.zipMap(v, *) && v * matrix == v.zipMap(matrix, *), "\(v.shape)")
            #expect(matrix / v == matrix.zipMap(v, /) && v / matrix == v.zipMap(matrix, /), "\(v.shape)")
            #expect((matrix + v).shape == [m, n] && (v - matrix).shape == [m, n])
        }
    }

    @Test(arguments: [3, 300_001])
    func mathFunctionsMatchTheirScalarForms(n: Int) {
        var g = SeededGenerator(seed: 11)
        var x = Tensor.randomNormal([n], using: &g) * 3
        x.scalars[0] = .nan
        x.scalars[1] = -0.0
        let positive = abs(x)
        func same(_ a: Tensor, _ b: Tensor) -> Bool {
            a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        #expect(same(log(positive), positive.map { Foundation.log($0) }))
        #expect(same(sqrt(positive), positive.map { $0.squareRoot() }))
        let two = 2.0, half = 0.5  // bare literals would be ambiguous: Tensor is ExpressibleByFloatLiteral
        #expect(same(pow(x, two), x.map { $0 * $0 }) && same(pow(positive, half), positive.map { Foundation.pow($0, 0.5) }))
        #expect(same(sin(x), x.map { Foundation.sin($0) }) && same(cos(x), x.map { Foundation.cos($0) }))
        #expect(same(tan(x), x.map { Foundation.tan($0) }))
        // tanh has its own vectorized kernel (≤ 2 ulp from correctly rounded, tested in
        // ElementwiseAccuracyTests), not libm's: what must hold here is that every chunk and lane
        // computes the same function as a call on the element alone.
        #expect(same(tanh(x), x.map { tanh(Tensor([$0])).scalars[0] }))
        #expect(same(abs(x), x.map { Swift.abs($0) }))
        #expect(same(sign(x), x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }))
        #expect(same(maximum(x, 0.5), x.map { $0.isNaN ? .nan : Swift.max($0, 0.5) }))
        #expect(same(minimum(x, 0.5), x.map { $0.isNaN ? .nan : Swift.min($0, 0.5) }))
        #expect(same(clamp(x, -1, 1), x.map { $0.isNaN ? .nan : Swift.min(Swift.max($0, -1), 1) }))
        #expect(maximum(x, 0.5).scalars[0].isNaN && clamp(x, -1, 1).scalars[0].isNaN, "NaN propagates, as in NumPy")
    }

    @Test func otherBroadcastsStillWork() {
        let column = Tensor([[1], [2]]), row = Tensor([[10, 20, 30]])
        #expect(column + row == Tensor([[11, 21, 31], [12, 22, 32]]), "outer broadcast [2,1] + [1,3]")
        #expect((Tensor.zeros([0, 3]) + Tensor([1, 2, 3])).shape == [0, 3], "empty matrix with a row")
        #expect((Tensor.zeros([2, 0]) * Tensor.zeros([2, 1])).shape == [2, 0], "empty rows with a column")
    }

    @Test func rankZeroAndBroadcastOperandsKeepNumPyShapes() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        let s = Tensor(2)
        #expect((m + s).shape == [2, 3] && (s + m).shape == [2, 3])
        #expect(m - s == Tensor([[-1, 0, 1], [2, 3, 4]]))
        #expect(s - m == Tensor([[1, 0, -1], [-2, -3, -4]]))
        #expect(m / Tensor([[2]]) == m / 2, "a 1 × 1 matrix broadcasts like a scalar")
        #expect((Tensor([[2]]) * Tensor([3])).shape == [1, 1], "rank-2 count-1 operand wins the shape")
        #expect(m + [10, 20, 30] == Tensor([[11, 22, 33], [14, 25, 36]]))
        var row = m
        row += Tensor([1, 1, 1])
        #expect(row == m + 1, "broadcast compound assignment falls back to the general path")
    }

    @Test func writingOneElementDoesNotTouchCopies() {
        let a = Tensor.zeros([1000])
        var b = a
        b.scalars[10] = 1
        #expect(a.scalars[10] == 0 && b.scalars[10] == 1)
        #expect(b.sum() == 1)
    }

    @Test func nonFiniteValuesPropagate() {
        let a = Tensor([.nan, .infinity, -.infinity, 1])
        let b = Tensor([1, 1, .infinity, 0])
        let sum = a + b, quotient = a / b
        #expect(sum.scalars[0].isNaN && sum.scalars[1] == .infinity && sum.scalars[2].isNaN && sum.scalars[3] == 1)
        #expect(quotient.scalars[2].isNaN && quotient.scalars[3] == .infinity)
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 9])
    func smallOutputsMatchPlainSwiftLoops(n: Int) {
        // Buffers of ≤ 4 elements are built through an array literal (`ScalarArray`); compare with
        // values computed by ordinary Swift arrays, independent of every kernel path.
        let (a, b) = Self.operands(n)
        func expected(_ f: (Double, Double) -> Double) -> Tensor {
            Tensor(shape: [n], scalars: Array(zip(a.scalars, b.scalars).map { f($0, $1) }))
        }
        #expect(a + b == expected(+) && a - b == expected(-) && a * b == expected(*) && a / b == expected(/))
        #expect(a.map { 2 * $0 + 1 } == Tensor(shape: [n], scalars: a.scalars.map { 2 * $0 + 1 }))
        #expect(Tensor(shape: [n], repeating: 2.5).scalars == Array(repeating: 2.5, count: n))
        #expect(Tensor.zeros([n, 1]).scalars == Array(repeating: 0, count: n) && Tensor.zeros([n, 1]).shape == [n, 1])
        #expect(Tensor(shape: [n]) { Double($0) }.scalars == (0..<n).map(Double.init))
        var c = a
        c += b
        #expect(c == expected(+), "the literal-built buffer is mutated in place like any other")
    }

    @Test func oneElementOperandsKeepNumPyShapesAndValues() {
        // Both operands of one element take a shortcut; the shape is that of the higher rank.
        let cases: [([Int], [Int], [Int])] = [([], [], []), ([], [1], [1]), ([1], [], [1]), ([1, 1], [], [1, 1]),
                                              ([1], [1, 1], [1, 1]), ([1, 1, 1], [1], [1, 1, 1])]
        for (sa, sb, out) in cases {
            let a = Tensor(shape: sa, scalars: [3]), b = Tensor(shape: sb, scalars: [-4])
            for (result, value) in [(a + b, -1.0), (a - b, 7), (a * b, -12), (a / b, -0.75)] {
                #expect(result.shape == out && result.scalars == [value], "\(sa) ∘ \(sb)")
            }
        }
        #expect((Tensor(.nan) + Tensor(1)).scalars[0].isNaN)
        #expect((Tensor(1) / Tensor(0)).scalar == .infinity && (Tensor(-1) / Tensor(0)).scalar == -.infinity)
        #expect((Tensor(0) * Tensor(-1)).scalar.sign == .minus, "IEEE signed zero is kept")
        #expect((Tensor([5]) + Tensor([1, 2])).scalars == [6, 7], "one element against two is a broadcast, not the shortcut")
    }
}
