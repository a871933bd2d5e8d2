import DescentCore

/// A gradient transformation: a pure value that turns a gradient into an update, carrying an
/// explicit, typed state from step to step (optax's `GradientTransformation`).
///
/// Two ways to run one, with the same numbers bit for bit:
/// ```
/// // functional (optax): the state is a value passed in and returned
/// (u, state) = t.update(g, state: state, params: θ)
/// θ = θ.applyingUpdates(u)                         // θ + u
///
/// // in place: the fastest way, e.g. one fused pass over θ, g and Adam's moments
/// t.step(&θ, gradient: g, state: &state)           // θ ← θ + u
/// ```
/// Updates already carry their sign: recipes end with `scaleByLearningRate(η)`, which multiplies
/// by −η, so an update is always *added* to the parameters.
///
/// The state type is concrete: `adam(learningRate: 0.1).initialize(θ)` is an `Adam.State`, a
/// `Chain.State` whose `first` is Adam's `AdamState` (`count`, `mu`, `nu`) and whose `second` is
/// the learning rate's step count. `AnyGradientTransformation` erases it (to `Any`) only when
/// asked, for storing optimizers of different kinds in one variable.
///
/// Conformers implement `initialize` and `update`. The underscored requirements are the
/// machinery behind `step` (in-place state, fused kernels); they have defaults and are not API:
/// call `update` or `step`.
///
/// Reference: Babuschkin et al., "The DeepMind JAX Ecosystem" (2020), optax.
public protocol GradientTransformation {
    /// What the transformation remembers between steps (moments, step count, …).
    associatedtype State

    /// The state before the first step, for parameters `params`.
    func initialize(_ params: Tensor) -> State

    /// Transforms `gradient` (or the previous transformation's update) into an update.
    /// - Parameters:
    ///   - gradient: ∇f(θ), or the output of the previous transformation in a chain.
    ///   - state: the state returned by the previous call (or by `initialize`).
    ///   - params: the current parameters θ (used by weight decay, lookahead, Sophia).
    /// - Returns: the update u and the next state.
    func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State)

    /// Implementation hook of `step`, not API: `update`, advancing `state` in place so that a
    /// uniquely owned state's buffers (Adam's moments) are overwritten instead of reallocated.
    /// Must return the same numbers as `update`.
    func _updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor

    /// Implementation hook of `step`, not API: θ ← θ + factor·u with u from `update`, advancing
    /// `state`. A transformation may fuse it into its own pass (Adam reads g, m, v, θ and writes
    /// m, v, θ once, with no temporary); it must round as θ + (u·factor) does.
    func _applyUpdate(_ gradient: Tensor, state: inout State, to params: inout Tensor, scaledBy factor: Double)

    /// Implementation hook of `step`, not API: when this step's update is s·g for a scalar s
    /// that does not depend on g (a constant or scheduled scale), s and the next state, so that
    /// `Chain` folds the scale into the previous member's fused pass; `nil` otherwise.
    func _scalarFactor(state: State) -> (factor: Double, state: State)?
}

extension GradientTransformation {
    /// Default: the functional update, stored back into `state`.
    public func _updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor {
        let (update, next) = update(gradient, state: state, params: params)
        state = next
        return update
    }

    /// Default: the in-place update, then θ ← θ + factor·u in one pass.
    public func _applyUpdate(_ gradient: Tensor, state: inout State, to params: inout Tensor, scaledBy factor: Double) {
        let update = _updateInPlace(gradient, state: &state, params: params)
        addScaledInPlace(update, factor, to: &params)
    }

    /// Default: the update is not a scalar multiple of the gradient.
    public func _scalarFactor(state: State) -> (factor: Double, state: State)? { nil }

    /// One complete optimizer step in place, θ ← θ + u with (u, state) = `update(g, state, θ)`:
    /// the same numbers as `update` followed by `applyingUpdates`, bit for bit, and the fastest
    /// way to run an optimizer (for `adam(...)`, a single fused pass over θ, g and the moments;
    /// a trailing learning rate is folded into the previous member's pass).
    /// - Precondition: `gradient` has the shape of `params` and of the state's buffers.
    /// - Complexity: O(n) time; no allocation for fused transformations.
    public func step(_ params: inout Tensor, gradient: Tensor, state: inout State) {
        _applyUpdate(gradient, state: &state, to: &params, scaledBy: 1)
    }

    /// This transformation with its state type erased to `Any`; see `AnyGradientTransformation`.
    /// Only for storing optimizers of different kinds in one variable: recipes and `chain`
    /// keep the state typed.
    public func eraseToAnyGradientTransformation() -> AnyGradientTransformation {
        AnyGradientTransformation(self)
    }
}

extension Tensor {
    /// The parameters after an update, θ + u (optax.apply_updates).
    /// - Precondition: `updates` has this tensor's shape (no broadcasting).
    /// - Complexity: O(n), one new tensor.
    public func applyingUpdates(_ updates: Tensor) -> Tensor {
        precondition(updates.shape == shape,
                     "applyingUpdates: updates shape \(updates.shape) does not match params shape \(shape)")
        return Tensor.scaledSum(1, updates, self)
    }

    /// θ ← θ + u in place, without reallocating θ when it is uniquely owned; the same rounding
    /// as `applyingUpdates`.
    /// - Precondition: `updates` has this tensor's shape (no broadcasting).
    /// - Complexity: O(n), no allocation.
    public mutating func applyUpdates(_ updates: Tensor) {
        addScaledInPlace(updates, 1, to: &self)
    }
}

/// θ ← θ + factor·u in place, in parallel for large tensors. Computes `θ + (u·factor)`, the same
/// rounding as scaling the update first and adding it afterwards.
@usableFromInline
func addScaledInPlace(_ update: Tensor, _ factor: Double, to params: inout Tensor) {
    precondition(update.shape == params.shape,
                 "update shape \(update.shape) does not match params shape \(params.shape)")
    // In place: `Tensor.scalars` yields its storage through `_modify`, so a uniquely owned θ is
    // written without a copy.
    params.scalars.withUnsafeMutableBufferPointer { p in
        update.scalars.withUnsafeBufferPointer { u in
            guard let pp = p.baseAddress, let up = u.baseAddress else { return }
            ParallelLoop.forEachChunk(p.count) { range in
                if factor == 1 {
                    for i in range { pp[i] += up[i] }
                } else {
                    for i in range { pp[i] += up[i] * factor }
                }
            }
        }
    }
}

/// The state of a transformation that remembers nothing (scale, clipping, identity).
public struct EmptyState: Sendable, Equatable {
    /// Creates the value.
    public init() {}
}
