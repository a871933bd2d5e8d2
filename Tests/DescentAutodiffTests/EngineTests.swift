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

    @Test func higherDerivativesOfTanhThroughTheFusedPullbacks() {
        // t = tanh x: t″ = −2t(1 − t²), t‴ = (1 − t²)(6t² − 2), t⁗ = (1 − t²)·t·(16 − 24t²).
        let x0 = 0.7, t = Foundation.tanh(x0)
        let x = Variable(tracking: Tensor(x0))
        let d1 = tanh(x).gradients(withRespectTo: [x], createGraph: true)[0]
        let d2 = d1.gradients(withRespectTo: [x], createGraph: true)[0]
        let d3 = d2.gradients(withRespectTo: [x], createGraph: true)[0]
        let d4 = d3.gradients(withRespectTo: [x])[0]
        let why = "closed forms in tanh, a few ulps apart"
        expectClose(d1.scalar, 1 - t * t, rtol: 1e-14, why)
        expectClose(d2.scalar, -2 * t * (1 - t * t), rtol: 1e-14, why)
        expectClose(d3.scalar, (1 - t * t) * (6 * t * t - 2), rtol: 1e-13, why)
        expectClose(d4.scalar, (1 - t * t) * t * (16 - 24 * t * t), rtol: 1e-13, why)
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

    @Test func concatenatingScalarsMakesAVectorFunction() {
        // f(x, y) = (xy, x + y²): a vector function built from scalar pieces.
        let j = jacobian(of: { v in Variable.concatenate([v[0] * v[1], v[0] + v[1] * v[1]]) }, at: Tensor([2, 3]))
        #expect(j == Tensor([[3, 2], [1, 6]]))
    }

    @Test func directionalDerivativeIsGradientDotDirection() {
        let u = Tensor([0.6, 0.8])
        let d = directionalDerivative(of: { v in v[0] * v[0] + 3 * v[1] }, at: Tensor([1, 2]), direction: u)
        expectClose(d, 2 * 0.6 + 3 * 0.8, rtol: 1e-15, "two products")
    }

    @Test func graphsAreReleasedAfterDifferentiation() {
        weak var firstOrder: Node?
        weak var secondOrder: Node?
        weak var batched: Node?
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
            _ = hessian(of: { v in  // batched sweeps over the recorded gradient
                let y = (exp(v) * v).sum()
                if i == 999 { batched = y.node }
                return y
            }, at: x)
        }
        #expect(batched == nil, "the graph of a batched Hessian outlived the call")
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

    @Test func graphsSharingNodesAreReleasedSafelyOnSeveralThreads() {
        // Two threads build and drop graphs on top of the same tracked nodes (a leaf and x·x).
        // Releasing a graph must not write to nodes another thread can still reach: with a work
        // list linked through shared nodes this crashed (review of the allocation-free release).
        let x = Variable(tracking: Tensor([0.5, -1.5]))
        let shared = x * x
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2)
        defer { results.deallocate() }
        ParallelLoop.concurrentPerform(iterations: 2) { t in   // sharing read-only graphs across threads is the point here
            var last = 0.0
            for _ in 0..<20_000 {
                let y = ((shared * 2 + 1) * x).sum()
                last = y.scalar
            }
            results[t] = last
        }
        // Σ (2x² + 1)·x = 2Σx³ + Σx = 2(0.125 − 3.375) − 1 = −7.5, exact in binary.
        #expect(Array(results) == [-7.5, -7.5])
        let g = ((shared * 2 + 1) * x).sum().gradients(withRespectTo: [x])[0].value
        #expect(g == Tensor([6 * 0.25 + 1, 6 * 2.25 + 1]), "d/dx (2x³ + x) = 6x² + 1, exact")
    }

    @Test func releasingLongGraphsWithSharedInputsFreesEveryNode() {
        // Each step uses the previous node twice (x + x): the iterative release must neither link
        // a node twice (a cycle) nor free a node that is still referenced from outside.
        weak var leaf: Node?
        weak var middle: Node?
        weak var output: Node?
        var kept: Variable? = nil
        do {
            let x = Variable(tracking: Tensor(1))
            leaf = x.node
            var y = x
            for k in 0..<100_000 {
                y = (y + y) * 0.5
                if k == 50_000 { kept = y; middle = y.node }
            }
            output = y.node
            #expect(y.gradients(withRespectTo: [x])[0].value.scalar == 1)
        }
        #expect(output == nil, "the output's graph is released when its last variable goes")
        #expect(middle != nil && leaf != nil, "a node still referenced from outside survives with its inputs")
        if let kept {
            #expect(kept.gradients(withRespectTo: [kept])[0].value.scalar == 1)
        }
        kept = nil
        #expect(middle == nil && leaf == nil, "releasing the last outside reference frees the rest")
    }

    @Test func sortScratchIsResetForTheNextSweep() {
        // The depth-first search keeps its stack in the nodes; a second sweep over the same graph
        // (and over a graph sharing nodes with it) must start from clean scratch state.
        let x = Variable(tracking: Tensor([1.5, -2]))
        let shared = x[0] * x[1]
        let y = shared * shared + x[1]
        let z = sin(shared) + x[0]
        let first = y.gradients(withRespectTo: [x])[0].value
        #expect(first == y.gradients(withRespectTo: [x])[0].value)
        let s = 1.5 * -2.0
        expectClose(first, Tensor([2 * s * -2, 2 * s * 1.5 + 1]), rtol: 1e-15, "a few products and one sum")
        expectClose(z.gradients(withRespectTo: [x])[0].value, Tensor([Foundation.cos(s) * -2 + 1, Foundation.cos(s) * 1.5]),
                    rtol: 1e-15, "cos and two products, each correctly rounded")
        for node in Variable.topologicalOrder(from: y.node!) {
            #expect(node.sweepParent == nil && node.sweepNextInput == 0)
            node.sweepPosition = -1; node.sweepRelevant = false
        }
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
