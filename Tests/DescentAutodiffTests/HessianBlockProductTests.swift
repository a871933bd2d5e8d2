@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// `HessianOperator.apply(toColumnsOf:)` sends all columns through batched reverse sweeps; it must
/// give, column for column, what one Hessian–vector product per column gives, on every path
/// (batched, blocked under a memory budget, one sweep per column when an operation has no batched
/// pullback), and the block methods of DescentCore must reach it.
@Suite("Hessian block products")
struct HessianBlockProductTests {
    /// H·X one column at a time: the reference.
    static func columnByColumn(_ h: HessianOperator, _ x: Tensor) -> Tensor {
        Tensor.stack((0..<x.shape[1]).map { h.apply(x.column($0)) }, axis: 1)
    }

    static func directions(_ n: Int, _ k: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.randomNormal([n, k], using: &generator)
    }

    /// A 3-4-1 tanh network on 8 samples, mean squared error; θ = (W1 3×4, b1 4, W2 4, b2 1), 21
    /// parameters. Its Hessian has real GEMMs in both sweeps.
    static func tanhNetwork(_ t: Variable) -> Variable {
        var generator = SeededGenerator(seed: 31)
        let x = Variable(Tensor.randomNormal([8, 3], using: &generator))
        let y = Tensor.randomNormal([8], using: &generator)
        let w1 = t.slice(0..<12).reshaped([3, 4]), b1 = t.slice(12..<16), w2 = t.slice(16..<20), b2 = t.slice(20..<21)
        return meanSquaredError(predictions: matmul(tanh(matmul(x, w1) + b1), w2) + b2, targets: y)
    }

    static let tanhPoint: Tensor = {
        var generator = SeededGenerator(seed: 32)
        return Tensor.randomNormal([21], standardDeviation: 0.8, using: &generator)
    }()

    @Test(arguments: 0..<BatchedSweepTests.cases.count)
    func blockProductMatchesOneProductPerColumn(_ index: Int) {
        let (name, f) = BatchedSweepTests.cases[index]
        let h = HessianOperator(of: f, at: BatchedSweepTests.point)
        // 9 columns > n = 6, so a pullback that confused the batch axis with a data axis of the
        // same extent would show.
        let x = Self.directions(BatchedSweepTests.dimension, 9, seed: UInt64(index))
        // The same operations on the same numbers, except that a matmul pullback makes one GEMM
        // for the whole stack where each column makes its own: BLAS may sum an inner product of
        // length ≤ 6 in another order (a few ulps of entries of size ≤ ~10). As BatchedSweepTests.
        expectClose(h.apply(toColumnsOf: x), Self.columnByColumn(h, x), rtol: 1e-13, atol: 1e-13, "\(name): GEMM vs GEMV summation order")
        expectClose(h.applyTransposed(toColumnsOf: x), h.apply(toColumnsOf: x), rtol: 0, atol: 0, "\(name): Hᵀ·X is H·X, the same call")
    }

    @Test func tanhNetworkAndMatrixShapedPoint() {
        let h = HessianOperator(of: Self.tanhNetwork, at: Self.tanhPoint)
        let x = Self.directions(21, 25, seed: 5)
        let reference = Self.columnByColumn(h, x)
        // Inner products of length ≤ 8 (samples) and ≤ 4 (hidden units) summed in another order:
        // a few ulps of the largest terms, so relative to the largest entry of H·X.
        let scale = reference.norm(.infinity)
        expectClose(h.apply(toColumnsOf: x), reference, rtol: 1e-13, atol: 1e-13 * scale, "GEMM over the stack vs one GEMM per column")
        expectClose(reference, matmul(hessian(of: Self.tanhNetwork, at: Self.tanhPoint), x), rtol: 1e-12, atol: 1e-12 * scale,
                    "the dense Hessian times X: its rows come from the same sweeps, the product from BLAS")

        // A matrix-shaped point: columns are the flattened directions.
        let f: (Variable) -> Variable = { w in (tanh(matmul(w.transposed, w)) * 0.5).sum() + (w * w * w).sum() }
        let w = Tensor([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.8]])
        let hw = HessianOperator(of: f, at: w)
        let y = Self.directions(6, 4, seed: 6)
        expectClose(hw.apply(toColumnsOf: y), Self.columnByColumn(hw, y), rtol: 1e-13, atol: 1e-13, "GEMM vs GEMV summation order")
        #expect(hw.apply(toColumnsOf: Tensor.zeros([6, 0])).shape == [6, 0])
    }

    @Test func blocksUnderASmallBudgetCoverEveryColumn() {
        let h = HessianOperator(of: Self.tanhNetwork, at: Self.tanhPoint)
        let x = Self.directions(21, 11, seed: 7)
        let whole = h.apply(toColumnsOf: x)
        let leaf = Variable(tracking: Self.tanhPoint)
        let nodeElements = Self.tanhNetwork(leaf).gradients(withRespectTo: [leaf], createGraph: true)[0].graphElementCounts.total
        let scale = whole.norm(.infinity)
        for columnsPerBlock in [1, 2, 3, 10] {
            // Blocks of 1, 2, 3 and 10 columns (11 = 10 + 1: the last block shorter).
            let blocked = h.apply(toColumnsOf: x, elementBudget: columnsPerBlock * nodeElements)
            // Per column the same arithmetic; only a GEMM over fewer stacked rows may pick another
            // BLAS kernel, hence summation order.
            expectClose(blocked, whole, rtol: 1e-13, atol: 1e-13 * scale, "blocks of \(columnsPerBlock) columns")
        }
    }

    @Test func operationWithoutBatchedPullbackFallsBackToOneProductPerColumn() {
        // log|det 2I| is a constant recorded through a determinant, which has no batched pullback:
        // the Hessian is that of the tanh network, and each column gets its own sweep.
        let f: (Variable) -> Variable = { t in
            Self.tanhNetwork(t) + logAbsDeterminant(Variable(Tensor.identity(3) * 2) + t.sum() * 0)
        }
        let h = HessianOperator(of: f, at: Self.tanhPoint)
        let x = Self.directions(21, 7, seed: 8)
        expectClose(h.apply(toColumnsOf: x), Self.columnByColumn(h, x), rtol: 0, atol: 0, "the fallback is one product per column, bit for bit")
        let scale = x.norm(.infinity)
        expectClose(h.apply(toColumnsOf: x), HessianOperator(of: Self.tanhNetwork, at: Self.tanhPoint).apply(toColumnsOf: x),
                    rtol: 1e-12, atol: 1e-12 * scale, "same Hessian; the determinant adds zeros, GEMM order")
    }

    /// Counts pullback calls: the identity, whose pullback is itself counted, so that every sweep
    /// over the recorded gradient (which holds the counted nodes of the first sweep) counts too.
    final class Counter { var calls = 0 }

    static func counted(_ x: Variable, _ counter: Counter) -> Variable {
        Variable.record(x.value, x) { c in
            counter.calls += 1
            return [counted(c.cotangent, counter)]
        }.supportingBatches()
    }

    @Test func blockMethodsMakeOneBatchedSweepPerBlockProduct() throws {
        let counter = Counter()
        let f: (Variable) -> Variable = { t in Self.tanhNetwork(Self.counted(t, counter)) }
        let h = HessianOperator(of: f, at: Self.tanhPoint)
        var before = counter.calls
        _ = h.apply(Tensor.oneHot([21], at: 0))
        let perSweep = counter.calls - before
        #expect(perSweep > 0)

        before = counter.calls
        _ = h.apply(toColumnsOf: Self.directions(21, 12, seed: 9))
        #expect(counter.calls - before == perSweep, "12 columns, one batched sweep")

        before = counter.calls
        let top = try subspaceIteration(h, count: 3, options: IterativeOptions(tolerance: 1e-10))
        #expect(top.termination == .convergedResidual)
        // Steps 0…iterations each make one block product H·V, the residuals one more.
        #expect(counter.calls - before == perSweep * (top.iterations + 2), "one sweep per step, not one per column")

        before = counter.calls
        _ = try RandomizedSVD(h, rank: 3, oversampling: 4, powerIterations: 2)
        #expect(counter.calls - before == perSweep * 6, "range finder 1 + 2·2 block products, then Bᵀ = HᵀQ = HQ")
    }

    @Test func subspaceIterationOnHessianMatchesDenseEigendecomposition() throws {
        let h = HessianOperator(of: Self.tanhNetwork, at: Self.tanhPoint)
        let k = 3
        let result = try subspaceIteration(h, count: k, options: IterativeOptions(tolerance: 1e-10))
        #expect(result.termination == .convergedResidual)
        let dense = try SymmetricEigen(hessian(of: Self.tanhNetwork, at: Self.tanhPoint))
        let lambda = dense.eigenvalues.scalars
        let top = lambda.indices.sorted { Swift.abs(lambda[$0]) > Swift.abs(lambda[$1]) }.prefix(k).sorted { lambda[$0] < lambda[$1] }
        let norm = lambda.map { Swift.abs($0) }.max()!
        // For a symmetric operator a unit v with residual r = Hv − θv has an eigenvalue within ‖r‖
        // of θ (and within ‖r‖²/gap for the one it approximates); the dense values carry ~nε‖H‖.
        let rounding = 1e-13 * norm
        expectClose(result.eigenvalues, Tensor(top.map { lambda[$0] }), rtol: 0, atol: result.maxResidual + rounding,
                    "Ritz values within the residual (≤ 1e-10·‖H‖) of the dense eigenvalues")
        for (c, i) in top.enumerated() {
            // Davis–Kahan: sin∠(v, w) ≤ ‖r‖/gap, so ‖v − ±w‖ ≤ √2·‖r‖/gap.
            let gap = lambda.indices.filter { $0 != i }.map { Swift.abs(lambda[$0] - lambda[i]) }.min()!
            let v = result.eigenvectors.column(c), w = dense.eigenvectors.column(i)
            let aligned = dot(v, w) < 0 ? w * -1 : w
            expectClose(v, aligned, rtol: 0, atol: 2 * (result.residuals.scalars[c] + rounding) / gap, "eigenvector \(c): residual/gap")
        }
    }
}
