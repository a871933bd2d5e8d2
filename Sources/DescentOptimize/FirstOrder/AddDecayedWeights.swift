import DescentCore

/// Adds decoupled weight decay to the update (optax.add_decayed_weights): u = g + λ(t)·θ.
///
/// Placed before `scaleByLearningRate(η)` this shrinks θ by the factor (1 − ηλ) each step on
/// top of the optimizer's own step — AdamW's decoupled weight decay, which is *not* an L2
/// penalty when the optimizer rescales gradients. The state is the step count (for a schedule).
///
/// Reference: Loshchilov & Hutter, "Decoupled weight decay regularization", ICLR 2019.
/// - Complexity: O(n).
public struct AddDecayedWeights: GradientTransformation {
    /// The decay rate λ (a schedule of the step, constant in the usual case).
    public let weightDecay: Schedule
    private let constant: Double?

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(weightDecay: some ScalarOrSchedule) {
        self.weightDecay = weightDecay.schedule
        self.constant = weightDecay.constantValue
    }

    public func initialize(_ params: Tensor) -> Int { 0 }

    public func update(_ gradient: Tensor, state: Int, params: Tensor) -> (update: Tensor, state: Int) {
        precondition(gradient.shape == params.shape,
                     "addDecayedWeights: gradient shape \(gradient.shape) does not match params shape \(params.shape)")
        if constant == 0 { return (gradient, state + 1) }
        return (Tensor.scaledSum(weightDecay(state), params, gradient), state + 1)
    }

    /// θ ← θ + factor·(g + λθ) in one pass (AdamW's final step), the same rounding as the
    /// update followed by `applyingUpdates`.
    public func _applyUpdate(_ gradient: Tensor, state: inout Int, to params: inout Tensor, scaledBy factor: Double) {
        precondition(gradient.shape == params.shape,
                     "addDecayedWeights: gradient shape \(gradient.shape) does not match params shape \(params.shape)")
        let lambda = constant == 0 ? 0 : weightDecay(state)
        state += 1
        params.scalars.withUnsafeMutableBufferPointer { p in
            gradient.scalars.withUnsafeBufferPointer { g in
                guard let pp = p.baseAddress, let gp = g.baseAddress else { return }
                ParallelLoop.forEachChunk(p.count) { range in
                    if lambda == 0 {
                        for i in range { pp[i] += gp[i] * factor }
                    } else {
                        for i in range { pp[i] += (lambda * pp[i] + gp[i]) * factor }
                    }
                }
            }
        }
    }
}

/// Decoupled weight decay u = g + λθ (optax.add_decayed_weights); see `AddDecayedWeights`.
public func addDecayedWeights(_ weightDecay: some ScalarOrSchedule) -> AddDecayedWeights {
    AddDecayedWeights(weightDecay: weightDecay)
}
