import DescentCore
import DescentLearn
import Foundation
import Testing
import _TestSupport

/// `ObjectiveDerivatives`: the closed-form gradients and Hessians of the scikit-learn objectives
/// against JAX's autodiff of the same objectives at fixed parameters (Tools/references/curvature.py).
@Suite("Objective derivatives of the fitted models")
struct ObjectiveDerivativesTests {
    @Test func matchJAX() throws {
        let reference = try ReferenceData.load("model_hessians")
        let x = reference.tensor("x")
        let d = reference.int("d")
        for c in reference.cases("cases") {
            let name = c.string("name"), theta = c.tensor("theta"), y = c.tensor("y")
            let derivatives: ObjectiveDerivatives
            if name == "ols" || name == "ridge" {
                derivatives = .leastSquares(x: x, y: y, coefficients: Tensor(Array(theta.scalars.prefix(d))), intercept: theta.scalars[d],
                                            dataWeight: c.double("data_weight"), alpha: c.double("alpha"))
            } else if name.hasPrefix("logistic") {
                let w = Tensor(Array(theta.scalars.prefix(d))), b = theta.scalars[d]
                let z = matmul(x, w).scalars.map { $0 + b }
                let p = Tensor(z.map { 1 / (1 + Foundation.exp(-$0)) })
                derivatives = .logistic(x: x, y: y, coefficients: w, probabilities: p, c: c.double("c"), penaltyWeight: c.double("penalty_weight"))
            } else {
                let k = c.int("classes"), n = x.shape[0]
                let w = Tensor(shape: [k, d], scalars: Array(theta.scalars.prefix(k * d)))
                let b = Array(theta.scalars.suffix(k))
                let scores = matmul(x, w, transposeB: true)
                var p = Tensor.zeros([n, k])
                for i in 0..<n {
                    let row = (0..<k).map { scores[i, $0] + b[$0] }
                    let top = row.max()!
                    let e = row.map { Foundation.exp($0 - top) }
                    let total: Double = e.reduce(0.0) { $0 + $1 }
                    for a in 0..<k { p[i, a] = e[a] / total }
                }
                derivatives = .softmax(x: x, labels: y.scalars.map { Int($0) }, coefficients: w, probabilities: p,
                                       c: c.double("c"), penaltyWeight: c.double("penalty_weight"))
            }
            // Closed forms (BLAS sums in another order) vs JAX's autodiff: sums of 20 terms of size ≤ 50.
            expectClose(derivatives.gradient, c.tensor("gradient"), rtol: 1e-12, atol: 1e-12, "\(name): summation order")
            expectClose(derivatives.hessian, c.tensor("hessian"), rtol: 1e-12, atol: 1e-12, "\(name): summation order")
        }
    }
}
