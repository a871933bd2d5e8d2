@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// The activations and the logistic loss against mpmath (Tools/references/activation_derivatives.py):
/// value, first and second derivative, each within a stated number of ulps of the correctly rounded
/// result at ±{0, 10⁻³⁰⁰, 10⁻⁸, 0.1, …, 40, 100, 354, 372, 700, 745, 800} and 200 random points in
/// [−60, 60]. The derivatives come from the library's reverse mode (the gradient of Σf(xᵢ), and the
/// Hessian–vector product with a vector of ones, which is f″(xᵢ) as the Hessian is diagonal), so the
/// pullbacks and the pullbacks of the pullbacks are what is checked.
@Suite("Activation accuracy against mpmath")
struct ActivationAccuracyTests {
    static let reference = try! ReferenceData.load("activation_derivatives")

    /// One function under test: its name in the reference file, the function, and the largest
    /// error allowed for f, f′ and f″, in ulps of the correctly rounded result.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let function: @Sendable (Variable) -> Variable
        let ulps: [Double]
        var testDescription: String { name }
    }

    // Bounds: each is the worst measured error rounded up, with room of about one rounding; the
    // comments say what dominates. Results that underflow are compared on the subnormal spacing.
    static let cases: [Case] = [
        // σ: glibc exp (< 1 ulp) and one division; σ′ = e/(1 + e)²; σ″ = −σ′·tanh(x/2).
        Case(name: "sigmoid", function: { sigmoid($0) }, ulps: [2, 3, 5]),
        Case(name: "softplus", function: { softplus($0) }, ulps: [2, 2, 3]),
        Case(name: "log_sigmoid", function: { logSigmoid($0) }, ulps: [2, 2, 3]),
        // f′ = σ + xσ′ and f″ = 2σ′ + xσ″ add two terms of opposite signs for x < 0: near their
        // zeros (x ≈ −1.28 and −2.40) the sum is ill-conditioned, which the random points can hit.
        Case(name: "silu", function: { silu($0) }, ulps: [2, 16, 8]),
        // tanh: the vectorized kernel (≤ 2 ulp); sech² = 4e/(1 + e)²; tanh″ = −2·tanh·sech².
        Case(name: "tanh", function: { tanh($0) }, ulps: [2, 4, 6]),
        // GELU = x·Φ(x): glibc erfc (≤ 2 ulp after the argument's compensation) and products;
        // f″ = 2φ − x²φ cancels near x = ±√2.
        Case(name: "gelu", function: { gelu($0) }, ulps: [3, 4, 6]),
        Case(name: "logistic_loss_label0", function: { logisticLoss($0, .zeros($0.shape)) }, ulps: [2, 2, 3]),
        Case(name: "logistic_loss_label1", function: { logisticLoss($0, .ones($0.shape)) }, ulps: [2, 2, 3]),
    ]

    /// Below this magnitude a result is built from intermediates that underflowed (x·σ(x) at
    /// x = −745 multiplies the one-bit σ(−745) = 2⁻¹⁰⁷⁴ by 745; GELU″ = (2 − x²)·φ(x) with φ(±38)
    /// subnormal), so it has fewer than 53 significant bits however it is computed: there only the
    /// absolute error is bounded, by the smallest normal number 2⁻¹⁰²² (it stays below 10⁻³¹⁸ here).
    static let underflowFloor = 0x1p-1000

    /// The largest ulp distance over the reference points (see `underflowFloor` for tiny results),
    /// and where.
    static func worst(_ actual: Tensor, _ key: String) -> (ulps: Double, at: Double, got: Double, expected: Double) {
        let x = reference.exactDoubles("x_bits"), expected = reference.exactDoubles(key + "_bits")
        var worst = (ulps: 0.0, at: 0.0, got: 0.0, expected: 0.0)
        for i in 0..<x.count {
            var d = ulpDistance(actual.scalars[i], expected[i])
            if expected[i].magnitude < underflowFloor {
                d = (actual.scalars[i] - expected[i]).magnitude < Double.leastNormalMagnitude ? 0 : .infinity
            }
            if d > worst.ulps || d.isNaN { worst = (d, x[i], actual.scalars[i], expected[i]) }
        }
        return worst
    }

    @Test(arguments: cases)
    func valueAndTwoDerivativesAreWithinTheirBounds(_ c: Case) {
        let x = Tensor(Self.reference.exactDoubles("x_bits"))
        let sum: (Variable) -> Variable = { c.function($0).sum() }
        let results = [c.function(Variable(x)).value,
                       gradient(of: sum, at: x),
                       hessianVectorProduct(of: sum, at: x, direction: .ones(x.shape))]
        for order in 0..<3 {
            let w = Self.worst(results[order], "\(c.name)_d\(order)")
            #expect(w.ulps <= c.ulps[order],
                    "\(c.name) derivative \(order) at x = \(w.at): \(w.got), mpmath \(w.expected) (\(w.ulps) ulps)")
        }
    }

    @Test func binaryCrossEntropyIsTheMeanOfTheLogisticLoss() {
        // The loss the issue reported: label 1, logit 40, where softplus(z) − z and σ(z) − 1 give 0.
        let z = Tensor([40, -40, 30, 0.5]), y = Tensor([1, 0, 1, 0])
        let (value, g) = valueAndGradient(of: { binaryCrossEntropy(logits: $0, labels: y) }, at: z)
        let perExample = logisticLoss(Variable(z), y).value
        #expect(value == perExample.sum() / 4)
        expectClose(g.scalars[0], -4.248354255291589e-18 / 4, rtol: 4e-16, "−σ(−40)/n, not 0")
        expectClose(g.scalars[1], 4.248354255291589e-18 / 4, rtol: 4e-16, "σ(−40)/n")
        expectClose(g.scalars[2], -9.357622968839299e-14 / 4, rtol: 4e-16, "σ(30) − 1 = −σ(−30), 1e-3 off before")
    }

    @Test func sechSquaredSpecialValues() {
        let y = sechSquared(Tensor([0, -0.0, .infinity, -.infinity, .nan, 800, -20, 1e-300]))
        #expect(y.scalars[0] == 1 && y.scalars[1] == 1)
        #expect(y.scalars[2] == 0 && y.scalars[3] == 0, "sech²(±∞) = 0")
        #expect(y.scalars[4].isNaN)
        #expect(y.scalars[5] == 0, "4e^{−1600} underflows")
        expectClose(y.scalars[6], 1.6993417021166355e-17, rtol: 4e-16, "where 1 − tanh² gives 0")
        #expect(y.scalars[7] == 1)
    }

    @Test func euclideanNormOfAVariableNeitherOverflowsNorUnderflows() {
        for scale in [1e200, 1e-200, 1.0] {
            let x = Tensor([3, -4]) * scale
            let (value, g) = valueAndGradient(of: { $0.norm(.two) }, at: x)
            expectClose(value, 5 * scale, rtol: 2.3e-16, "√(x·x) would overflow or underflow at \(scale)")
            expectClose(g, Tensor([0.6, -0.8]), rtol: 4.5e-16, "x/‖x‖")
        }
        // Hessian (I − uuᵀ)/‖x‖ with u = x/‖x‖, through the recorded norm.
        let h = hessian(of: { $0.norm(.two) }, at: Tensor([3, -4]))
        expectClose(h, Tensor([[0.64, 0.48], [0.48, 0.36]]) / 5, rtol: 1e-15, "(I − uuᵀ)/‖x‖")
    }
}
