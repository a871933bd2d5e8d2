import DescentCore

/// Transformations applied one after another, each to the previous one's output (optax.chain).
///
/// The state is the list of the members' states, in order.
/// Example: `chain(scaleByAdam(), scaleByLearningRate(1e-3))` is Adam.
public struct Chain: GradientTransformation {
    public typealias State = [Any]

    /// The members, applied first to last.
    public let transformations: [AnyGradientTransformation]

    /// Chains `transformations`, applied first to last.
    public init(_ transformations: [AnyGradientTransformation]) {
        self.transformations = transformations
    }

    public func initialize(_ params: Tensor) -> [Any] {
        transformations.map { $0.initialize(params) }
    }

    public func update(_ gradient: Tensor, state: [Any], params: Tensor) -> (update: Tensor, state: [Any]) {
        precondition(state.count == transformations.count,
                     "Chain.update: state has \(state.count) entries for \(transformations.count) transformations")
        var update = gradient
        var next = state
        for (k, transformation) in transformations.enumerated() {
            (update, next[k]) = transformation.update(update, state: state[k], params: params)
        }
        return (update, next)
    }

    public func updateInPlace(_ gradient: Tensor, state: inout [Any], params: Tensor) -> Tensor {
        precondition(state.count == transformations.count,
                     "Chain.updateInPlace: state has \(state.count) entries for \(transformations.count) transformations")
        var update = gradient
        for (k, transformation) in transformations.enumerated() {
            var member = state[k]
            state[k] = EmptyState()  // keep the member's buffers uniquely referenced while it updates them
            update = transformation.updateInPlace(update, state: &member, params: params)
            state[k] = member
        }
        return update
    }

    /// Runs the members in place and lets the last one that is not a constant `scale` apply its
    /// update directly, with the trailing scales folded into `factor` (so `adam(...)`'s step is
    /// one fused pass).
    public func applyUpdate(_ gradient: Tensor, state: inout [Any], to params: inout Tensor, scaledBy factor: Double) {
        precondition(state.count == transformations.count,
                     "Chain.applyUpdate: state has \(state.count) entries for \(transformations.count) transformations")
        var scaled = factor
        var last = transformations.count - 1
        while last >= 0, let s = transformations[last].constantFactor {
            scaled *= s
            last -= 1
        }
        var update = gradient
        for k in 0..<max(last, 0) {
            var member = state[k]
            state[k] = EmptyState()
            update = transformations[k].updateInPlace(update, state: &member, params: params)
            state[k] = member
        }
        if last >= 0 {
            var member = state[last]
            state[last] = EmptyState()
            transformations[last].applyUpdate(update, state: &member, to: &params, scaledBy: scaled)
            state[last] = member
        } else {
            addScaledInPlace(update, scaled, to: &params)
        }
    }
}

/// Chains transformations: the output of each is the input of the next (optax.chain).
/// - Complexity: the sum of the members' costs.
public func chain(_ transformations: any GradientTransformation...) -> Chain {
    chain(transformations)
}

/// Chains a list of transformations (optax.chain).
public func chain(_ transformations: [any GradientTransformation]) -> Chain {
    Chain(transformations.map { AnyGradientTransformation($0) })
}
