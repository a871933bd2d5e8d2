import DescentCore

/// Transformations applied one after another, each to the previous one's output (optax.chain).
///
/// The state is the list of the members' states, in order.
/// Example: `chain(scaleByAdam(), scaleByLearningRate(1e-3))` is Adam.
public struct Chain: GradientTransformation {
    public typealias State = [Any]

    /// The members, applied first to last.
    public let transformations: [AnyGradientTransformation]

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
