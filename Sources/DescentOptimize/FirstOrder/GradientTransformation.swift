import DescentCore

/// A gradient transformation: a pure value that turns a gradient into an update, carrying an
/// explicit state from step to step (optax's `GradientTransformation`).
///
/// An optimizer step is
/// ```
/// (u, state) = t.update(g, state: state, params: θ)
/// θ = apply(updates: u, to: θ)          // θ + u
/// ```
/// Updates already carry their sign: recipes end with `scaleByLearningRate(η)`, which multiplies
/// by −η, so an update is always *added* to the parameters.
///
/// Conformers implement `initialize` and the functional `update`; a transformation whose state is
/// large (Adam's moments) also implements `updateInPlace` to avoid copying its state.
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
    /// - Returns: the update and the next state.
    func update(_ gradient: Tensor, state: State, params: Tensor) -> (update: Tensor, state: State)

    /// Same as `update(_:state:params:)`, but advances `state` in place: when the caller owns the
    /// only copy of the state, large moment buffers are overwritten instead of reallocated.
    func updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor

    /// Applies this transformation's update, scaled by `factor`, to the parameters in place:
    /// θ ← θ + factor·u. The same arithmetic as `update` followed by `apply`, but a
    /// transformation may fuse it into its own pass (Adam reads g, m, v, θ and writes m, v, θ
    /// once, with no temporary), and `Chain` folds a trailing constant `scale` into `factor`.
    func applyUpdate(_ gradient: Tensor, state: inout State, to params: inout Tensor, scaledBy factor: Double)
}

extension GradientTransformation {
    /// Default: the functional update, stored back into `state`.
    public func updateInPlace(_ gradient: Tensor, state: inout State, params: Tensor) -> Tensor {
        let (update, next) = update(gradient, state: state, params: params)
        state = next
        return update
    }

    /// Default: `updateInPlace`, then θ ← θ + factor·u in one pass.
    public func applyUpdate(_ gradient: Tensor, state: inout State, to params: inout Tensor, scaledBy factor: Double) {
        let update = updateInPlace(gradient, state: &state, params: params)
        addScaledInPlace(update, factor, to: &params)
    }

    /// One complete optimizer step in place, θ ← θ + u(g): the fastest way to run an optimizer
    /// (for `adam(...)`, a single fused pass over θ, g and the moments).
    /// - Complexity: O(n) time; no allocation for fused transformations.
    public func step(_ params: inout Tensor, gradient: Tensor, state: inout State) {
        applyUpdate(gradient, state: &state, to: &params, scaledBy: 1)
    }

    /// This transformation with its state type erased, for `chain` and for storing optimizers of
    /// different kinds in one variable.
    public func eraseToAnyGradientTransformation() -> AnyGradientTransformation {
        AnyGradientTransformation(self)
    }
}

/// The parameters after an update: θ + u (optax.apply_updates).
/// - Precondition: `updates` and `params` have the same shape.
public func apply(updates: Tensor, to params: Tensor) -> Tensor {
    precondition(updates.shape == params.shape,
                 "apply(updates:to:): updates shape \(updates.shape) does not match params shape \(params.shape)")
    return Tensor.scaledSum(1, updates, params)
}

/// θ ← θ + u in place, without reallocating θ when it is uniquely owned.
/// - Precondition: `updates` and `params` have the same shape.
public func applyInPlace(updates: Tensor, to params: inout Tensor) {
    precondition(updates.shape == params.shape,
                 "applyInPlace(updates:to:): updates shape \(updates.shape) does not match params shape \(params.shape)")
    addScaledInPlace(updates, 1, to: &params)
}

/// θ ← θ + factor·u in place, in parallel for large tensors. Computes `θ + (u·factor)`, the same
/// rounding as scaling the update first and adding it afterwards.
@usableFromInline
func addScaledInPlace(_ update: Tensor, _ factor: Double, to params: inout Tensor) {
    precondition(update.shape == params.shape,
                 "applyUpdate: update shape \(update.shape) does not match params shape \(params.shape)")
    withUniqueScalars(of: &params) { p in
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

/// The state of a transformation that remembers nothing (scale, clipping, constant weight decay).
public struct EmptyState: Sendable, Equatable {
    /// Creates the value.
    public init() {}
}

/// Runs `body` on a mutable buffer over `tensor`'s scalars without copying them.
///
/// Why not `tensor.scalars.withUnsafeMutableBufferPointer`: `Tensor.scalars` has a `didSet`
/// observer that reads `oldValue`, so every in-place mutation through the property first copies
/// the whole array. Moving the array out, mutating it while uniquely referenced and moving it
/// back keeps an optimizer step allocation-free.
@usableFromInline
func withUniqueScalars<R>(of tensor: inout Tensor, _ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
    let shape = tensor.shape
    var scalars = tensor.scalars
    tensor = Tensor(shape: [0], scalars: [])
    let result = scalars.withUnsafeMutableBufferPointer { body($0) }
    tensor = Tensor(shape: shape, scalars: scalars)
    return result
}
