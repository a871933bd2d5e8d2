@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Stable formulations: large arguments neither overflow nor lose the derivative.
@Suite("Numerical stability")
struct StabilityTests {
    @Test func logSumExpOfLargeValues() {
        let x = Tensor([1000, 1000, -1000])
        let (value, g) = valueAndGradient(of: { $0.logSumExp() }, at: x)
        expectClose(value, 1000 + Foundation.log(2.0), rtol: 1e-15, "shifted by the maximum, exact but for one log")
        expectClose(g, Tensor([0.5, 0.5, 0]), rtol: 1e-15, atol: 1e-300, "softmax, e^(−2000) underflows to 0")
        let rows = Tensor([[1000, 999], [-1000, -1001]])
        let perRow = Variable(rows).logSumExp(alongAxis: 1).value
        let expected = 1000 + Foundation.log1p(Foundation.exp(-1.0))
        expectClose(perRow, Tensor([expected, expected - 2000]), rtol: 1e-15, "per-row shift")
    }

    @Test func softplusSigmoidAndLogisticLossAtExtremes() {
        let x = Tensor([-1000, -40, 0, 40, 1000])
        let (value, g) = valueAndGradient(of: { softplus($0).sum() }, at: x)
        expectClose(value, 40 + 1000 + Foundation.log(2.0) + 2 * Foundation.log1p(Foundation.exp(-40.0)), rtol: 1e-15, "log1p form")
        expectClose(g, Tensor([0, 1 / (1 + Foundation.exp(40.0)), 0.5, 1 / (1 + Foundation.exp(-40.0)), 1]), rtol: 1e-14, atol: 1e-300, "σ without overflow")
        let (loss, gl) = valueAndGradient(of: { binaryCrossEntropy(logits: $0, labels: Tensor([1, 0, 1, 0, 0])) }, at: x)
        #expect(loss.isFinite && gl.isFinite)
        expectClose(loss, (1000 + 0 + Foundation.log(2.0) + 40 + 1000) / 5, rtol: 1e-12, "dominated by the two confidently wrong examples")
    }
}
