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
        expectClose(h.gradient, gradient(of: f, at: x), rtol: 0, "the same first sweep")
    }
}
