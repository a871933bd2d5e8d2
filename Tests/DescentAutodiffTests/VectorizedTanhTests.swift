@testable import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// The vectorizable tanh kernel against libm, including the multi-threaded path.
@Suite("Vectorized tanh")
struct VectorizedTanhTests {
    @Test func agreesWithLibmToAFewUlps() {
        var worst = 0.0
        var xs: [Double] = [0, -0.0, 1e-300, -1e-10, 0.3, 0.6249, 0.625, 0.6251, -1, 2.5, 10, 19.9, 20, 21, 400, -400, .infinity, -.infinity]
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20000 { xs.append(rng.nextNormal() * 4) }
        for x in xs {
            let ours = tanhKernel(x), libm = Foundation.tanh(x)
            let error = libm == 0 ? Swift.abs(ours) : Swift.abs(ours - libm) / Swift.abs(libm)
            worst = Swift.max(worst, error)
        }
        // 3 ulp of 1.0 is 6.7e-16: the large-|x| branch rounds in e^t, the division and the
        // subtraction.
        #expect(worst <= 7e-16, "worst relative error \(worst)")
        #expect(tanhKernel(.nan).isNaN)
        // Large tensors take the multi-threaded path: every chunk must be filled.
        let big = Tensor.randomNormal([3, parallelTanhThreshold], using: &rng) * 3
        expectClose(tanh(Variable(big)).value, big.map { Foundation.tanh($0) }, rtol: 7e-16, atol: 1e-300, "same kernel, ≤ 3 ulp")
        #expect(tanhKernel(-0.0).sign == .minus)
    }
}
