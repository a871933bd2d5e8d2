import CDescentVectorMath
import DescentCore
import Foundation

/// The state of Adam-type transformations (Adam, Yogi, RAdam): the step count and the first and
/// second moment estimates.
public struct AdamState: Equatable, Sendable {
    /// Number of updates so far, t.
    public var count: Int
    /// First moment m (moving average of g).
    public var mu: Tensor
    /// Second moment v (moving average of g², or Yogi's additive variant).
    public var nu: Tensor

    /// A state with the given count and moments.
    public init(count: Int, mu: Tensor, nu: Tensor) {
        self.count = count; self.mu = mu; self.nu = nu
    }
}

/// Adam's scaling by bias-corrected moment estimates (optax.scale_by_adam):
///
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   t ← t + 1
///     m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ),   u = m̂ / (√(v̂ + ε_root) + ε)
///
/// With `nesterov` (NAdam), m̂ = β₁·m/(1 − β₁ᵗ⁺¹) + (1 − β₁)·g/(1 − β₁ᵗ).
///
/// The step is one fused pass over contiguous buffers (read g, m, v; write m, v, u), split across
/// cores for large tensors; `step` overwrites the moments in place instead of reallocating them
/// and, inside `adam(...)`, adds −η·u straight into θ in the same pass.
///
/// References: Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015;
/// Dozat, "Incorporating Nesterov momentum into Adam", ICLR workshop 2016.
/// - Complexity: O(n) time, 2n extra memory.
public struct ScaleByAdam: GradientTransformation {
    /// Hyperparameter of the formula above.
    public let beta1: Double
    /// Hyperparameter of the formula above.
    public let beta2: Double
    /// Hyperparameter of the formula above.
    public let epsilon: Double
    /// Hyperparameter of the formula above.
    public let epsilonRoot: Double
    /// Hyperparameter of the formula above.
    public let nesterov: Bool

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0, nesterov: Bool = false) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.epsilonRoot = epsilonRoot; self.nesterov = nesterov
    }

    public func initialize(_ params: Tensor) -> AdamState {
        AdamState(count: 0, mu: .zeros(params.shape), nu: .zeros(params.shape))
    }

    public func update(_ gradient: Tensor, state: AdamState, params: Tensor) -> (update: Tensor, state: AdamState) {
        var next = state
        let update = _updateInPlace(gradient, state: &next, params: params)
        return (update, next)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout AdamState, params: Tensor) -> Tensor {
        Tensor(shape: gradient.shape, unsafeUninitialized: { out in
            fusedStep(gradient, state: &state, output: out.baseAddress, accumulate: false, factor: 1)
        })
    }

    /// θ ← θ + factor·u in the same single pass that updates the moments: reads g, m, v, θ and
    /// writes m, v, θ (7 × 8 bytes per parameter), with no temporary.
    public func _applyUpdate(_ gradient: Tensor, state: inout AdamState, to params: inout Tensor, scaledBy factor: Double) {
        precondition(params.shape == gradient.shape,
                     "scaleByAdam: params shape \(params.shape) does not match gradient shape \(gradient.shape)")
        params.scalars.withUnsafeMutableBufferPointer { p in
            fusedStep(gradient, state: &state, output: p.baseAddress, accumulate: true, factor: factor)
        }
    }

    /// The one kernel behind both paths: advances the moments in place and either writes
    /// u = m̂/(√(v̂ + ε_root) + ε) to `output` or adds factor·u to it.
    private func fusedStep(_ gradient: Tensor, state: inout AdamState, output: UnsafeMutablePointer<Double>?,
                           accumulate: Bool, factor: Double) {
        requireSameShape(gradient, state.mu, "scaleByAdam")
        requireSameShape(gradient, state.nu, "scaleByAdam")
        state.count += 1
        let b1 = beta1, b2 = beta2, eps = epsilon, epsRoot = epsilonRoot
        // m̂ = a·m + b·g covers both Adam (a = 1/(1 − β₁ᵗ), b = 0) and NAdam's look-ahead
        // (a = β₁/(1 − β₁ᵗ⁺¹), b = (1 − β₁)/(1 − β₁ᵗ)); multiplying by reciprocals instead of
        // dividing keeps the loop to one division and one square root per element (results
        // differ from optax's divisions by at most an ulp).
        let a = nesterov ? b1 / biasCorrection(b1, state.count + 1) : 1 / biasCorrection(b1, state.count)
        let b = nesterov ? (1 - b1) / biasCorrection(b1, state.count) : 0
        let inverseCorrection2 = 1 / biasCorrection(b2, state.count)
        let coefficients = DescentAdamCoefficients(beta1: b1, beta2: b2, a: a, b: b, inverseCorrection2: inverseCorrection2,
                                                   epsilonRoot: epsRoot, epsilon: eps, factor: factor)
        let n = gradient.count
        gradient.scalars.withUnsafeBufferPointer { g in
            // In place: `Tensor.scalars` yields its storage through `_modify`, so uniquely owned
            // moments are overwritten without a copy.
            state.mu.scalars.withUnsafeMutableBufferPointer { m in
                state.nu.scalars.withUnsafeMutableBufferPointer { v in
                    guard let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress, let up = output else { return }
                    // The loop is C (CDescentVectorMath's AdamStep.c): at the baseline x86-64
                    // target Swift runs the square root and division two lanes wide, which made
                    // the step compute-bound; the C kernel picks AVX-512 or AVX at run time and
                    // gives bit-identical results (same operations, same order, no FMA).
                    withUnsafePointer(to: coefficients) { cp in
                        ParallelLoop.forEachChunk(n) { range in
                            let offset = range.lowerBound
                            descent_adam_step(gp + offset, mp + offset, vp + offset, up + offset, range.count,
                                              cp, accumulate ? 1 : 0)
                        }
                    }
                }
            }
        }
    }
}

/// Adam's moment scaling (optax.scale_by_adam); see `ScaleByAdam`.
public func scaleByAdam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0,
                        nesterov: Bool = false) -> ScaleByAdam {
    ScaleByAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, nesterov: nesterov)
}
