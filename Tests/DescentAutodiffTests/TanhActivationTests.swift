@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// tanh on a `Variable` shares DescentCore's vectorized kernel with tanh on a `Tensor` (whose
/// accuracy is tested against mpmath in DescentCoreTests' ElementwiseAccuracyTests).
@Suite("tanh activation")
struct TanhActivationTests {
    @Test(arguments: [1, 31, 32_000, 300_000])
    func variableAndTensorTanhAreIdentical(n: Int) {
        // 300,000 elements take the multi-threaded path, 32,000 (a 1000 × 32 hidden layer) does not.
        var rng = SeededGenerator(seed: UInt64(n))
        var x = Tensor.randomNormal([n], using: &rng) * 4
        let specials: [Double] = [-0.0, 0, .nan, .infinity, -.infinity, 0.625, -0.625, 20, Subnormal.e310]
        for (k, s) in specials.enumerated() where k < n { x[k * (n / specials.count)] = s }
        let viaVariable = tanh(Variable(x)).value, viaTensor = tanh(x)
        #expect(viaVariable.shape == viaTensor.shape)
        #expect(viaVariable.scalars.map(\.bitPattern) == viaTensor.scalars.map(\.bitPattern), "one kernel, so bit-identical (NaN and −0 included)")
    }

    @Test func pullbackIsOneMinusTanhSquared() {
        let x = Tensor([-3, -0.7, -0.625, 0, 0.3, 0.625, 1, 5])
        let g = gradient(of: { tanh($0).sum() }, at: x)
        let y = tanh(x)
        // The pullback is ḡ·(1 − y²) computed from the output: a product and a subtraction, so a
        // few ulp of 1 at most.
        expectClose(g, 1 - y * y, rtol: 1e-15, atol: 1e-16, "same formula, a couple of roundings")
    }
}
