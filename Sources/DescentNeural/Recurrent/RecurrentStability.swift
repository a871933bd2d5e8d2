import DescentAutodiff
import DescentCore
import Foundation

/// How an Elman layer propagates a perturbation of its initial state through time: the state
/// Jacobians ∂h_t/∂h_0 of one sequence measured by autodiff, beside the bounds that explain
/// vanishing and exploding gradients.
///
/// By the chain rule ∂h_t/∂h_0 = D_t W_hh D_{t−1} W_hh ⋯ D_1 W_hh with D_s = diag(φ′(a_s)), so
///
///     ‖∂h_t/∂h_0‖₂ ≤ Π_{s=1}^{t} ‖D_s‖₂ ‖W_hh‖₂ ≤ ‖W_hh‖₂ᵗ        (|φ′| ≤ 1 for tanh, relu, identity),
///
/// and for the linear recurrence (`.identity`) ∂h_t/∂h_0 = W_hhᵗ exactly: its norm grows like
/// ρ(W_hh)ᵗ (Gelfand: ‖W_hhᵗ‖^{1/t} → ρ), and equals ρᵗ for all t when W_hh is normal. Below
/// ρ = 1 gradients vanish geometrically, above it they explode; an orthogonal W_hh keeps
/// ‖∂h_t/∂h_0‖₂ = 1 for every t.
///
/// The Jacobians are exact (not finite differences): f(h_0) = (h_1, …, h_T) is differentiated
/// by `jacobian(of:at:)`, which takes H forward products (JVPs) since f maps ℝᴴ to ℝᵀᴴ.
///
/// Reference: Bengio, Simard & Frasconi, "Learning long-term dependencies with gradient descent
/// is difficult", IEEE TNN 5 (1994); Pascanu, Mikolov & Bengio, "On the difficulty of training
/// recurrent neural networks", ICML 2013, §2–3.
public struct RecurrentStability: Sendable {
    /// ‖∂h_t/∂h_0‖₂ for t = 1 … T (largest singular value of the H × H Jacobian).
    public let jacobianNorms: [Double]
    /// Π_{s=1}^{t} max_i |φ′(a_{s,i})| · ‖W_hh‖₂ for t = 1 … T: the activation's derivative bound.
    public let derivativeBounds: [Double]
    /// ‖W_hh‖₂ᵗ for t = 1 … T: the bound when only |φ′| ≤ 1 is used.
    public let normPowers: [Double]
    /// ρ(W_hh)ᵗ for t = 1 … T: the asymptotic growth rate of the linear recurrence.
    public let spectralRadiusPowers: [Double]
    /// ρ(W_hh) = max |λ(W_hh)|.
    public let spectralRadius: Double
    /// ‖W_hh‖₂, the largest singular value.
    public let recurrentNorm: Double
    /// ∂h_T/∂h_0 (H × H): entry (i, j) is ∂h_{T,i}/∂h_{0,j}.
    public let finalJacobian: Tensor

    /// The number of steps T.
    public var steps: Int { jacobianNorms.count }

    /// Measures `layer` with `parameters` (W_xh, W_hh, b) on one sequence.
    /// - Parameters:
    ///   - layer: the Elman layer (its activation gives φ′).
    ///   - parameters: W_xh, W_hh and b, in the layer's `parameterSpecs` order.
    ///   - sequence: x_1 … x_T as a [1, T·features] row.
    ///   - initialState: h_0 as a [1, hidden] row (the Jacobians depend on it through φ′).
    /// - Throws: `NeuralNetworkError` when the shapes do not fit the layer;
    ///   `LinearAlgebraError.nonFinite` naming the first NaN or ±∞ in the weights, the sequence or
    ///   h_0, or another `LinearAlgebraError` if LAPACK fails on W_hh or a Jacobian.
    /// - Complexity: H JVPs through the unrolled layer, plus T SVDs of H × H matrices.
    public init(layer: ElmanRecurrent, parameters: [Tensor], sequence: Tensor, initialState: Tensor) throws {
        let (h, steps) = (layer.hiddenFeatures, try layer.timeSteps(forInput: sequence.shape))
        guard sequence.shape[0] == 1 else {
            throw NeuralNetworkError.shapeMismatch("RecurrentStability measures one sequence [1, T·\(layer.inputFeatures)], got \(sequence.shape)")
        }
        let specs = layer.parameterSpecs
        guard parameters.count == specs.count, zip(parameters, specs).allSatisfy({ $0.shape == $1.shape }) else {
            throw NeuralNetworkError.shapeMismatch("RecurrentStability: parameters \(parameters.map(\.shape)) do not match \(specs.map(\.shape))")
        }
        guard initialState.shape == [1, h] else {
            throw NeuralNetworkError.shapeMismatch("RecurrentStability: initial state \(initialState.shape) is not [1, \(h)]")
        }
        // A non-finite weight, input or state would make the states (or the Jacobian) non-finite.
        for (what, tensor) in zip(["input_weight", "recurrent_weight", "bias", "sequence", "initial state"], parameters + [sequence, initialState]) {
            if let k = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                throw LinearAlgebraError.nonFinite(operation: "RecurrentStability (\(what))", index: tensor.multiIndex(ofFlatIndex: k),
                                                   value: tensor.scalars[k])
            }
        }
        let recurrent = parameters[1]
        spectralRadius = try Eigen(recurrent).eigenvalues.map(\.length).max() ?? 0
        recurrentNorm = try SVD(recurrent).singularValues.scalars.first ?? 0
        let constants = parameters.map { Variable($0) }[...]
        let x = Variable(sequence)
        let allStates = jacobian(of: { h0 in
            Variable.concatenate(layer.states(x, initialState: h0, parameters: constants), axis: 1)
        }, at: initialState)                                      // [T·H, H]
        let preactivations = layer.unrolled(x, initialState: Variable(initialState), parameters: constants).preactivations
        var norms: [Double] = [], bounds: [Double] = [], normPowers: [Double] = [], radiusPowers: [Double] = []
        var bound = 1.0
        for t in 0..<steps {
            let block = allStates.slice(rows: (t * h)..<((t + 1) * h), columns: 0..<h)
            norms.append(try SVD(block).singularValues.scalars.first ?? 0)
            let largestDerivative = elementwiseDerivative(of: layer.activation, at: preactivations[t].value).scalars.map(Swift.abs).max() ?? 0
            bound *= largestDerivative * recurrentNorm
            bounds.append(bound)
            normPowers.append(pow(recurrentNorm, Double(t + 1)))
            radiusPowers.append(pow(spectralRadius, Double(t + 1)))
        }
        jacobianNorms = norms
        derivativeBounds = bounds
        self.normPowers = normPowers
        spectralRadiusPowers = radiusPowers
        finalJacobian = allStates.slice(rows: ((steps - 1) * h)..<(steps * h), columns: 0..<h)
    }
}

/// φ′(a) element by element, as the gradient of Σᵢ φ(aᵢ) (exact for an element-wise φ).
func elementwiseDerivative(of activation: ActivationKind, at a: Tensor) -> Tensor {
    gradient(of: { activation($0).sum() }, at: a)
}
