@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Batched reverse sweeps (k seeds stacked along a leading axis) must give, seed for seed, what k
/// separate sweeps give, for every operation that claims a batched pullback; and an operation
/// without one must make the batched sweep decline rather than answer wrongly.
@Suite("Batched reverse sweeps")
struct BatchedSweepTests {
    /// Functions ℝⁿ → ℝ (n = `dimension`) that together use every operation with a batched
    /// pullback, and their second-order graphs (the pullbacks of those pullbacks). The vectors
    /// have as many elements as there are seeds, so a pullback that broadcast a stacked cotangent
    /// along the wrong axis would still find matching shapes and be caught by the values.
    static let dimension = 6
    static let matrix = Tensor(shape: [3, 2], scalars: [0.9, -0.4, 0.3, 1.2, -0.7, 0.5])
    // Immutable fixtures of pure closures, read by tests that run in parallel: never mutated, so sharing is safe.
    nonisolated(unsafe) static let cases: [(String, (Variable) -> Variable)] = [
        ("arithmetic", { x in
            let a = x.slice(0..<3), b = x.slice(3..<6)
            return (a * b + a / (b * b + 1) - (2 - a) * 3 + (-b) / 4 + 1.5 / (a * a + 2)).sum() }),
        ("scalar arithmetic", { x in ((x + 1) * (x - 2) * 0.5 / 3 + (5 - x) * (x * 2)).mean() }),
        ("broadcasting", { x in
            let m = x.reshaped([2, 3]), row = x.slice(0..<3), first = x[0]
            return (m * row + m / (first * first + 1) - row.broadcasted(to: [2, 3]) * m).sum()
                + (m * m).summed(toShape: [1, 3]).sum() }),
        ("indexing and slices", { x in
            let m = x.reshaped([3, 2])
            return m[0, 1] * m[2, 0] + x[3] * x[3] * x[1]
                + (m.slice(rows: 1..<3, columns: 0..<2) * m.slice(rows: 0..<2, columns: 0..<2)).sum()
                + (m.row(1) * m.column(0).slice(0..<2)).sum() }),
        ("transpose and matmul", { x in
            let m = x.reshaped([3, 2]), a = Variable(BatchedSweepTests.matrix)
            let p = matmul(m.transposed, m) + matmul(m, a, transposeA: true) + matmul(a, m, transposeB: true).transposed.slice(rows: 0..<2, columns: 0..<2)
            return (p * p).sum() + (matmul(m, m, transposeB: true) * matmul(a, a, transposeB: true)).sum() }),
        ("matrix–vector products", { x in
            let m = x.reshaped([2, 3]), v = x.slice(0..<3)
            return dot(matmul(m, v), matmul(m, v)) + (matmul(v.slice(0..<2), m) * v).sum() + outer(v, v).sum() }),
        ("reductions", { x in
            let m = x.reshaped([2, 3])
            return (m * m).sum(alongAxis: 0).sum() + (m * x.slice(0..<3)).mean(alongAxis: 1).squaredNorm()
                + m.logSumExp() + (m * 2).logSumExp(alongAxis: 1).sum() + x.norm() }),
        ("elementary functions", { x in
            (exp(x * 0.3) + log(x * x + 1) + sqrt(x * x + 2) + pow(x * x + 1, 1.5) + sin(x) * cos(x) + tan(x * 0.2)
                + atan(x) + erf(x) + abs(x) * x + pow(x * x + 1, x * 0.5)).sum()
                + atan2(x.slice(0..<3), x.slice(3..<6) + 3).sum() }),
        ("activations and losses", { x in
            let m = x.reshaped([2, 3]), labels = Tensor([[0, 1, 0], [1, 0, 0]])
            return (tanh(x) * x + sigmoid(x) * x + softplus(x) + relu(x) * x + leakyRelu(x, negativeSlope: 0.1) * x + gelu(x)).sum()
                + softmaxCrossEntropy(logits: m, labels: labels) + binaryCrossEntropy(logits: x, labels: Tensor([1, 0, 1, 1, 0, 0]))
                + meanSquaredError(predictions: tanh(m), targets: Tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])) + (softmax(m, alongAxis: 1) * logSoftmax(m)).sum() }),
        ("a tanh network", { x in
            let w = x.reshaped([3, 2]), inputs = Variable(BatchedSweepTests.matrix.transposed)
            return meanSquaredError(predictions: matmul(tanh(matmul(inputs, w) + x.slice(4..<6)), x.slice(0..<2)), targets: Tensor([0.5, -0.5])) }),
        ("max, min and clamp", { x in
            (maximum(x, x.slice(0..<1).broadcasted(to: [6])) * x + minimum(x * x, 0.5) * x + clamp(x, -0.5, 0.5) * x * x).sum() }),
    ]
    static let point = Tensor([0.7, -1.3, 0.4, 1.9, -0.2, 1.1])

    @Test(arguments: 0..<cases.count)
    func secondOrderBatchedSweepMatchesOneSweepPerSeed(_ index: Int) throws {
        let (name, f) = Self.cases[index]
        let leaf = Variable(tracking: Self.point)
        let g = f(leaf).gradients(withRespectTo: [leaf], createGraph: true)[0]
        let n = Self.dimension
        let identity = Tensor.identity(n)
        let stacked = try #require(g.batchedGradients(withRespectTo: [leaf], seeds: identity)?[0], "\(name): batched sweep declined")
        #expect(stacked.shape == [n, n])
        let rows = (0..<n).map { i in g.gradients(withRespectTo: [leaf], seed: Variable(Tensor.oneHot([n], at: i)))[0].value }
        // Same operations on the same numbers; only BLAS may sum a stacked product in another order.
        expectClose(stacked, Tensor.verticallyStacked(rows), rtol: 1e-13, atol: 1e-13, "\(name): GEMM vs GEMV summation order")
        // A general batch (not the identity) checks linearity in the seeds too.
        var generator = SeededGenerator(seed: 7)
        let seeds = Tensor.randomNormal([4, n], using: &generator)
        let mixed = try #require(g.batchedGradients(withRespectTo: [leaf], seeds: seeds)?[0])
        expectClose(mixed, matmul(seeds, stacked), rtol: 1e-12, atol: 1e-12, "\(name): Σⱼ sⱼ·rowⱼ, rounding of the combination")
    }

    @Test(arguments: 0..<cases.count)
    func hessianMatchesJacobianOfGradientByCentralDifferences(_ index: Int) {
        let (name, f) = Self.cases[index]
        let h = hessian(of: f, at: Self.point)
        // Central differences of the exact gradient: error O(δ²·f⁗) + O(ε/δ), about 1e-7 here.
        let delta = 1e-5
        var columns = [Tensor]()
        for j in 0..<Self.dimension {
            let e = Tensor.oneHot([Self.dimension], at: j, value: delta)
            columns.append((gradient(of: f, at: Self.point + e) - gradient(of: f, at: Self.point - e)) / (2 * delta))
        }
        expectClose(h, Tensor.verticallyStacked(columns).transposed, rtol: 1e-6, atol: 1e-6, "\(name): central differences, step 1e-5")
        expectClose(h, h.transposed, rtol: 1e-12, atol: 1e-12, "\(name): a Hessian is symmetric up to rounding")
    }

    @Test func firstOrderBatchedSweepGivesJacobianRows() throws {
        // f: ℝ⁶ → ℝ⁴ mixing products, slices and a matmul; reverse rows vs one sweep per output.
        let f: (Variable) -> Variable = { x in
            let m = x.reshaped([2, 3])
            return Variable.concatenate([matmul(m, x.slice(0..<3)), (sin(x.slice(2..<4)) * x.slice(4..<6))])
        }
        let leaf = Variable(tracking: Self.point)
        let y = f(leaf)
        let stacked = try #require(y.batchedGradients(withRespectTo: [leaf], seeds: Tensor.identity(4))?[0])
        let rows = (0..<4).map { i in y.gradients(withRespectTo: [leaf], seed: Variable(Tensor.oneHot([4], at: i)))[0].value }
        expectClose(stacked, Tensor.verticallyStacked(rows), rtol: 1e-14, atol: 1e-14, "same products, GEMM vs GEMV order")
        expectClose(jacobian(of: f, at: Self.point), stacked, rtol: 0, atol: 0, "jacobian(of:at:) takes the batched rows")
        // Matrices joined along either axis.
        let joined: (Variable) -> Variable = { x in
            let m = x.reshaped([2, 3])
            return Variable.concatenate([Variable.concatenate([m * m, sin(m)], axis: 0), Variable.concatenate([m, m], axis: 0) * 2], axis: 1)
        }
        let z = joined(leaf)
        let seeds = Tensor.identity(24).reshaped([24, 4, 6])
        let zs = try #require(z.batchedGradients(withRespectTo: [leaf], seeds: seeds)?[0])
        let zrows = (0..<24).map { i in z.gradients(withRespectTo: [leaf], seed: Variable(Tensor.oneHot([4, 6], at: i)))[0].value }
        expectClose(zs.reshaped([24, 6]), Tensor.verticallyStacked(zrows), rtol: 0, atol: 0, "slices of the same cotangents")
    }

    @Test func tallJacobianComesFromBatchedForwardColumns() throws {
        // f: ℝ³ → ℝ⁵ (m > n): columns J·eₖ through the recorded transpose, in one batched sweep.
        let f: (Variable) -> Variable = { x in
            Variable.concatenate([x * x.slice(1..<2).broadcasted(to: [3]), exp(x.slice(0..<2)) / (x.sum() + 4)])
        }
        let x = Tensor([0.3, -0.8, 1.4])
        let leaf = Variable(tracking: x)
        let transposed = LinearizedTranspose(output: f(leaf), input: leaf)
        #expect(transposed.transposeProduct.batchedGradients(withRespectTo: [transposed.cotangentSeed], seeds: Tensor.identity(3)) != nil)
        let columns = (0..<3).map { k in jvp(of: f, at: x, direction: Tensor.oneHot([3], at: k)).differential }
        expectClose(jacobian(of: f, at: x), Tensor.verticallyStacked(columns).transposed, rtol: 1e-15, atol: 1e-15,
                    "the same sweeps, stacked")
        let (s, e) = (x.sum() + 4, x.scalars.map { Foundation.exp($0) })
        // Row 3 is ∂(e^{x₀}/s)/∂x = (e^{x₀}/s)·(1 − 1/s, −1/s, −1/s): exact formula, a few roundings.
        let row3 = Tensor([e[0] / s * (1 - 1 / s), -e[0] / (s * s), -e[0] / (s * s)])
        expectClose(jacobian(of: f, at: x).row(3), row3, rtol: 1e-14, atol: 1e-15, "closed form")
    }

    @Test func blocksOfRowsCoverEveryRowWhateverTheBudget() {
        // 7 outputs in blocks of 1, 2, 3 and 7 rows (the last block shorter), against one block.
        let f: (Variable) -> Variable = { x in x * x.slice(0..<1).broadcasted(to: [7]) + sin(x) }
        let x = Tensor([0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7])
        let leaf = Variable(tracking: x)
        let y = f(leaf)
        let whole = y.jacobianRows(withRespectTo: leaf)
        let nodeElements = y.graphElementCounts.total
        for rowsPerBlock in [1, 2, 3, 7] {
            let blocked = y.jacobianRows(withRespectTo: leaf, elementBudget: rowsPerBlock * nodeElements)
            expectClose(blocked, whole, rtol: 0, atol: 0, "blocks of \(rowsPerBlock) rows: the same arithmetic per row")
        }
        var expected = Tensor.diagonal(x.scalars.map { x[0] + Foundation.cos($0) })
        for i in 0..<7 { expected[i, 0] += x[i] }
        expectClose(whole, expected, rtol: 1e-15, atol: 1e-15, "∂(xᵢx₀ + sin xᵢ)/∂xⱼ")
    }

    @Test func unbatchedOperationMakesTheSweepDeclineAndHessianFallsBack() {
        // log|det| has no batched pullback: the Hessian comes from one sweep per row.
        // f(x) = log|det diag(x)| + Σ xᵢ³ = Σ log|xᵢ| + Σ xᵢ³, so H = diag(−1/xᵢ² + 6xᵢ).
        let n = Self.dimension
        let f: (Variable) -> Variable = { x in
            logAbsDeterminant(x.broadcasted(to: [n, n]) * Variable(Tensor.identity(n))) + (x * x * x).sum()
        }
        let leaf = Variable(tracking: Self.point)
        let g = f(leaf).gradients(withRespectTo: [leaf], createGraph: true)[0]
        #expect(g.batchedGradients(withRespectTo: [leaf], seeds: Tensor.identity(n)) == nil)
        let expected = Tensor.diagonal(Self.point.scalars.map { -1 / ($0 * $0) + 6 * $0 })
        expectClose(hessian(of: f, at: Self.point), expected, rtol: 1e-13, atol: 1e-13, "closed form; the inverse in the pullback rounds")
    }

    @Test func emptyBatchGivesEmptyProducts() {
        // k = 0 seeds: no sweep at all, an empty stack of products of the right trailing shape.
        let h = HessianOperator(of: { x in (x * x * x).sum() }, at: Tensor([1, 2, 3]))
        #expect(h.apply(toEach: Tensor.zeros([0, 3])).shape == [0, 3])
        let leaf = Variable(tracking: Tensor([1, 2]))
        #expect((leaf * leaf).batchedGradients(withRespectTo: [leaf], seeds: Tensor.zeros([0, 2]))?[0].shape == [0, 2])
    }

    @Test func constantFunctionHasZeroRowsInABatch() {
        let leaf = Variable(tracking: Tensor([1, 2, 3]))
        let y = Variable(Tensor([4, 5]))  // does not depend on the leaf
        let stacked = y.batchedGradients(withRespectTo: [leaf], seeds: Tensor.identity(2))
        #expect(stacked?[0] == Tensor.zeros([2, 3]))
        #expect(hessian(of: { x in (x * 0).sum() + 1 }, at: Tensor([1, 2])) == Tensor.zeros([2, 2]))
    }
}
