@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

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
