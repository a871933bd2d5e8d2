import DescentAutodiff
import DescentCore

/// A simple recurrent (Elman) layer unrolled over time:
///
///     h_t = φ(W_xh x_t + W_hh h_{t−1} + b),   t = 1 … T,   h_0 = 0 (or a given state),
///
/// with W_xh of shape [hidden, features], W_hh of shape [hidden, hidden] and b of shape [hidden]
/// — PyTorch `nn.RNN`'s layout, so exported weights load as they are (PyTorch's two biases
/// always appear summed: b = b_ih + b_hh). φ is any `ActivationKind`: PyTorch has tanh and
/// relu; `.identity` gives the linear recurrence of the stability analysis.
///
/// **Layout.** A batch of sequences is a matrix [batch, T·features]: row i holds example i's
/// x_1 … x_T side by side (x_t in columns t·features ..< (t+1)·features), so T is read from
/// the width and the layer composes with `Dense` in a `Sequential`. The output is the last
/// state h_T, [batch, hidden] (`.lastState`), or all states side by side, [batch, T·hidden]
/// (`.allStates`).
///
/// **Cost.** The input projections of all steps are one GEMM ([batch·T, features] ×
/// [features, hidden]); each step adds one [batch, hidden] × [hidden, hidden] product. The
/// tape holds O(T) nodes, and backpropagation through time is the reverse sweep over them; each
/// step's slice of the projections pads its cotangent back to [batch, T·hidden], O(batch·T²·hidden)
/// in all, which stays below the recurrent GEMMs' batch·T·hidden² while T ≤ hidden.
///
/// Reference: J. L. Elman, "Finding structure in time", Cognitive Science 14 (1990);
/// Goodfellow, Bengio & Courville, *Deep Learning* (2016), §10.2.
public struct ElmanRecurrent: Layer {
    /// What the layer returns.
    public enum Output: String, Sendable, CaseIterable {
        /// h_T, shape [batch, hidden].
        case lastState
        /// h_1 … h_T side by side, shape [batch, T·hidden].
        case allStates
    }

    /// How the recurrent weight W_hh is initialized (W_xh and b always take PyTorch's
    /// U(−1/√hidden, 1/√hidden)).
    public enum RecurrentInitialization: Sendable, Hashable {
        /// PyTorch `nn.RNN`'s default: every entry U(−1/√hidden, 1/√hidden).
        case uniform
        /// gain · Q with Q orthogonal (QR of a Gaussian matrix with the signs of R's diagonal
        /// folded into Q, as `torch.nn.init.orthogonal_`): every singular value of W_hh is
        /// `gain`, so a linear recurrence neither vanishes nor explodes when gain = 1
        /// (Saxe, McClelland & Ganguli 2014; Le, Jaitly & Hinton 2015).
        case orthogonal(gain: Double)
    }

    /// The width of each x_t.
    public let inputFeatures: Int
    /// The width of each h_t.
    public let hiddenFeatures: Int
    /// φ.
    public let activation: ActivationKind
    /// The last state or all states.
    public let output: Output
    /// How W_hh starts.
    public let recurrentInitialization: RecurrentInitialization

    /// An Elman layer reading x_t of width `inputFeatures` and keeping a state of width
    /// `hiddenFeatures` (both must be positive: `outputShape(forInput:)` throws otherwise).
    public init(inputFeatures: Int, hiddenFeatures: Int, activation: ActivationKind = .tanh,
                output: Output = .lastState, recurrentInitialization: RecurrentInitialization = .uniform) {
        self.inputFeatures = inputFeatures
        self.hiddenFeatures = hiddenFeatures
        self.activation = activation
        self.output = output
        self.recurrentInitialization = recurrentInitialization
    }

    /// "elman_recurrent".
    public var name: String { "elman_recurrent" }

    /// "ElmanRecurrent(3 → 8, tanh, lastState)", with ", orthogonal(gain: 1.0)" when W_hh starts orthogonal.
    public var description: String {
        let start = if case .orthogonal(let gain) = recurrentInitialization { ", orthogonal(gain: \(gain))" } else { "" }
        return "ElmanRecurrent(\(inputFeatures) → \(hiddenFeatures), \(activation), \(output.rawValue)\(start))"
    }

    /// W_xh ("input_weight", [hidden, features]), W_hh ("recurrent_weight", [hidden, hidden]) and
    /// b ("bias", [hidden]), whatever the number of steps.
    public func parameterSpecs(inputShape: [Int]) -> [ParameterSpec] { parameterSpecs }

    /// The parameter specifications (they do not depend on the input).
    public var parameterSpecs: [ParameterSpec] {
        [ParameterSpec(name: "input_weight", shape: [hiddenFeatures, inputFeatures]),
         ParameterSpec(name: "recurrent_weight", shape: [hiddenFeatures, hiddenFeatures]),
         ParameterSpec(name: "bias", shape: [hiddenFeatures])]
    }

    /// The number of time steps T of an input of shape [batch, T·features].
    /// - Throws: `NeuralNetworkError.invalidSize` when a size is not positive, `.shapeMismatch`
    ///   when the width is not a positive multiple of `inputFeatures`.
    public func timeSteps(forInput shape: [Int]) throws -> Int {
        guard inputFeatures >= 1 else {
            throw NeuralNetworkError.invalidSize(layer: "ElmanRecurrent", what: "the number of input features", size: inputFeatures)
        }
        guard hiddenFeatures >= 1 else {
            throw NeuralNetworkError.invalidSize(layer: "ElmanRecurrent", what: "the number of hidden units", size: hiddenFeatures)
        }
        guard shape.count == 2, shape[1] > 0, shape[1] % inputFeatures == 0 else {
            throw NeuralNetworkError.shapeMismatch("ElmanRecurrent with \(inputFeatures) input features needs input [batch, T·\(inputFeatures)] with T ≥ 1, got \(shape)")
        }
        return shape[1] / inputFeatures
    }

    /// [batch, hidden] for `.lastState`, [batch, T·hidden] for `.allStates`.
    /// - Throws: as `timeSteps(forInput:)`.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        let steps = try timeSteps(forInput: shape)
        return [shape[0], output == .lastState ? hiddenFeatures : steps * hiddenFeatures]
    }

    /// W_xh and b from U(−1/√hidden, 1/√hidden) (PyTorch's `nn.RNN` default), W_hh by
    /// `recurrentInitialization`.
    public func initialParameters(inputShape: [Int], generator: inout SeededGenerator) -> [Tensor] {
        let bound = 1 / Double(hiddenFeatures).squareRoot()
        func uniform(_ shape: [Int]) -> Tensor { Tensor.randomUniform(shape, in: -bound..<bound, using: &generator) }
        let inputWeight = uniform([hiddenFeatures, inputFeatures])
        let recurrentWeight: Tensor
        switch recurrentInitialization {
        case .uniform: recurrentWeight = uniform([hiddenFeatures, hiddenFeatures])
        case .orthogonal(let gain): recurrentWeight = gain * Initializer.orthogonal.tensor([hiddenFeatures, hiddenFeatures], generator: &generator)
        }
        return [inputWeight, recurrentWeight, uniform([hiddenFeatures])]
    }

    /// h_T or (h_1, …, h_T) from h_0 = 0 for a batch [batch, T·features].
    public func callAsFunction(_ input: Variable, parameters: ArraySlice<Variable>, context: inout ForwardContext) -> Variable {
        let states = unrolled(input, initialState: nil, parameters: parameters).states
        return output == .lastState ? states[states.count - 1] : Variable.concatenate(states, axis: 1)
    }

    /// The states h_1 … h_T (each [batch, hidden]) for inputs [batch, T·features] from
    /// `initialState` h_0 ([batch, hidden]; zero when nil), differentiable in the inputs, h_0
    /// and `parameters` (W_xh, W_hh, b in `parameterSpecs` order).
    /// - Precondition: the shapes fit (`timeSteps(forInput:)` does not throw).
    public func states(_ input: Variable, initialState: Variable? = nil, parameters: ArraySlice<Variable>) -> [Variable] {
        unrolled(input, initialState: initialState, parameters: parameters).states
    }

    /// The pre-activations a_t = W_xh x_t + W_hh h_{t−1} + b and the states h_t = φ(a_t).
    func unrolled(_ input: Variable, initialState: Variable?, parameters: ArraySlice<Variable>)
        -> (preactivations: [Variable], states: [Variable]) {
        precondition(parameters.count == 3, "ElmanRecurrent: expects 3 parameter tensors, got \(parameters.count)")
        let (f, h) = (inputFeatures, hiddenFeatures)
        precondition(input.rank == 2 && input.shape[1] > 0 && input.shape[1] % f == 0,
                     "ElmanRecurrent: input \(input.shape) is not [batch, T·\(f)]")
        let (batch, steps) = (input.shape[0], input.shape[1] / f)
        let p = Array(parameters)
        let (inputWeight, recurrentWeight, bias) = (p[0], p[1], p[2])
        if let h0 = initialState {
            precondition(h0.shape == [batch, h], "ElmanRecurrent: initial state \(h0.shape) is not [\(batch), \(h)]")
        }
        // Row i·T + t of the reshaped input is x_t of example i: one GEMM projects every step.
        let projected = matmul(input.reshaped([batch * steps, f]), inputWeight, transposeB: true)
            .reshaped([batch, steps * h])
        var state = initialState
        var preactivations: [Variable] = [], states: [Variable] = []
        preactivations.reserveCapacity(steps)
        states.reserveCapacity(steps)
        for t in 0..<steps {
            var a = projected.slice(rows: 0..<batch, columns: (t * h)..<((t + 1) * h)) + bias
            if let previous = state { a = a + matmul(previous, recurrentWeight, transposeB: true) }
            let next = activation(a)
            preactivations.append(a)
            states.append(next)
            state = next
        }
        return (preactivations, states)
    }
}
