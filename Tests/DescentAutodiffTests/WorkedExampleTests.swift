import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// The classic worked derivatives (the building blocks of gradient-based learning), with their
/// exact answers.
@Suite("Worked derivative examples")
struct WorkedExampleTests {
    // Exact answers computed in closed form; the derivative evaluates the same arithmetic in a
    // different order, so agreement is to a few ulps.
    static let ulps = "closed form vs derivative, a few ulps apart"

    @Test func squareAtTwo() {
        let f: (Variable) -> Variable = { x in x * x }
        #expect(f(Variable(2)).scalar == 4)
        #expect(derivative(of: f, at: 2) == 4)
    }

    @Test func cubicTangentAtOne() {
        let f: (Variable) -> Variable = { x in pow(x, 3) - 2 * x + 1 }
        let slope = derivative(of: f, at: 1)
        let value = f(Variable(1)).scalar
        #expect(slope == 1)
        #expect(value == 0)  // tangent y = f(1) + f′(1)(x − 1) = x − 1
    }

    @Test func quadraticBowlGradient() {
        let g = gradient(of: { v in v[0] * v[0] + 2 * v[1] * v[1] + 3 * v[2] * v[2] }, at: Tensor([1, -2, 0.5]))
        #expect(g == Tensor([2, -8, 3]))
    }

    @Test func mixedPolynomialGradient() {
        let (x, y) = (1.3, -0.7)
        let g = gradient(of: { v in v[0] * v[0] * v[1] + 3 * v[0] * pow(v[1], 3) + sin(v[0]) }, at: Tensor([x, y]))
        expectClose(g, Tensor([2 * x * y + 3 * y * y * y + Foundation.cos(x), x * x + 9 * x * y * y]), rtol: 1e-15, atol: 1e-15, Self.ulps)
    }

    @Test func chainRuleThroughIntermediate() {
        let (x, y) = (0.8, -0.3)
        let u = x * x + y
        let (gx, gy) = gradient(of: { x, y in
            let u = x * x + y
            return sin(u) + u * u
        }, at: Tensor(x), Tensor(y))
        expectClose(gx.scalar, (Foundation.cos(u) + 2 * u) * 2 * x, rtol: 1e-15, Self.ulps)
        expectClose(gy.scalar, Foundation.cos(u) + 2 * u, rtol: 1e-15, Self.ulps)
    }

    @Test func compositionDerivative() {
        // (f∘g)(x) with f = x², g = x + 1: derivative 2(x + 1).
        for x in [-2.0, 0, 3.5] {
            #expect(derivative(of: { x in pow(x + 1, 2) }, at: x) == 2 * (x + 1))
        }
    }

    @Test func oneGradientStep() {
        let eta = 0.1
        let g = derivative(of: { x in x * x - 4 * x + 5 }, at: 0)
        #expect(0 - eta * g == 0.4)
        // W = (1, 2) with gradient (2.5, −1.2) (the gradient of the linear loss 2.5w₀ − 1.2w₁).
        let w = Tensor([1, 2])
        let gw = gradient(of: { w in dot(w, Variable(Tensor([2.5, -1.2]))) }, at: w)
        expectClose(w - eta * gw, Tensor([0.75, 2.12]), rtol: 1e-15, "one rounding in the step")
    }

    @Test func l2PenaltyGradient() {
        // Penalty λw² with λ = 0.1 at w = 0.5: gradient 2λw = 0.1, one step of η = 0.1 gives 0.49.
        let g = derivative(of: { w in 0.1 * w * w }, at: 0.5)
        expectClose(g, 0.1, rtol: 1e-15, Self.ulps)
        expectClose(0.5 - 0.1 * g, 0.49, rtol: 1e-15, Self.ulps)
    }

    @Test func quadraticHessians() {
        #expect(hessian(of: { v in v[0] * v[0] + 4 * v[1] * v[1] }, at: Tensor([0, 0])) == Tensor([[2, 0], [0, 8]]))
        #expect(hessian(of: { v in v[0] * v[0] + v[0] * v[1] + 3 * v[1] * v[1] }, at: Tensor([0.3, -1])) == Tensor([[2, 1], [1, 6]]))
    }

    static func rosenbrock(_ v: Variable) -> Variable {
        let (x, y) = (v[0], v[1])
        let a = y - x * x, b = 1 - x
        return 100 * a * a + b * b
    }

    @Test func rosenbrockHessianAtMinimum() {
        let (value, g, h) = valueGradientAndHessian(of: Self.rosenbrock, at: Tensor([1, 1]))
        #expect(value == 0)
        #expect(g == Tensor([0, 0]))
        #expect(h == Tensor([[802, -400], [-400, 200]]))
        // A popular text prints [[1200, −400], [−400, 2]]; that is wrong (it uses 1200x² − 400y + 2
        // with the "+2" misplaced), and it is not what we compute.
        #expect(h != Tensor([[1200, -400], [-400, 2]]))
        // Eigenvalues of the 2 × 2 symmetric matrix in closed form: (t ± √(t² − 4d))/2.
        let t = h[0, 0] + h[1, 1], d = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0]
        let disc = (t * t - 4 * d).squareRoot()
        let (high, low) = ((t + disc) / 2, 2 * d / (t + disc))  // the small root without cancellation
        expectClose(high, 1001.6006, rtol: 1e-7, "the README and the worked example quote 1001.6; 1001.6006 to 8 digits")
        expectClose(low, 0.399360, rtol: 1e-5, "the README and the worked example quote 0.3994")
        expectClose(high / low, 2508, rtol: 1e-3, "the README and the worked example quote κ ≈ 2508")
    }

    @Test func rosenbrockGradientAwayFromMinimum() {
        let (x, y) = (-1.2, 1.0)
        let g = gradient(of: Self.rosenbrock, at: Tensor([x, y]))
        let expected = Tensor([-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)])
        expectClose(g, expected, rtol: 1e-14, Self.ulps)
    }

    // MARK: Building blocks

    @Test func linearLayer() {
        var rng = SeededGenerator(seed: 7)
        let w = Tensor.randomNormal([3, 4], using: &rng), x = Tensor.randomNormal([4], using: &rng)
        let b = Tensor.randomNormal([3], using: &rng), gz = Tensor.randomNormal([3], using: &rng)
        // z = Wx + b; with upstream gradient ∇z: ∇W = ∇z xᵀ, ∇x = Wᵀ∇z, ∇b = ∇z.
        let (gw, gx) = gradient(of: { w, x in dot(matmul(w, x) + b, Variable(gz)) }, at: w, x)
        expectClose(gw, outer(gz, x), rtol: 1e-14, "one product per entry")
        expectClose(gx, matmul(w, gz, transposeA: true), rtol: 1e-13, "BLAS sums in another order")
        expectClose(vjp(of: { b in matmul(Variable(w), Variable(x)) + b }, at: b, cotangent: gz).pullback, gz, rtol: 0, "identity")
    }

    @Test func activationDerivatives() {
        let x = Tensor([-3, -0.5, 0.2, 1.7, 6])
        let s = x.map { 1 / (1 + Foundation.exp(-$0)) }
        // σ′ = σ(x)·σ(−x) and tanh′ = 1/cosh²x: the textbook σ(1 − σ) and 1 − tanh² lose digits
        // themselves for large x (10⁻¹³ relative at x = 6), so they are not the references here.
        let sigmoidSlope = s * x.map { 1 / (1 + Foundation.exp($0)) }
        expectClose(gradient(of: { sigmoid($0).sum() }, at: x), sigmoidSlope, rtol: 1e-14, "σ(x)σ(−x)")
        expectClose(gradient(of: { tanh($0).sum() }, at: x), x.map { 1 / (Foundation.cosh($0) * Foundation.cosh($0)) }, rtol: 1e-14, "1/cosh²")
        expectClose(gradient(of: { softplus($0).sum() }, at: x), s, rtol: 1e-14, "softplus′ = σ")
        let phi = x.map { 0.5 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
        let density = x.map { Foundation.exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }
        expectClose(gradient(of: { gelu($0).sum() }, at: x), phi + x * density, rtol: 1e-14, atol: 1e-16, "GELU′ = Φ + xφ")
        #expect(gradient(of: { relu($0).sum() }, at: x) == Tensor([0, 0, 1, 1, 1]))
    }

    @Test func squaredNormAndDot() {
        let w = Tensor([1.5, -2, 0.25]), x = Tensor([3, 1, -4])
        #expect(gradient(of: { $0.squaredNorm() }, at: w) == 2 * w)
        #expect(hessian(of: { $0.squaredNorm() }, at: w) == 2 * Tensor.identity(3))
        #expect(gradient(of: { dot($0, Variable(x)) }, at: w) == x)
    }

    @Test func softmaxJacobianAndCrossEntropy() {
        let z = Tensor([0.5, -1, 2, 0.1])
        let p = exp(z) / exp(z).sum()
        let expected = Tensor.diagonal(p.scalars) - outer(p, p)
        expectClose(jacobian(of: { softmax($0) }, at: z), expected, rtol: 1e-13, atol: 1e-16, "diag(p) − ppᵀ")
        let y = Tensor([0, 0, 1, 0])
        let (_, g, h) = valueGradientAndHessian(of: { softmaxCrossEntropy(logits: $0, labels: y) }, at: z)
        expectClose(g, p - y, rtol: 1e-13, atol: 1e-16, "∇z = p − y")
        expectClose(h, expected, rtol: 1e-12, atol: 1e-16, "Hessian diag(p) − ppᵀ")
        // Huge logits stay finite thanks to the log-sum-exp shift.
        let big = Tensor([1000, -1000, 999, 0])
        let (value, gradBig) = valueAndGradient(of: { softmaxCrossEntropy(logits: $0, labels: y) }, at: big)
        #expect(value.isFinite && gradBig.isFinite)
    }

    @Test func logisticLossGradient() {
        var rng = SeededGenerator(seed: 11)
        let x = Tensor.randomNormal([20, 3], using: &rng), theta = Tensor.randomNormal([3], using: &rng)
        let y = Tensor(shape: [20]) { _ in rng.nextUniform() < 0.5 ? 1 : 0 }
        let g = gradient(of: { binaryCrossEntropy(logits: matmul(Variable(x), $0), labels: y) }, at: theta)
        let s = matmul(x, theta).map { 1 / (1 + Foundation.exp(-$0)) }
        expectClose(g, matmul(x, s - y, transposeA: true) / 20, rtol: 1e-13, atol: 1e-16, "(1/n)Xᵀ(σ(Xθ) − y)")
    }

    @Test func linearRegressionMSEGradient() {
        var rng = SeededGenerator(seed: 12)
        let x = Tensor.randomNormal([15, 2], using: &rng), y = Tensor.randomNormal([15], using: &rng)
        let w = Tensor([0.3, -0.8]), b = Tensor(0.2)
        let (gw, gb) = gradient(of: { w, b in meanSquaredError(predictions: matmul(Variable(x), w) + b, targets: y) }, at: w, b)
        let r = matmul(x, w) + 0.2 - y
        expectClose(gw, 2 / 15 * matmul(x, r, transposeA: true), rtol: 1e-13, atol: 1e-16, "(2/N)Σ rᵢxᵢ")
        expectClose(gb.scalar, 2 / 15 * r.sum(), rtol: 1e-13, atol: 1e-16, "(2/N)Σ rᵢ")
    }
}
