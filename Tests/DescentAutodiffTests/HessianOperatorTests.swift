@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// One recorded gradient serving many Hessian–vector products.
@Suite("Hessian operator")
struct HessianOperatorTests {
    @Test func repeatedProductsShareOneRecordedGradient() {
        let a = Tensor([[3, 1, 0], [1, 2, 0.5], [0, 0.5, 1]])
        // f(x) = ½xᵀAx + Σ sin xᵢ: H = A − diag(sin x).
        let f: (Variable) -> Variable = { x in 0.5 * dot(x, matmul(Variable(a), x)) + sin(x).sum() }
        let x = Tensor([0.3, -0.7, 1.1])
        let h = HessianOperator(of: f, at: x)
        let expected = a - Tensor.diagonal(x.scalars.map { Foundation.sin($0) })
        expectClose(h.matrix(), expected, rtol: 1e-14, atol: 1e-15, "one product and one sine per entry")
        for v in [Tensor([1, 0, 0]), Tensor([0.5, -2, 3]), Tensor([0, 0, 0])] {
            expectClose(h.apply(v), matmul(expected, v), rtol: 1e-14, atol: 1e-15, "same products, summed in another order")
        }
        #expect(h.dimension == 3)
        // A stack of directions in one batched sweep, flat or point-shaped, and through the
        // fallback (log|det| has no batched pullback) for a function with the same Hessian.
        let stack = Tensor([[1, 0, 0], [0.5, -2, 3], [0, 0, 0], [2, 1, -1]])
        expectClose(h.apply(toEach: stack), matmul(stack, expected), rtol: 1e-14, atol: 1e-15, "same products, summed in another order")
        // Adds log|det 2I| = 3 log 2, a constant recorded through a determinant: same derivatives.
        let g: (Variable) -> Variable = { x in f(x) + logAbsDeterminant(Variable(Tensor.identity(3) * 2) + x.sum() * 0) }
        expectClose(HessianOperator(of: g, at: x).apply(toEach: stack), matmul(stack, expected), rtol: 1e-14, atol: 1e-15, "one sweep per direction")
        expectClose(h.gradient, gradient(of: f, at: x), rtol: 0, "the same first sweep")
    }
}

@Suite("Hessian as a matrix-free operator")
struct HessianLinearOperatorTests {
    @Test func lanczosOnExactHessianVectorProductsFindsRosenbrockCurvature() throws {
        // The Rosenbrock Hessian at (1, 1) is [[802, −400], [−400, 200]], eigenvalues 501 ± √250601.
        let h = HessianOperator(of: WorkedExampleTests.rosenbrock, at: Tensor([1, 1]))
        let result = try lanczos(h, count: 2, which: .largest)
        let root = 250_601.0.squareRoot()
        // Lanczos on a 2 × 2 operator is exact after two steps; a few ulps of κ ≈ 2508 rounding remain.
        expectClose(result.eigenvalues, Tensor([501 - root, 501 + root]), rtol: 1e-10, "2 Lanczos steps are exact in exact arithmetic")
        #expect(result.termination == .convergedResidual)
    }

    @Test func flatDirectionsWorkForMatrixShapedPoints() {
        // f(W) = ½‖W‖²_F has H = I for any shape of W; a flat direction gives a flat product.
        let f: (Variable) -> Variable = { w in 0.5 * (w * w).sum() }
        let h = HessianOperator(of: f, at: Tensor([[1, 2], [3, 4]]))
        #expect(h.shape == [4, 4])
        #expect(h.apply(Tensor([1, -2, 3, 0.5])) == Tensor([1, -2, 3, 0.5]))
        #expect(h.apply(Tensor([[1, 0], [0, 1]])) == Tensor([[1, 0], [0, 1]]))
    }
}
