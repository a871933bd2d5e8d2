@testable import DescentCore
import DescentLearn
import Testing
import _TestSupport

/// `CenteredCrossProducts` (the normal equations of ridge and of the lasso's Gram form) against the
/// textbook two-pass sums Σsᵢ(xᵢ − x̄)(xᵢ − x̄)ᵀ computed here element by element: exact math, so the
/// only differences are rounding.
@Suite("Linear models: centred cross products")
struct LinearCrossProductsTests {
    /// Two passes, straight from the definitions: the means first, then the centred sums.
    static func twoPass(_ x: Tensor, _ y: Tensor, _ s: [Double]?, centered: Bool)
        -> (gram: [Double], xty: [Double], yy: Double, xMean: [Double], yMean: Double) {
        let (n, d) = (x.shape[0], x.shape[1])
        let weight = { (i: Int) in s?[i] ?? 1 }
        let total = (0..<n).reduce(0.0) { $0 + weight($1) }
        var mean = [Double](repeating: 0, count: d), yMean = 0.0
        if centered {
            for i in 0..<n {
                for j in 0..<d { mean[j] += weight(i) * x[i, j] / total }
                yMean += weight(i) * y[i] / total
            }
        }
        var gram = [Double](repeating: 0, count: d * d), xty = [Double](repeating: 0, count: d), yy = 0.0
        for i in 0..<n {
            let r = y[i] - yMean
            for j in 0..<d {
                let a = x[i, j] - mean[j]
                xty[j] += weight(i) * a * r
                for k in 0..<d { gram[j * d + k] += weight(i) * a * (x[i, k] - mean[k]) }
            }
            yy += weight(i) * r * r
        }
        return (gram, xty, yy, mean, yMean)
    }

    /// Rows i: a trend (i/n, so the first block's mean is far from the overall one), a column with
    /// mean 10⁶ and spread 1 (the textbook XᵀX − W·x̄x̄ᵀ would lose every digit of it) and noise.
    static func data(rows n: Int) -> (Tensor, Tensor, [Double]) {
        var g = SeededGenerator(seed: 91)
        let noise = Tensor.randomNormal([n, 3], using: &g)
        let x = Tensor(rows: n, columns: 3) { i, j in
            j == 0 ? Double(i) / Double(n) + 0.1 * noise[i, 0] : (j == 1 ? 1e6 + noise[i, 1] : noise[i, 2])
        }
        let y = Tensor((0..<n).map { i in 2 * x[i, 0] - x[i, 2] + 0.5 * noise[i, 1] + 3 })
        let s = (0..<n).map { Double(1 + $0 % 3) }
        return (x, y, s)
    }

    @Test("match the two-pass sums with and without centring and weights, over several blocks")
    func matchTwoPass() {
        // Blocks of 64 rows: 1000 rows make 16 blocks, the last one partial; 7 rows, one block.
        for n in [7, 1000] {
            let (x, y, s) = Self.data(rows: n)
            for centered in [true, false] {
                for weights in [nil, s] {
                    let products = CenteredCrossProducts(x, y, weights: weights.map { Tensor($0) }, centered: centered,
                                                         blockRows: 64)
                    let expected = Self.twoPass(x, y, weights, centered: centered)
                    let label = "n=\(n) centred=\(centered) weighted=\(weights != nil)"
                    // Sums of n terms in a different order (blocked BLAS vs the loop): ~n·ε relative to
                    // the largest term. Uncentred, the 10⁶ column dominates, so compare on its scale.
                    let scale = expected.gram.map(Swift.abs).max()!
                    expectClose(products.gram.scalars, expected.gram, rtol: 1e-9, atol: 1e-10 * scale, label)
                    let xtyScale = expected.xty.map(Swift.abs).max()!
                    expectClose(products.xty.scalars, expected.xty, rtol: 1e-9, atol: 1e-10 * xtyScale, label)
                    expectClose(products.targetSquaredNorm, expected.yy, rtol: 1e-9, label)
                    expectClose(products.xMean.scalars, expected.xMean, rtol: 1e-12, atol: 1e-12, label)
                    expectClose(products.yMean, expected.yMean, rtol: 1e-12, atol: 1e-12, label)
                    #expect(products.weightSum == (weights?.reduce(0, +) ?? Double(n)), "\(label)")
                    #expect(products.gram.shape == [3, 3])
                }
            }
        }
    }

    @Test("empty shapes: no rows gives zeros, no columns gives 0 × 0")
    func emptyShapes() {
        let none = CenteredCrossProducts(Tensor.zeros([0, 2]), Tensor.zeros([0]), centered: true)
        #expect(none.gram == Tensor.zeros([2, 2]) && none.xty == Tensor.zeros([2]) && none.weightSum == 0)
        let noColumns = CenteredCrossProducts(Tensor.zeros([3, 0]), Tensor([1, 2, 6]), centered: true)
        #expect(noColumns.gram.shape == [0, 0] && noColumns.yMean == 3)
        expectClose(noColumns.targetSquaredNorm, 14, rtol: 1e-15)
    }

    @Test("NaN or ±∞ in X is found through the Gram diagonal (ridge, the lasso's Gram form), even on a 0-weight row")
    func nonFiniteThroughTheGram() throws {
        let (x0, y, _) = Self.data(rows: 40)
        for (value, model) in [(Double.infinity, "ridge"), (-.infinity, "lasso"), (.nan, "lasso")] {
            var x = x0
            x[17, 2] = value
            var weights = Tensor.ones([40])
            weights[17] = 0
            let error = thrownError(LinearModelError.self) {
                model == "ridge" ? try Ridge(fitIntercept: false).fit(x, y, sampleWeights: weights)
                    : try Lasso(alpha: 0.1, gram: .automatic).fit(x, y, sampleWeights: weights)
            }
            #expect(error?.description == "X: entry (17, 2) is \(value), but all entries must be finite", "\(model)")
        }
    }
}
