import DescentCore

/// Sharpness-aware minimization (SAM): the inner optimizer is fed the gradient at the worst
/// nearby point instead of at θ.
///
///     ε = ρ·g/‖g‖,   g_SAM = ∇f(θ + ε),   (u, state) = inner.update(g_SAM, state, θ)
///
/// SAM needs a second gradient evaluation per step, so it wraps a gradient function: `update`
/// receives g = ∇f(θ) as usual and calls `gradient(θ + ε)` itself. This is optax.contrib.sam in
/// opaque mode with `adv_optimizer = chain(normalize(), sgd(ρ))` and `sync_period = 2`. A zero
/// gradient gives ε = 0 (optax would divide 0 by 0).
///
/// Reference: Foret, Kleiner, Mobahi & Neyshabur, "Sharpness-aware minimization for efficiently
/// improving generalization", ICLR 2021, Algorithm 1.
/// - Complexity: the inner optimizer's cost plus one gradient evaluation and O(n).
public struct SharpnessAware<Inner: GradientTransformation>: GradientTransformation {
    /// The wrapped optimizer.
    public let inner: Inner
    /// The neighbourhood radius ρ (paper: 0.05).
    public let rho: Double
    /// ∇f, evaluated at the perturbed point.
    public let gradient: (Tensor) -> Tensor

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(_ inner: Inner, rho: Double, gradient: @escaping (Tensor) -> Tensor) {
        precondition(rho >= 0, "sharpnessAware: rho must be non-negative, got \(rho)")
        self.inner = inner; self.rho = rho; self.gradient = gradient
    }

    public func initialize(_ params: Tensor) -> Inner.State { inner.initialize(params) }

    public func update(_ gradient: Tensor, state: Inner.State, params: Tensor) -> (update: Tensor, state: Inner.State) {
        inner.update(perturbedGradient(gradient, params: params), state: state, params: params)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout Inner.State, params: Tensor) -> Tensor {
        inner._updateInPlace(perturbedGradient(gradient, params: params), state: &state, params: params)
    }

    /// g_SAM = ∇f(θ + ρ·g/‖g‖).
    public func perturbedGradient(_ g: Tensor, params: Tensor) -> Tensor {
        precondition(g.shape == params.shape,
                     "sharpnessAware: gradient shape \(g.shape) does not match params shape \(params.shape)")
        let norm = g.norm(.two)
        guard norm > 0 else { return self.gradient(params) }
        let r = rho
        return self.gradient(g.zipMap(params) { gi, p in r * (gi / norm) + p })
    }
}

/// Wraps `inner` in sharpness-aware minimization; see `SharpnessAware`.
public func sharpnessAware<Inner: GradientTransformation>(_ inner: Inner, rho: Double = 0.05,
                                                          gradient: @escaping (Tensor) -> Tensor) -> SharpnessAware<Inner> {
    SharpnessAware(inner, rho: rho, gradient: gradient)
}
