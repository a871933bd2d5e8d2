import DescentAutodiff
import DescentCore
import DescentNeural
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// `curvatureSummary`, what `descent train --curvature` reports, on the reference classifier.
@Suite("Curvature summary")
struct CurvatureSummaryTests {
    @Test func summaryOfTheReferenceClassifier() throws {
        let reference = try ReferenceData.load("neural_curvature").cases("cases")[0]
        let network = try Sequential([Dense(6), Activation(.tanh), Dense(3)], inputFeatures: 5)
        let p = network.parameterCount
        let summary = try curvatureSummary(of: network, parameters: reference.tensor("parameters"), inputs: reference.tensor("inputs"),
                                           targets: reference.tensor("targets"), loss: .softmaxCrossEntropy, top: 3,
                                           batchSize: 6, traceProducts: 3 * p, gridPoints: 50)
        let eigenvalues = reference.doubles("hessian_eigenvalues")
        // Lanczos to 1e-8 relative to ‖H‖: the eigenvalues are within that.
        expectClose(summary.topEigenvalues, Array(eigenvalues.suffix(3).reversed()), rtol: 0,
                    atol: 1e-8 * eigenvalues.map(Swift.abs).max()!, "top eigenvalues, descending")
        #expect(summary.eigensolverTermination == .convergedResidual)
        // 3P Hutch++ products span ℝᴾ: the trace is exact up to rounding.
        expectClose(summary.trace.estimate, reference.double("hessian_trace"), rtol: 1e-9, atol: 1e-12, "trace")
        #expect(summary.density.grid.count == 50 && summary.density.values.count == 50)
        expectClose(summary.density.integral, 1, rtol: 1e-6, "the density integrates to 1 (50 grid points resolve kernels of the default width)")
    }

    @Test func badInput() throws {
        let network = try Sequential([Dense(2)], inputFeatures: 2)
        let x = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6]), y = Tensor([0, 1, 0])
        let theta = network.initialParameters(seed: 1)
        #expect(throws: CurvatureError.countExceedsDimension(count: 7, dimension: 6)) {
            try curvatureSummary(of: network, parameters: theta, inputs: x, targets: y, loss: .softmaxCrossEntropy, top: 7)
        }
        #expect(throws: CurvatureError.countTooSmall(what: "top eigenvalues", count: 0, minimum: 1)) {
            try curvatureSummary(of: network, parameters: theta, inputs: x, targets: y, loss: .softmaxCrossEntropy, top: 0)
        }
        #expect(throws: NeuralNetworkError.invalidLabel(index: 1, value: 2, classes: 2)) {
            try curvatureSummary(of: network, parameters: theta, inputs: x, targets: Tensor([0, 2, 0]), loss: .softmaxCrossEntropy, top: 1)
        }
    }
}
