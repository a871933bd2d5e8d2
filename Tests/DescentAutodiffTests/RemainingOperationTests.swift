@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Operations the JAX battery does not reach, checked against finite differences (gradient) and
/// against central differences of the gradient (Hessian–vector product).
@Suite("Finite-difference coverage of the remaining operations")
struct RemainingOperationTests {
    // Immutable fixtures of pure closures, read by tests that run in parallel: never mutated, so sharing is safe.
    nonisolated(unsafe) static let functions: [(String, (Variable) -> Variable)] = [
        ("outer", { x in (outer(x.slice(0..<2), x.slice(2..<5)) * Tensor([[1, -2, 3], [0.5, 1, -1]])).sum() }),
        ("row and column", { x in
            let m = x.slice(0..<4).reshaped([2, 2])
            return (m.row(0) * m.column(1)).sum() + sin(m[1, 0]) * x[4]
        }),
        ("vector-left matmul", { x in
            let w = Variable(Tensor([[1, 2], [3, -1], [0.5, 0.25]]))
            return pow(matmul(x.slice(0..<3), w), 2).sum() + x.slice(3..<5).matmul(x.slice(1..<3))
        }),
        ("softmax cross-entropy of one example", { x in softmaxCrossEntropy(logits: x, labels: Tensor([0.1, 0.2, 0.3, 0.4, 0])) }),
        ("scalar on the left", { x in (2 / (x * x + 1)).sum() + (5 - x).mean() + (3 + x * 2).sum() }),
        ("flattened, transposed, mean", { x in
            let m = x.reshaped([1, 5]).transposed
            return (m.flattened * exp(m.mean())).sum() + m.mean(alongAxis: 0).sum()
        }),
        ("softmax along rows", { x in
            let m = Variable.concatenate([x, 2 * x], axis: 0).reshaped([2, 5])
            return (softmax(m, alongAxis: 1) * Tensor([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]])).sum()
        }),
        ("binary cross-entropy and mse", { x in
            binaryCrossEntropy(logits: x, labels: Tensor([1, 0, 1, 1, 0])) + meanSquaredError(predictions: tanh(x), targets: Tensor([0, 1, 0, -1, 0.5]))
        }),
    ]

    static let point = Tensor([0.3, -1.1, 0.8, 1.7, -0.4])
    static let direction = Tensor([1, 0.5, -0.25, 2, -1])

    @Test(arguments: functions.indices)
    func gradientAndHVPAgreeWithFiniteDifferences(index: Int) {
        let (name, f) = Self.functions[index]
        let check = checkGradient(of: f, at: Self.point)
        // Central differences of O(1) smooth functions: ~1e-10, see the JAX-battery tests.
        #expect(check.maxRelativeError < 1e-7, "\(name): \(check.maxRelativeError)")
        let h = FiniteDifferenceScheme.central.step(at: 1)
        let fd = (gradient(of: f, at: Self.point + h * Self.direction) - gradient(of: f, at: Self.point - h * Self.direction)) / (2 * h)
        expectClose(hessianVectorProduct(of: f, at: Self.point, direction: Self.direction), fd, rtol: 1e-6, atol: 1e-6,
                    "\(name): central difference of the gradient, accurate to ~ε^(2/3)·scale")
        // The Hessian is symmetric up to rounding and its product with the direction is the HVP.
        let hessianMatrix = hessian(of: f, at: Self.point)
        expectClose(hessianMatrix, hessianMatrix.transposed, rtol: 1e-12, atol: 1e-13, "\(name): ∂²f/∂xᵢ∂xⱼ by two sweeps")
        expectClose(matmul(hessianMatrix, Self.direction), hessianVectorProduct(of: f, at: Self.point, direction: Self.direction),
                    rtol: 1e-12, atol: 1e-13, "\(name): same products in another order")
    }
}
