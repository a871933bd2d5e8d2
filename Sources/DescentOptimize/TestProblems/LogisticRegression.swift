import DescentCore
import Foundation

extension TestProblem {
    /// L2-regularized logistic regression on seeded synthetic data:
    /// f(w) = (1/n) Σᵢ [log(1 + exp(xᵢᵀw)) − yᵢ xᵢᵀw] + (λ/2)‖w‖²,
    /// ∇f = (1/n) Xᵀ(σ(Xw) − y) + λw, ∇²f = (1/n) Xᵀ diag(σ(1 − σ)) X + λI, from w₀ = 0.
    ///
    /// Data: X (n × d) i.i.d. N(0, 1), then w_true ~ N(0, 1)ᵈ, then yᵢ = 1 when uᵢ < σ(xᵢᵀw_true) with
    /// uᵢ ~ U[0, 1), all drawn in this order from `SeededGenerator(seed:)`. The minimizer has no closed
    /// form (`minimizer` is nil); tests take it from SciPy.
    ///
    /// Reference: T. Hastie, R. Tibshirani and J. Friedman, *The Elements of Statistical Learning*,
    /// 2nd ed., 2009, §4.4.
    public static func logisticRegression(samples n: Int = 200, features d: Int = 5, lambda: Double = 0.01,
                                          seed: UInt64 = 7) -> TestProblem {
        precondition(n >= 1 && d >= 1 && lambda >= 0, "logisticRegression: need n ≥ 1, d ≥ 1, λ ≥ 0, got \(n), \(d), \(lambda)")
        var generator = SeededGenerator(seed: seed)
        let x = Tensor.randomNormal([n, d], using: &generator)
        let truth = Tensor.randomNormal([d], using: &generator)
        let margins = matmul(x, truth)
        let y = Tensor(shape: [n]) { i in generator.nextUniform() < sigmoid(margins.scalars[i]) ? 1 : 0 }
        let scale = 1 / Double(n)

        func value(_ w: Tensor) -> Double {
            let z = matmul(x, w)
            var loss = 0.0
            for i in 0..<n { loss += softplus(z.scalars[i]) - y.scalars[i] * z.scalars[i] }
            return scale * loss + 0.5 * lambda * w.squaredNorm()
        }
        func valueAndGradient(_ w: Tensor) -> (value: Double, gradient: Tensor) {
            let z = matmul(x, w)
            var loss = 0.0
            let residual = Tensor(shape: [n]) { i in
                loss += softplus(z.scalars[i]) - y.scalars[i] * z.scalars[i]
                return sigmoid(z.scalars[i]) - y.scalars[i]
            }
            let g = Tensor.scaledSum(lambda, w, matmul(x, residual, transposeA: true) * scale)
            return (scale * loss + 0.5 * lambda * w.squaredNorm(), g)
        }
        func curvatures(_ w: Tensor) -> Tensor {
            matmul(x, w).map { z in let s = sigmoid(z); return s * (1 - s) }
        }
        func hessian(_ w: Tensor) -> Tensor {
            let c = curvatures(w)
            let weighted = Tensor(rows: n, columns: d) { i, j in x[i, j] * c.scalars[i] }
            return matmul(x, weighted, transposeA: true) * scale + Tensor.identity(d) * lambda
        }
        func hessianVectorProduct(_ w: Tensor, _ v: Tensor) -> Tensor {
            let xv = matmul(x, v) * curvatures(w)
            return Tensor.scaledSum(lambda, v, matmul(x, xv, transposeA: true) * scale)
        }
        return TestProblem(name: "logistic-n\(n)-d\(d)",
                           objective: Objective(valueAndGradient: valueAndGradient, value: value, gradient: { valueAndGradient($0).gradient }, hessian: hessian,
                                                hessianVectorProduct: hessianVectorProduct),
                           start: .zeros([d]), minimizer: nil, minimum: nil)
    }
}

/// log(1 + e^z) without overflow: z + log1p(e^{−z}) for z > 0.
@inline(__always) func softplus(_ z: Double) -> Double {
    z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
}
