@testable import DescentAutodiff
import DescentCore
import Testing
import _TestSupport

/// The data movements of batched sweeps (stacks of per-seed tensors along a leading axis) against
/// DescentCore's general operations: the same elements in the same places, and for sums the same
/// values up to the order of addition.
@Suite("Batching kernels")
struct BatchingKernelTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.randomNormal(shape, using: &generator)
    }

    @Test func stackTransposesAndAxisSwapsMoveElementsLikePermuted() {
        // Extents around the 32 × 32 tile, and rows of one element (a matrix transpose).
        for shape in [[3, 5, 7], [2, 33, 70], [4, 1, 9], [5, 40, 1], [0, 3, 4], [2, 3, 0]] {
            let x = Self.random(shape, seed: UInt64(shape.reduce(1, *)))
            #expect(x.stackTransposed() == x.permuted([0, 2, 1]), "\(shape)")
            #expect(x.leadingAxesSwapped() == x.permuted([1, 0, 2]), "\(shape)")
        }
    }

    @Test func stackAgainstOneValueGivesTheBroadcastResult() {
        let cases: [([Int], [Int])] = [([4, 3, 5], [3, 5]), ([1, 3, 5], [3, 5]), ([4, 3, 5], [1, 5]), ([2, 4, 3, 5], [1, 1, 5]),
                                       ([4, 3, 5], [3, 1]), ([4, 3, 5], [5]), ([4, 3, 5], [1]), ([2, 3], [3])]
        for (i, (big, small)) in cases.enumerated() {
            let a = Self.random(big, seed: UInt64(2 * i)), b = Self.random(small, seed: UInt64(2 * i + 1)) + 3
            // The same operation on the same pairs of numbers, whichever kernel computes it.
            #expect(Tensor.broadcastingStack(a, b, *) == a * b, "\(big) ⊙ \(small)")
            #expect(Tensor.broadcastingStack(b, a, -) == b - a, "\(small) − \(big)")
            #expect(Tensor.broadcastingStack(a, b, /) == a / b, "\(big) / \(small)")
            #expect(Tensor.broadcastingStack(b, a, +) == b + a, "\(small) + \(big)")
        }
    }

    @Test func broadcastRunsAndTheirSums() {
        #expect(Tensor.broadcastRun([4, 1, 5], [4, 3, 5])! == (4, 3, 5))
        #expect(Tensor.broadcastRun([5], [2, 3, 5])! == (1, 6, 5))
        #expect(Tensor.broadcastRun([2, 1, 1, 3], [2, 5, 4, 3])! == (2, 20, 3))
        #expect(Tensor.broadcastRun([2, 1], [2, 7])! == (2, 7, 1))
        #expect(Tensor.broadcastRun([1, 3, 1], [2, 3, 4]) == nil, "two runs")
        #expect(Tensor.broadcastRun([3, 5], [3, 5]) == nil, "nothing broadcast")
        for (i, (small, big)) in [([4, 1, 5], [4, 3, 5]), ([5], [2, 3, 5]), ([2, 1, 1, 3], [2, 5, 4, 3]), ([1, 3, 1], [2, 3, 4]),
                                  ([3, 1], [2, 3, 4]), ([1, 1, 5], [1, 3, 5])].enumerated() {
            let x = Self.random(small, seed: UInt64(10 + i))
            // Copies: exactly NumPy's broadcast_to, here DescentCore's general broadcasting loop.
            #expect(x.broadcasted(to: big) == Tensor(shape: big, repeating: 0) + x, "\(small) → \(big)")
            // Sums: one pass adding the repeats in order vs one reduction per axis; sums of at most
            // 20 terms of size ~1, so a few ulps.
            let y = Self.random(big, seed: UInt64(20 + i))
            var reference = y
            for _ in 0..<(big.count - small.count) { reference = reference.sum(alongAxis: 0) }
            for axis in small.indices where small[axis] == 1 && reference.shape[axis] != 1 {
                var kept = reference.shape
                kept[axis] = 1
                reference = reference.sum(alongAxis: axis).reshaped(kept)
            }
            expectClose(y.summed(toShape: small), reference, rtol: 1e-14, atol: 1e-14, "\(big) → \(small): order of ≤ 20 additions")
        }
    }
}
