import DescentCore
@testable import DescentOptimize
import Testing
import _TestSupport

/// `convexDoglegModel`: the positive-definite model the dogleg path uses where B is not positive definite.
@Suite struct DoglegModelTests {
    /// The curvature bound δ ≤ −λ₁(B) from B's failed Cholesky factorization (nil when B factors).
    func negativeCurvature(_ b: Tensor) -> Double? {
        if case .indefinite(let shortfall) = DenseShiftedMatrix(b).factor(shift: 0) { return shortfall }
        return nil
    }

    @Test func indefiniteHessianGetsTheGillMurrayModification() throws {
        // B = [[−1, ½], [½, 2]] has λ₁ = ½ − √(1.5² + ¼) ≈ −1.08: far below rounding, so B + E with E ⪰ 0
        // diagonal (Gill–Murray), positive definite, and p solves (B + E)p = −g.
        let b = Tensor([[-1, 0.5], [0.5, 2]]), g = Tensor([1, 1])
        let delta = try #require(negativeCurvature(b))
        #expect(delta > 0 && delta <= 1.0811388300841898 + 1e-12, "δ = \(delta) ≤ −λ₁")
        let model = try #require(convexDoglegModel(b, gradient: g, negativeCurvature: delta))
        let added = model.matrix - b
        #expect(added[0, 1] == 0 && added[1, 0] == 0 && added[0, 0] > 0 && added[1, 1] >= 0, "E diagonal, ⪰ 0: \(added)")
        #expect(throws: Never.self) { try Cholesky(model.matrix) }
        expectClose(matmul(model.matrix, model.newtonStep), -g, rtol: 1e-12, "(B + E)p = −g")
    }

    @Test func hessianSingularToWorkingPrecisionGetsAShiftOfTheIdentity() throws {
        // B = c·wwᵀ + 2I (w = 1…50, c = 1e16) is positive definite, but its condition ~10²⁰ makes Cholesky
        // fail on rounding: the model is B + τI with τ tiny against ‖B‖ (not Gill–Murray, whose additions
        // follow the rounding noise pivot by pivot).
        let n = 50
        let b = Tensor(rows: n, columns: n) { i, j in 1e16 * Double((i + 1) * (j + 1)) + (i == j ? 2 : 0) }
        let g = Tensor(shape: [n]) { Double($0 % 3) - 1 }
        let delta = try #require(negativeCurvature(b), "the premise: Cholesky fails on this B")
        #expect(delta <= Double.ulpOfOne.squareRoot() * b.norm(.two), "δ = \(delta) is at the rounding level of ‖B‖ = \(b.norm(.two))")
        let model = try #require(convexDoglegModel(b, gradient: g, negativeCurvature: delta))
        // B + τI: the off-diagonal untouched, one τ on the diagonal (seen through the rounding of bᵢᵢ + τ
        // at bᵢᵢ up to 2.5e19, so to 2ε·bᵢᵢ), and τ tiny against ‖B‖.
        let added = model.matrix - b
        let shift = added[0, 0]   // b₀₀ ≈ 1e16: its ulp is 2
        for i in 0..<n {
            for j in 0..<n where j != i { #expect(added[i, j] == 0) }
            expectClose(added[i, i], shift, rtol: 0, atol: 4 * Double.ulpOfOne * abs(b[i, i]), "τ at (\(i), \(i))")
        }
        #expect(shift > 0 && shift <= 1e-8 * b.norm(.two), "τ = \(shift), ‖B‖ = \(b.norm(.two))")
        expectClose(matmul(model.matrix, model.newtonStep), -g, rtol: 0, atol: 1e-6 * b.norm(.two) * model.newtonStep.norm(.two),
                    "(B + τI)p = −g to the backward error of Cholesky")
    }
}
