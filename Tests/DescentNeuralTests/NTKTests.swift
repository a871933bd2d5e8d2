import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport
@testable import DescentNeural

/// The empirical NTK against PyTorch's dense Jacobians (Tools/references/neural_ntk.py), the NTK
/// predictor against SciPy's matrix exponential, and the lazy regime measured: a wide network
/// trained by full-batch gradient descent follows the NTK predictor, a narrow one departs from it.
@Suite("Neural tangent kernel")
struct NTKTests {
    static let reference = try! ReferenceData.load("neural_ntk")

    static func tanhNetwork(_ c: ReferenceData) -> (Sequential, Tensor) {
        let sizes = c.doubles("sizes").map { Int($0) }
        let net = try! Sequential.perceptron(inputFeatures: sizes[0], hidden: Array(sizes[1..<(sizes.count - 1)]),
                                             outputs: sizes.last!, activation: .tanh)
        return (net, Tensor(c.tensorList("weights").flatMap(\.scalars)))
    }

    @Test("Θ(X, X) and Θ(X, X′) equal J Jᵀ from PyTorch's dense Jacobians; the spectrum equals eigvalsh")
    func kernelEqualsJacobianProducts() throws {
        let c = Self.reference["kernel"]
        let (net, theta) = Self.tanhNetwork(c)
        // The Jacobian is the same arithmetic as PyTorch's reverse mode up to summation order:
        // agreement to a few ulps of the largest entries, so 1e-12 relative with a 1e-14 floor.
        expectClose(net.parameterJacobian(theta, inputs: c.tensor("x")), c.tensor("jacobian"), rtol: 1e-12, atol: 1e-14)
        let kernel = NeuralTangentKernel(network: net, parameters: theta, inputs: c.tensor("x"))
        #expect(kernel.matrix.shape == [15, 15] && kernel.outputs == 3)
        expectClose(kernel.matrix, c.tensor("kernel"), rtol: 1e-12, atol: 1e-13)
        let cross = NeuralTangentKernel(network: net, parameters: theta, inputs: c.tensor("x"), otherInputs: c.tensor("x_other"))
        #expect(cross.matrix.shape == [15, 12])
        expectClose(cross.matrix, c.tensor("cross_kernel"), rtol: 1e-12, atol: 1e-13)
        let (values, vectors) = try kernel.spectrum()
        // Eigenvalues of a matrix equal to 1e-12: perturbation ≤ ‖ΔΘ‖ ≈ 1e-12·λ_max.
        expectClose(values, c.tensor("eigenvalues"), rtol: 0, atol: 1e-11 * values.scalars[0])
        expectClose(matmul(kernel.matrix, vectors), vectors * values.asRow, rtol: 0, atol: 1e-11 * values.scalars[0])
        #expect(throws: LinearAlgebraError.self) { try cross.spectrum() }
    }

    @Test("the NTK predictor equals SciPy's expm and matrix powers with Θ⁻¹ applied by a dense solve")
    func predictor() throws {
        let c = Self.reference["regression"]
        let (net, theta) = Self.tanhNetwork(c)
        let model = try NTKRegression(network: net, parameters: theta, inputs: c.tensor("x"), targets: c.tensor("y"))
        for run in c.cases("runs") {
            let (eta, t) = (run.double("learning_rate"), run.double("time"))
            // Θ(X, X) has condition number 7.9e3: the solve and the eigendecomposition differ by
            // up to κ·ε ≈ 2e-12 relative in Θ⁻¹(I − E_t), hence 1e-10.
            expectClose(model.predict(c.tensor("x_test"), learningRate: eta, time: t, dynamics: .gradientFlow),
                        run.tensor("gradient_flow"), rtol: 1e-10, atol: 1e-12)
            expectClose(model.predict(c.tensor("x_test"), learningRate: eta, time: t, dynamics: .gradientDescent),
                        run.tensor("gradient_descent"), rtol: 1e-10, atol: 1e-12)
            expectClose(model.predict(c.tensor("x"), learningRate: eta, time: t),
                        run.tensor("gradient_descent_train"), rtol: 1e-10, atol: 1e-12)
        }
        // t = ∞: kernel regression, Θ(x, X)Θ(X, X)⁻¹ applied to the residual (κ = 7.9e3, as above).
        expectClose(model.predict(c.tensor("x_test"), learningRate: 0.1, time: .infinity), c.tensor("kernel_regression"), rtol: 1e-10, atol: 1e-12)
        // At t = 0 the predictor is the network itself.
        expectClose(model.predict(c.tensor("x_test"), learningRate: 0.1, time: 0), net.outputs(theta, c.tensor("x_test")), rtol: 0, atol: 0)
    }

    @Test("bad input: mismatched inputs, targets or parameters, and a NaN input, are typed errors")
    func badInput() throws {
        let c = Self.reference["regression"]
        let (net, theta) = Self.tanhNetwork(c)
        let (x, y) = (c.tensor("x"), c.tensor("y"))
        #expect(throws: NeuralNetworkError.self) { try NTKRegression(network: net, parameters: theta, inputs: x, targets: y.reshaped([12])) }
        #expect(throws: NeuralNetworkError.self) { try NTKRegression(network: net, parameters: theta, inputs: x.transposed, targets: y) }
        #expect(throws: NeuralNetworkError.self) { try NTKRegression(network: net, parameters: Tensor([1, 2]), inputs: x, targets: y) }
        var bad = x
        bad.scalars[5] = .nan
        #expect(throws: LinearAlgebraError.self) { try NTKRegression(network: net, parameters: theta, inputs: bad, targets: y) }
    }

    /// ‖f_net − f_NTK‖ / ‖f_NTK − f₀‖ on test inputs after `steps` of full-batch gradient descent
    /// at η = 0.5/(cλ_max) for a 1-width-1 tanh network in PyTorch's standard parameterization
    /// (He-normal weights): the deviation of the trained network from its linearization,
    /// relative to how far training moved the function.
    static func lazyDeviation(width: Int, steps: Int, seed: UInt64) throws -> Double {
        let x = Tensor(shape: [8, 1]) { Double($0) / 3.5 - 1 }
        let y = x.map { sin(3 * $0) }
        let test = Tensor(shape: [15, 1]) { Double($0) / 7 - 1 }
        let net = try Sequential.perceptron(inputFeatures: 1, hidden: [width], outputs: 1, activation: .tanh, initializer: .heNormal)
        let start = net.initialParameters(seed: seed)
        let model = try NTKRegression(network: net, parameters: start, inputs: x, targets: y)
        let eta = 0.5 / model.largestScaledEigenvalue
        let step = GradientStep(sgd(learningRate: eta))
        var theta = start
        var state = step.initialize(theta, network: net, loss: .meanSquaredError)
        for _ in 0..<steps {
            var context = ForwardContext.inference
            _ = step.step(&theta, batch: TrainingBatch(inputs: x, targets: y), network: net, loss: .meanSquaredError, state: &state, context: &context)
        }
        let predicted = model.predict(test, learningRate: eta, time: Double(steps))
        let trained = net.outputs(theta, test), initial = net.outputs(start, test)
        func norm(_ t: Tensor) -> Double { (t * t).sum().squareRoot() }
        return norm(trained - predicted) / norm(predicted - initial)
    }

    @Test("lazy regime: a wide network follows the NTK predictor, a narrow one departs, the deviation falls with width")
    func lazyRegime() throws {
        let narrow = try Self.lazyDeviation(width: 4, steps: 400, seed: 1)
        let medium = try Self.lazyDeviation(width: 64, steps: 400, seed: 1)
        let wide = try Self.lazyDeviation(width: 1024, steps: 400, seed: 1)
        // Measured (seeds 1, 2, 3): width 4: 0.077, 0.13, 0.027; width 64: 1.5e-3, 3.1e-3, 9.5e-4;
        // width 1024: 8.2e-6, 1.0e-5, 1.3e-5. The thresholds sit a factor 4–10 inside those.
        #expect(narrow > 0.01, "width 4 deviates by \(narrow)")
        #expect(wide < 1e-4, "width 1024 deviates by \(wide)")
        #expect(narrow > medium && medium > wide, "deviations \(narrow), \(medium), \(wide)")
    }
}
