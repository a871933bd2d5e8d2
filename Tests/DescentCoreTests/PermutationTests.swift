import DescentCore
import Testing

/// `Tensor.permuted` (merged axes, contiguous runs, tiled transposes) against the definition,
/// element by element: result[i₀, …, i_{r−1}] = self[j] with j_{order[k]} = i_k.
@Suite("Axis permutations")
struct PermutationTests {
    /// Every permutation of `0..<n`.
    static func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { p in (0...p.count).map { i in var q = p; q.insert(n - 1, at: i); return q } }
    }

    static func expectMatchesDefinition(_ shape: [Int], _ order: [Int]) {
        let x = Tensor(shape: shape) { Double($0) }
        let y = x.permuted(order)
        #expect(y.shape == order.map { shape[$0] }, "shape of \(shape) permuted by \(order)")
        let sourceStrides = x.strides
        var correct = true
        for k in 0..<y.count {
            // The multi-index of k in the result, then the source offset.
            var rest = k, source = 0
            for axis in stride(from: order.count - 1, through: 0, by: -1) {
                let extent = y.shape[axis]
                source += (rest % extent) * sourceStrides[order[axis]]
                rest /= extent
            }
            if y.scalars[k] != x.scalars[source] { correct = false; break }
        }
        #expect(correct, "\(shape) permuted by \(order)")
    }

    @Test(arguments: [[Int](), [5], [1], [0, 3], [3, 4], [33, 70], [1, 40], [40, 1], [64, 64]])
    func ranksZeroToTwo(shape: [Int]) {
        for order in Self.permutations(shape.count) { Self.expectMatchesDefinition(shape, order) }
    }

    @Test(arguments: [[2, 3, 4], [5, 1, 7], [1, 1, 9], [37, 45, 3], [3, 37, 45], [40, 2, 33], [0, 4, 5], [7, 33, 65]])
    func rankThree(shape: [Int]) {
        for order in Self.permutations(3) { Self.expectMatchesDefinition(shape, order) }
    }

    @Test(arguments: [[2, 3, 4, 5], [3, 1, 34, 5], [6, 7, 1, 33], [2, 35, 2, 36]])
    func rankFour(shape: [Int]) {
        for order in Self.permutations(4) { Self.expectMatchesDefinition(shape, order) }
    }

    @Test func transposedAgreesWithPermutingTheTwoAxes() {
        let a = Tensor(shape: [130, 77]) { Double($0) * 0.5 }
        #expect(a.permuted([1, 0]) == a.transposed)
    }
}
