import CDescentVectorMath
import DescentCore
import Foundation
import Testing
import _TestSupport

/// A list of doubles stored as hex bit patterns, as a tensor.
private func exactDoubles(_ reference: ReferenceData, _ key: String) -> Tensor {
    Tensor(reference.exactDoubles(key))
}

@Suite("Element-wise accuracy")
struct ElementwiseAccuracyTests {
    /// mpmath's correctly rounded exp over the whole finite range (Tools/references/elementwise_exp.py).
    let reference = try! ReferenceData.load("elementwise_exp")
    var x: Tensor { exactDoubles(reference, "x_bits") }
    var expected: Tensor { exactDoubles(reference, "exp_x_bits") }

    @Test func expIsWithinOneUlpOfCorrectlyRounded() {
        let x = self.x, expected = self.expected
        let y = exp(x)
        var worst = (ulps: 0.0, at: 0)
        for i in 0..<x.count {
            let d = ulpDistance(y.scalars[i], expected.scalars[i])
            if d > worst.ulps { worst = (d, i) }
        }
        // The kernel's bound is ≈ 0.51 ulp from the true value, so at most 1 ulp from the correctly
        // rounded one (NumPy's exp also reaches 1 ulp on these points).
        #expect(worst.ulps <= 1, "exp(\(x.scalars[worst.at])) = \(y.scalars[worst.at]), correctly rounded \(expected.scalars[worst.at])")
    }

    @Test(arguments: [0, 1, 2])
    func everyCompiledVariantIsWithinOneUlp(variant: Int32) {
        // The dispatcher picks one variant per machine; this runs each one the machine supports
        // (0 baseline, 1 AVX2+FMA, 2 AVX-512) on the reference points.
        let x = self.x, expected = self.expected
        var y = [Double](repeating: 0, count: x.count)
        let ran = x.scalars.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                descent_vector_exp_variant(variant, xb.baseAddress, yb.baseAddress, x.count)
            }
        }
        guard ran == 1 else { return }  // not available on this CPU
        var worst = 0.0
        for i in 0..<x.count { worst = Swift.max(worst, ulpDistance(y[i], expected.scalars[i])) }
        #expect(worst <= 1, "variant \(variant): same 0.51-ulp algorithm, so within 1 ulp of correctly rounded")
    }

    @Test func expOnLargeTensorsMatchesTheReferenceInEveryChunk() {
        // ≥ 2 × 2¹⁷ elements: the parallel split, chunk boundaries that are not multiples of the
        // SIMD width, and the masked/scalar tail all occur.
        let x = self.x, expected = self.expected
        let copies = 101
        let big = Tensor(shape: [copies * x.count]) { x.scalars[$0 % x.count] }
        let y = exp(big)
        var worst = 0.0
        for i in 0..<big.count { worst = Swift.max(worst, ulpDistance(y.scalars[i], expected.scalars[i % x.count])) }
        #expect(worst <= 1, "same bound as the single-chunk case: the kernel must not depend on position")
    }

    @Test func expSpecialValuesFollowIEEE754() {
        let x = Tensor([.nan, .infinity, -.infinity, 0, -0.0, 710, -746, -745.1, 709.78, -708.5, Subnormal.e320, -Subnormal.e320])
        let y = exp(x)
        #expect(y.scalars[0].isNaN)
        #expect(y.scalars[1] == .infinity)
        #expect(y.scalars[2] == 0)
        #expect(y.scalars[3] == 1 && y.scalars[4] == 1)
        #expect(y.scalars[5] == .infinity, "exp(710) overflows")
        #expect(y.scalars[6] == 0, "exp(−746) underflows to zero")
        #expect(y.scalars[7] == Double.leastNonzeroMagnitude, "exp(−745.1) rounds to the smallest subnormal")
        #expect(y.scalars[8].isFinite && y.scalars[8] > 1.79e308, "just below the overflow threshold")
        #expect(y.scalars[9].isSubnormal, "gradual underflow, not flush to zero")
        #expect(y.scalars[10] == 1 && y.scalars[11] == 1, "subnormal arguments")
        for i in 5..<x.count {
            #expect(ulpDistance(y.scalars[i], Foundation.exp(x.scalars[i])) <= 1, "x = \(x.scalars[i])")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 7, 8, 9, 17])
    func expOfEverySmallSizeMatchesScalarExp(n: Int) {
        var g = SeededGenerator(seed: UInt64(n) + 1)
        let x = Tensor.randomUniform([n], in: -30..<30, using: &g)
        let y = exp(x)
        #expect(y.shape == [n])
        for i in 0..<n {
            // Both are within 1 ulp of the true value and glibc's scalar exp is correctly rounded
            // on ordinary arguments, so they differ by at most one ulp.
            #expect(ulpDistance(y.scalars[i], Foundation.exp(x.scalars[i])) <= 1, "element \(i) of \(n)")
        }
    }

    @Test func expKeepsShapeAndPropagatesNaNInPlace() {
        var x = Tensor(shape: [400, 500]) { Double($0 % 97) / 10 - 4 }
        x[123, 45] = .nan
        let y = exp(x)
        #expect(y.shape == [400, 500])
        #expect(y[123, 45].isNaN)
        #expect(y.scalars.filter(\.isNaN).count == 1, "NaN does not leak into neighbouring lanes")
        expectClose(y[0, 0], Foundation.exp(-4), rtol: 2.3e-16, "1 ulp at e⁻⁴")
    }
}

/// Runs one compiled variant of the tanh kernel (0 baseline, 1 AVX2+FMA, 2 AVX-512) on `x`, or
/// returns nil when this machine lacks it.
private func tanhVariant(_ variant: Int32, _ x: Tensor) -> Tensor? {
    var y = [Double](repeating: 0, count: x.count)
    let ran = x.scalars.withUnsafeBufferPointer { xb in
        y.withUnsafeMutableBufferPointer { yb in
            descent_vector_tanh_variant(variant, xb.baseAddress, yb.baseAddress, x.count)
        }
    }
    return ran == 1 ? Tensor(shape: x.shape, scalars: y) : nil
}

/// The largest ulp distance of `y` from the correctly rounded `expected`, where it occurs, and
/// the positions whose sign differs (which catches tanh(−0) = +0, as −0 == +0 for the distance).
private func tanhErrors(_ y: Tensor, _ expected: Tensor) -> (ulps: Double, at: Int, wrongSigns: [Int]) {
    var worst = (ulps: 0.0, at: 0)
    var wrongSigns: [Int] = []
    for i in 0..<y.count {
        let d = ulpDistance(y.scalars[i], expected.scalars[i])
        if d > worst.ulps { worst = (d, i) }
        if !expected.scalars[i].isNaN && y.scalars[i].sign != expected.scalars[i].sign { wrongSigns.append(i) }
    }
    return (worst.ulps, worst.at, wrongSigns)
}

@Suite("Element-wise tanh accuracy")
struct TanhAccuracyTests {
    /// mpmath's correctly rounded tanh at named points (±0, subnormals, both sides of 0.625, the cap
    /// at 20, 710, ±∞, NaN) and 4,200 seeded random ones (Tools/references/elementwise_tanh.py).
    /// Loaded once for the suite (each test case would otherwise parse the JSON again).
    static let reference = try! ReferenceData.load("elementwise_tanh")
    let x = exactDoubles(Self.reference, "x_bits")
    let expected = exactDoubles(Self.reference, "tanh_x_bits")

    /// Each variant measures ≤ 1 ulp on these points (and on 475,000 more checked once against
    /// mpmath while developing the kernel); the a-priori bound of the exp branch, 1 − 2/(e^t + 1)
    /// with six roundings in the quotient, is near 2, so 2 is what the tests require.
    static let ulpBound = 2.0

    @Test func tanhIsWithinTwoUlpsOfCorrectlyRoundedAndKeepsSigns() {
        let x = self.x, expected = self.expected
        let y = tanh(x)
        let errors = tanhErrors(y, expected)
        #expect(errors.ulps <= Self.ulpBound, "tanh(\(x.scalars[errors.at])) = \(y.scalars[errors.at]), correctly rounded \(expected.scalars[errors.at])")
        #expect(errors.wrongSigns.isEmpty, "sign differs at x = \(errors.wrongSigns.map { x.scalars[$0] })")
    }

    @Test(arguments: [0, 1, 2])
    func everyCompiledVariantIsWithinTwoUlps(variant: Int32) {
        // The dispatcher picks one variant per machine; this runs each one the machine supports.
        let x = self.x, expected = self.expected
        guard let y = tanhVariant(variant, x) else { return }  // not available on this CPU
        let errors = tanhErrors(y, expected)
        #expect(errors.ulps <= Self.ulpBound, "variant \(variant): tanh(\(x.scalars[errors.at])) = \(y.scalars[errors.at])")
        #expect(errors.wrongSigns.isEmpty, "variant \(variant): sign differs at x = \(errors.wrongSigns.map { x.scalars[$0] })")
        let nanIn = x.scalars.indices.filter { x.scalars[$0].isNaN }
        #expect(!nanIn.isEmpty && y.scalars.indices.filter { y.scalars[$0].isNaN } == nanIn, "variant \(variant): NaN in exactly where NaN out")
    }

    @Test func tanhSpecialValues() {
        let x = Tensor([-0.0, 0, .infinity, -.infinity, .nan, 20, -20, 710, -710, 1e300, Subnormal.smallest, -Subnormal.e310, 1e-300])
        let y = tanh(x)
        #expect(y.scalars[0] == 0 && y.scalars[0].sign == .minus, "tanh(−0) = −0")
        #expect(y.scalars[1] == 0 && y.scalars[1].sign == .plus)
        #expect(y.scalars[2] == 1 && y.scalars[3] == -1, "tanh(±∞) = ±1")
        #expect(y.scalars[4].isNaN)
        #expect(y.scalars[5] == 1 && y.scalars[6] == -1, "1 − tanh 20 ≈ 8.5e-18 is below half an ulp of 1")
        #expect(y.scalars[7] == 1 && y.scalars[8] == -1 && y.scalars[9] == 1, "e^{2x} would overflow; the cap at 20 avoids it")
        for i in 10..<13 {
            #expect(y.scalars[i] == x.scalars[i], "tanh x rounds to x for tiny x = \(x.scalars[i])")
        }
    }

    @Test func tanhIsOddAndBounded() {
        let x = self.x
        let y = tanh(x), yNegated = tanh(-x)
        let finite = x.scalars.indices.filter { !x.scalars[$0].isNaN }
        // Both branches are symmetric (x·(1 + x²·P/Q) and copysign), so oddness is exact.
        let notOdd = finite.filter { yNegated.scalars[$0].bitPattern != (-y.scalars[$0]).bitPattern }
        #expect(notOdd.isEmpty, "tanh(−x) ≠ −tanh(x) at x = \(notOdd.map { x.scalars[$0] })")
        let outside = finite.filter { Swift.abs(y.scalars[$0]) > 1 }
        #expect(outside.isEmpty, "|tanh x| > 1 at x = \(outside.map { x.scalars[$0] })")
    }

    @Test(arguments: [0, 1, 2, 3, 7, 8, 9, 17])
    func everySmallSizeMatchesElementByElement(n: Int) {
        // Sizes around the vector widths (2, 4, 8 lanes): the vector body and the scalar
        // remainder must compute the same function, bit for bit.
        var g = SeededGenerator(seed: UInt64(n) + 100)
        var x = Tensor.randomUniform([n], in: -3..<3, using: &g)
        if n > 2 { x[n / 2] = .nan }
        let y = tanh(x)
        #expect(y.shape == [n])
        for i in 0..<n {
            let alone = tanh(Tensor([x.scalars[i]])).scalars[0]
            #expect(y.scalars[i].bitPattern == alone.bitPattern || (y.scalars[i].isNaN && alone.isNaN), "element \(i) of \(n)")
        }
        if n > 2 { #expect(y.scalars.filter(\.isNaN).count == 1, "NaN does not leak into neighbouring lanes") }
    }

    @Test func tanhOnLargeTensorsMatchesTheReferenceInEveryChunk() {
        // > 2 × 2¹⁷ elements: the parallel split and chunk boundaries that are not multiples of the
        // vector width; each chunk must be filled and give what a single call gives.
        let x = self.x, expected = self.expected
        let copies = 71
        let big = Tensor(shape: [copies * x.count]) { x.scalars[$0 % x.count] }
        let y = tanh(big)
        let errors = tanhErrors(y, Tensor(shape: [big.count]) { expected.scalars[$0 % x.count] })
        #expect(errors.ulps <= Self.ulpBound && errors.wrongSigns.isEmpty, "same bound as the single-chunk case")
    }
}
