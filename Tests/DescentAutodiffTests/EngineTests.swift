@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// The engine itself: subgradient conventions, edge cases, higher derivatives, memory.
@Suite("Autodiff engine")
struct EngineTests {
    @Test func subgradientsAtKinksMatchJAX() {
        // Checked against jax (x64): grad(abs)(0) = 1, grad(relu)(0) = 0, grad(leaky_relu)(0) = 1,
        // maximum/minimum at a tie give ½ to each side, clip at a bound gives ½.
        #expect(derivative(of: { abs($0) }, at: 0) == 1)
        #expect(derivative(of: { abs($0) }, at: -2) == -1)
        #expect(derivative(of: { relu($0) }, at: 0) == 0)
        #expect(derivative(of: { leakyRelu($0) }, at: 0) == 1)
        #expect(derivative(of: { leakyRelu($0, negativeSlope: 0.2) }, at: -1) == 0.2)
        let (ga, gb) = gradient(of: { maximum($0, $1) }, at: Tensor(1), Tensor(1))
        #expect(ga.scalar == 0.5 && gb.scalar == 0.5)
        #expect(derivative(of: { minimum($0, 3) }, at: 3) == 0.5)
        #expect(derivative(of: { clamp($0, 0, 1) }, at: 0) == 0.5)
        #expect(derivative(of: { clamp($0, 0, 1) }, at: 0.5) == 1)
        #expect(derivative(of: { clamp($0, 0, 1) }, at: 2) == 0)
        #expect(gradient(of: { $0.norm(.one) }, at: Tensor([0, -1, 2])) == Tensor([1, -1, 1]))
    }

    @Test func sizesZeroOneTwoThree() {
        for n in 0...3 {
            let x = Tensor(shape: [n]) { Double($0) + 0.5 }
            let g = gradient(of: { ($0 * $0).sum() }, at: x)
            #expect(g == 2 * x, "n = \(n)")
            #expect(hessian(of: { ($0 * $0 * $0).sum() }, at: x) == Tensor.diagonal((6 * x).scalars), "n = \(n)")
        }
        #expect(jacobian(of: { $0 * 2 }, at: Tensor(shape: [0], scalars: [])).shape == [0, 0])
    }

    @Test func constantFunctionHasZeroGradient() {
        let x = Tensor([1, 2])
        #expect(gradient(of: { _ in Variable(3) }, at: x) == Tensor([0, 0]))
        #expect(hessian(of: { $0.sum() }, at: x) == Tensor.zeros([2, 2]))  // linear: zero Hessian
    }

    @Test func fanOutAccumulates() {
        // x used four times: d/dx (x·x + x + sin x) = 2x + 1 + cos x.
        let x = 0.7
        expectClose(derivative(of: { x in x * x + x + sin(x) }, at: x), 2 * x + 1 + Foundation.cos(x), rtol: 1e-15, "a few ulps")
    }

    @Test func thirdDerivativeByRepeatedDifferentiation() {
        let x = Variable(tracking: Tensor(2))
        let y = pow(x, 4)
        let d1 = y.gradients(withRespectTo: [x], createGraph: true)[0]
        let d2 = d1.gradients(withRespectTo: [x], createGraph: true)[0]
        let d3 = d2.gradients(withRespectTo: [x], createGraph: true)[0]
        let d4 = d3.gradients(withRespectTo: [x])[0]
        #expect(d1.scalar == 32 && d2.scalar == 48 && d3.scalar == 48 && d4.scalar == 24)
    }

    @Test func nonFiniteValuesAreDetectable() {
        let (value, g) = valueAndGradient(of: { log($0).sum() }, at: Tensor([-1, 2]))
        #expect(value.isNaN)
        #expect(g.isFinite)  // 1/x is finite at −1 and 2: only the value is NaN
        let gs = gradient(of: { sqrt($0).sum() }, at: Tensor([0, 4]))
        #expect(!gs.isFinite)
        #expect(gs.firstNonFiniteIndex == [0])
        #expect(throws: LinearAlgebraError.self) { try gs.requireFinite("gradient") }
    }

    @Test func broadcastGradientsHaveInputShapes() {
        let m = Tensor([[1, 2, 3], [4, 5, 6]]), row = Tensor([1, 0, -1]), col = Tensor([[2], [3]]), s = Tensor(0.5)
        let g = gradients(of: { v in ((v[0] + v[1]) * v[2] - v[3]).sum() }, at: [m, row, col, s])
        #expect(g[0] == Tensor([[2, 2, 2], [3, 3, 3]]))
        #expect(g[1] == Tensor([5, 5, 5]))
        #expect(g[2] == Tensor([[6], [15]]))
        #expect(g[3] == Tensor(-6))
    }

    @Test func directionalDerivativeIsGradientDotDirection() {
        let u = Tensor([0.6, 0.8])
        let d = directionalDerivative(of: { v in v[0] * v[0] + 3 * v[1] }, at: Tensor([1, 2]), direction: u)
        expectClose(d, 2 * 0.6 + 3 * 0.8, rtol: 1e-15, "two products")
    }

    @Test func graphsAreReleasedAfterDifferentiation() {
        weak var firstOrder: Node?
        weak var secondOrder: Node?
        for i in 0..<1000 {
            let x = Tensor([Double(i), 1, 2])
            _ = gradient(of: { v in
                let y = (tanh(v) * v).sum()
                if i == 999 { firstOrder = y.node }
                return y
            }, at: x)
            _ = hessianVectorProduct(of: { v in
                let y = (sin(v) * v).sum()
                if i == 999 { secondOrder = y.node }
                return y
            }, at: x, direction: x)
        }
        #expect(firstOrder == nil, "the first-order tape outlived the call")
        #expect(secondOrder == nil, "the recorded gradient graph outlived the call")
    }

    @Test func longChainsDoNotOverflowTheStack() {
        // 10⁵ chained additions: the sort is iterative, and releasing the graph must be too.
        let g = derivative(of: { x in
            var y = x
            for _ in 0..<100_000 { y = y + 1e-9 * x }
            return y
        }, at: 1)
        expectClose(g, 1 + 1e-4, rtol: 1e-12, "10⁵ additions of 1e-9 accumulate rounding ~1e-12")
    }

    @Test func constantsRecordNothing() {
        let c = Variable(Tensor([1, 2]))
        let y = exp(c) * c + 1
        #expect(!y.isTracked)
        #expect(y.value == exp(Tensor([1, 2])) * Tensor([1, 2]) + 1)
    }

    @Test func finiteDifferenceSchemesAndCheck() {
        let f: (Tensor) -> Double = { x in Foundation.exp(x.scalars[0]) * x.scalars[1] }
        let x = Tensor([0.3, 2])
        let exact = Tensor([Foundation.exp(0.3) * 2, Foundation.exp(0.3)])
        expectClose(finiteDifferenceGradient(of: f, at: x, scheme: .forward), exact, rtol: 1e-7, "forward: O(√ε)")
        expectClose(finiteDifferenceGradient(of: f, at: x, scheme: .central), exact, rtol: 1e-9, "central: O(ε^(2/3))")
        // A wrong "derivative" (stop-gradient on one factor) is caught by the checker.
        let wrong = checkGradient(of: { v in exp(v[0]) * v[1].detached }, at: x)
        #expect(wrong.maxRelativeError > 0.1)
        #expect(wrong.worstIndex == 1)
    }
}

/// The broadcasting helpers against the general element-wise path.
@Suite("Broadcasting adjoints")
struct BroadcastingTests {
    @Test(arguments: [([3], [4, 3]), ([1, 3], [4, 3]), ([4, 1], [4, 3]), ([2, 1, 3], [2, 5, 3]), ([1], [2, 2]), ([3], [2, 2, 3])])
    func broadcastAndSumAreAdjoint(source: [Int], target: [Int]) {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.randomNormal(source, using: &rng), y = Tensor.randomNormal(target, using: &rng)
        // Reference: the general broadcasting kernel.
        let expected = Tensor(shape: target, repeating: 0) + x
        #expect(Variable(x).broadcasted(to: target).value == expected)
        // ⟨B x, y⟩ = ⟨x, Bᵀ y⟩ where Bᵀ is summed(toShape:).
        let lhs = (expected * y).sum(), rhs = (x * Variable(y).summed(toShape: source).value).sum()
        expectClose(lhs, rhs, rtol: 1e-13, "same products summed in another order")
    }
}

@Suite("Vectorized tanh")
struct VectorizedTanhTests {
    @Test func agreesWithLibmToAFewUlps() {
        var worst = 0.0
        var xs: [Double] = [0, -0.0, 1e-300, -1e-10, 0.3, 0.6249, 0.625, 0.6251, -1, 2.5, 10, 19.9, 20, 21, 400, -400, .infinity, -.infinity]
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20000 { xs.append(rng.nextNormal() * 4) }
        for x in xs {
            let ours = tanhKernel(x), libm = Foundation.tanh(x)
            let error = libm == 0 ? Swift.abs(ours) : Swift.abs(ours - libm) / Swift.abs(libm)
            worst = Swift.max(worst, error)
        }
        // 3 ulp of 1.0 is 6.7e-16: the large-|x| branch rounds in e^t, the division and the
        // subtraction.
        #expect(worst <= 7e-16, "worst relative error \(worst)")
        #expect(tanhKernel(.nan).isNaN)
        // Large tensors take the multi-threaded path: every chunk must be filled.
        let big = Tensor.randomNormal([3, parallelTanhThreshold], using: &rng) * 3
        expectClose(tanh(Variable(big)).value, big.map { Foundation.tanh($0) }, rtol: 7e-16, atol: 1e-300, "same kernel, ≤ 3 ulp")
        #expect(tanhKernel(-0.0).sign == .minus)
    }
}

/// Operations the JAX battery does not reach, checked against finite differences (gradient) and
/// against central differences of the gradient (Hessian–vector product).
@Suite("Finite-difference coverage of the remaining operations")
struct RemainingOperationTests {
    static let functions: [(String, (Variable) -> Variable)] = [
        ("outer", { x in (outer(x.slice(0..<2), x.slice(2..<5)) * Tensor([[1, -2, 3], [0.5, 1, -1]])).sum() }),
        ("row and column", { x in
            let m = x.slice(0..<4).reshaped([2, 2])
            return (m.row(0) * m.column(1)).sum() + sin(m[1, 0]) * x[4]
        }),
        ("vector-left matmul", { x in
            let w = Variable(Tensor([[1, 2], [3, -1], [0.5, 0.25]]))
            return pow(matmul(x.slice(0..<3), w), 2).sum() + x.slice(3..<5).matmul(x.slice(1..<3))
        }),
        ("softmax cross-entropy of one example", { x in softmaxCrossEntropy(logits: x, labels: Tensor([0.1, 0.2, 0.3, 0.4, 0])) }),
        ("scalar on the left", { x in (2 / (x * x + 1)).sum() + (5 - x).mean() + (3 + x * 2).sum() }),
        ("flattened, transposed, mean", { x in
            let m = x.reshaped([1, 5]).transposed
            return (m.flattened * exp(m.mean())).sum() + m.mean(alongAxis: 0).sum()
        }),
        ("softmax along rows", { x in
            let m = Variable.concatenate([x, 2 * x], axis: 0).reshaped([2, 5])
            return (softmax(m, alongAxis: 1) * Tensor([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]])).sum()
        }),
        ("binary cross-entropy and mse", { x in
            binaryCrossEntropy(logits: x, labels: Tensor([1, 0, 1, 1, 0])) + meanSquaredError(tanh(x), Tensor([0, 1, 0, -1, 0.5]))
        }),
    ]

    static let point = Tensor([0.3, -1.1, 0.8, 1.7, -0.4])
    static let direction = Tensor([1, 0.5, -0.25, 2, -1])

    @Test(arguments: functions.indices)
    func gradientAndHVPAgreeWithFiniteDifferences(index: Int) {
        let (name, f) = Self.functions[index]
        let check = checkGradient(of: f, at: Self.point)
        // Central differences of O(1) smooth functions: ~1e-10, see the JAX-battery tests.
        #expect(check.maxRelativeError < 1e-7, "\(name): \(check.maxRelativeError)")
        let h = FiniteDifferenceScheme.central.step(at: 1)
        let fd = (gradient(of: f, at: Self.point + h * Self.direction) - gradient(of: f, at: Self.point - h * Self.direction)) / (2 * h)
        expectClose(hessianVectorProduct(of: f, at: Self.point, direction: Self.direction), fd, rtol: 1e-6, atol: 1e-6,
                    "\(name): central difference of the gradient, accurate to ~ε^(2/3)·scale")
        // The Hessian is symmetric up to rounding and its product with the direction is the HVP.
        let hessianMatrix = hessian(of: f, at: Self.point)
        expectClose(hessianMatrix, hessianMatrix.transposed, rtol: 1e-12, atol: 1e-13, "\(name): ∂²f/∂xᵢ∂xⱼ by two sweeps")
        expectClose(matmul(hessianMatrix, Self.direction), hessianVectorProduct(of: f, at: Self.point, direction: Self.direction),
                    rtol: 1e-12, atol: 1e-13, "\(name): same products in another order")
    }
}

/// Stable formulations: large arguments neither overflow nor lose the derivative.
@Suite("Numerical stability")
struct StabilityTests {
    @Test func logSumExpOfLargeValues() {
        let x = Tensor([1000, 1000, -1000])
        let (value, g) = valueAndGradient(of: { $0.logSumExp() }, at: x)
        expectClose(value, 1000 + Foundation.log(2.0), rtol: 1e-15, "shifted by the maximum, exact but for one log")
        expectClose(g, Tensor([0.5, 0.5, 0]), rtol: 1e-15, atol: 1e-300, "softmax, e^(−2000) underflows to 0")
        let rows = Tensor([[1000, 999], [-1000, -1001]])
        let perRow = Variable(rows).logSumExp(alongAxis: 1).value
        let expected = 1000 + Foundation.log1p(Foundation.exp(-1.0))
        expectClose(perRow, Tensor([expected, expected - 2000]), rtol: 1e-15, "per-row shift")
    }

    @Test func softplusSigmoidAndLogisticLossAtExtremes() {
        let x = Tensor([-1000, -40, 0, 40, 1000])
        let (value, g) = valueAndGradient(of: { softplus($0).sum() }, at: x)
        expectClose(value, 40 + 1000 + Foundation.log(2.0) + 2 * Foundation.log1p(Foundation.exp(-40.0)), rtol: 1e-15, "log1p form")
        expectClose(g, Tensor([0, 1 / (1 + Foundation.exp(40.0)), 0.5, 1 / (1 + Foundation.exp(-40.0)), 1]), rtol: 1e-14, atol: 1e-300, "σ without overflow")
        let (loss, gl) = valueAndGradient(of: { binaryCrossEntropy(logits: $0, labels: Tensor([1, 0, 1, 0, 0])) }, at: x)
        #expect(loss.isFinite && gl.isFinite)
        expectClose(loss, (1000 + 0 + Foundation.log(2.0) + 40 + 1000) / 5, rtol: 1e-12, "dominated by the two confidently wrong examples")
    }
}
