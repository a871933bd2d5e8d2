import DescentAutodiff
import DescentCore
import Foundation

/// The NTK predictor: what a network trained on (X, Y) with the mean squared error would output
/// if it stayed equal to its linearization at θ₀ (the lazy or kernel regime, Lee et al. 2019),
///
///   f_t(x) = f₀(x) + Θ(x, X) Θ(X, X)⁻¹ (I − E_t)(Y − f₀(X)),
///
/// with Θ the empirical NTK at θ₀ and, for the network's loss L = (1/(n·k)) Σ‖f − y‖² (so that
/// ∇_f L = c·(f − y) with c = 2/(n·k)), E_t = exp(−ηcΘt) under gradient flow or (I − ηcΘ)ᵗ after
/// t steps of full-batch gradient descent with learning rate η. Θ⁻¹(I − E_t) is applied through
/// the eigendecomposition Θ = VΛVᵀ as V diag(φ(λ)) Vᵀ with φ(λ) = (1 − e^{−ηcλt})/λ or
/// (1 − (1 − ηcλ)ᵗ)/λ, whose limit ηct at λ = 0 makes a singular Θ harmless. As t → ∞ (with
/// ηcλ_max < 2 for descent) f_t(X) → Y on the training inputs: `predict(_:learningRate:time:)`
/// with `time: .infinity` is kernel regression with Θ, f₀(x) + Θ(x, X)Θ(X, X)⁺(Y − f₀(X)).
///
/// - Reference: Lee et al., "Wide neural networks of any depth evolve as linear models under
///   gradient descent", NeurIPS 2019, eqs. (9)–(11); Jacot et al., NeurIPS 2018.
public struct NTKRegression: Sendable {
    /// How training time is counted.
    public enum Dynamics: String, Sendable, Hashable, CaseIterable {
        /// Continuous time t (gradient flow), E_t = exp(−ηcΘt).
        case gradientFlow = "gradient-flow"
        /// t steps of full-batch gradient descent, E_t = (I − ηcΘ)ᵗ.
        case gradientDescent = "gradient-descent"
    }

    /// The network and θ₀ it is linearized at.
    public let network: Sequential
    /// θ₀.
    public let parameters: Tensor
    /// The training Jacobian J(X), (n·k) × P.
    public let trainingJacobian: Tensor
    /// The eigenvalues of Θ(X, X) (ascending, clamped at 0: Θ is PSD) and its eigenvectors.
    public let kernelEigenvalues: Tensor
    /// The eigenvectors of Θ(X, X) as columns.
    public let kernelEigenvectors: Tensor
    /// Y − f₀(X), flattened row-major (n·k).
    public let initialResidual: Tensor
    /// c in ∇_f L = c·(f − y): 2/(n·k) for the mean squared error.
    public let lossScale: Double

    /// The predictor for training data (X, Y) at θ₀.
    /// - Parameters:
    ///   - network: the network f.
    ///   - parameters: θ₀, its flat parameters at initialization.
    ///   - inputs: the training rows X, [n, features].
    ///   - targets: [n, k], or [n] when k = 1.
    /// - Throws: `NeuralNetworkError.shapeMismatch` for inputs or targets that do not fit;
    ///   `LinearAlgebraError.nonFinite` if Θ is not finite (a NaN or infinite input).
    public init(network: Sequential, parameters: Tensor, inputs: Tensor, targets: Tensor) throws {
        guard inputs.rank == 2, inputs.shape[1] == network.inputFeatures, inputs.shape[0] >= 1 else {
            throw NeuralNetworkError.shapeMismatch("inputs of shape \(inputs.shape) do not fit a network of \(network.inputFeatures) input features")
        }
        guard parameters.shape == [network.parameterCount] else {
            throw NeuralNetworkError.shapeMismatch("parameters of shape \(parameters.shape) for \(network.parameterCount) parameters")
        }
        try NetworkLoss.meanSquaredError.validateTargets(targets, rows: inputs.shape[0], outputFeatures: network.outputFeatures)
        self.network = network
        self.parameters = parameters
        trainingJacobian = network.parameterJacobian(parameters, inputs: inputs)
        let kernel = NeuralTangentKernel(jacobian: trainingJacobian, outputs: network.outputFeatures)
        let eigen = try SymmetricEigen(kernel.matrix)
        kernelEigenvalues = eigen.eigenvalues.map { Swift.max($0, 0) }
        kernelEigenvectors = eigen.eigenvectors
        initialResidual = targets.flattened - network.outputs(parameters, inputs).flattened
        lossScale = 2 / Double(initialResidual.count)
    }

    /// The largest eigenvalue of the scaled kernel cΘ(X, X): gradient descent on the
    /// linearized model is stable for η < 2/(cλ_max).
    public var largestScaledEigenvalue: Double { lossScale * (kernelEigenvalues.scalars.last ?? 0) }

    /// f_t at `inputs` ([m, features]) after training time `time` with learning rate η: [m, k];
    /// `time: .infinity` gives the kernel-regression limit (independent of η and the dynamics).
    /// - Precondition: η > 0, t ≥ 0.
    public func predict(_ inputs: Tensor, learningRate: Double, time: Double, dynamics: Dynamics = .gradientDescent) -> Tensor {
        precondition(learningRate > 0 && time >= 0, "NTKRegression.predict: needs η > 0 and t ≥ 0, got η = \(learningRate), t = \(time)")
        let rate = learningRate * lossScale
        // At t = ∞, Θ⁻¹ is applied as a pseudo-inverse: eigenvalues below NumPy's `pinv` cut-off
        // (n·k·ε·λ_max) are treated as 0, whose directions training never reaches.
        let cutoff = Double(kernelEigenvalues.count) * Double.ulpOfOne * (kernelEigenvalues.scalars.last ?? 0)
        let phi = kernelEigenvalues.map { lambda in
            let x = rate * lambda
            if time == .infinity { return lambda > cutoff ? 1 / lambda : 0 }
            guard lambda > 0 else { return rate * time }
            switch dynamics {
            case .gradientFlow: return -expm1(-x * time) / lambda
            case .gradientDescent: return x < 1 ? -expm1(time * log1p(-x)) / lambda : (1 - pow(1 - x, time)) / lambda
            }
        }
        // α = V diag(φ) Vᵀ r: the coefficients of the training Jacobian's rows.
        let v = kernelEigenvectors
        let projected = matmul(v, initialResidual.asColumn, transposeA: true) * phi.asColumn
        let alpha = matmul(v, projected)
        let testJacobian = network.parameterJacobian(parameters, inputs: inputs)
        let change = matmul(testJacobian, matmul(trainingJacobian, alpha, transposeA: true))
        return network.outputs(parameters, inputs) + change.reshaped([inputs.shape[0], network.outputFeatures])
    }
}
