import DescentCore
import Foundation

/// Rectified Adam (optax.scale_by_radam): Adam whose adaptive step is switched on only once the
/// variance of the adaptive learning rate is tractable.
///
///     ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
///     if ρₜ ≥ threshold:  rₜ = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ)),  u = rₜ·m̂/(√(v̂ + ε_root) + ε)
///     else:               u = m̂   (momentum SGD)
///
/// Reference: Liu et al., "On the variance of the adaptive learning rate and beyond", ICLR 2020.
/// - Complexity: O(n) time, 2n extra memory.
public struct ScaleByRAdam: GradientTransformation {
    /// Hyperparameter of the formula above.
    public let beta1: Double, beta2: Double, epsilon: Double, epsilonRoot: Double, threshold: Double

    /// Creates the transformation with the hyperparameters of the formula above (defaults as in optax).
    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0, threshold: Double = 5) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.epsilonRoot = epsilonRoot; self.threshold = threshold
    }

    public func initialize(_ params: Tensor) -> AdamState {
        AdamState(count: 0, mu: .zeros(params.shape), nu: .zeros(params.shape))
    }

    public func update(_ gradient: Tensor, state: AdamState, params: Tensor) -> (update: Tensor, state: AdamState) {
        requireSameShape(gradient, state.mu, "scaleByRAdam")
        let b1 = beta1, b2 = beta2, eps = epsilon, epsRoot = epsilonRoot
        let count = state.count + 1
        let c1 = biasCorrection(b1, count), c2 = biasCorrection(b2, count)
        let rhoInfinity = 2 / (1 - b2) - 1
        let b2t = Foundation.pow(b2, Double(count))
        let rho = rhoInfinity - 2 * Double(count) * b2t / (1 - b2t)
        let mu = updatedFirstMoment(gradient, state.mu, decay: b1)
        let nu = gradient.zipMap(state.nu) { g, v in (1 - b2) * (g * g) + b2 * v }
        let update: Tensor
        if rho >= threshold {
            let r = ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot()
            update = mu.zipMap(nu) { m, v in r * (m / c1) / ((v / c2 + epsRoot).squareRoot() + eps) }
        } else {
            update = mu / c1
        }
        return (update, AdamState(count: count, mu: mu, nu: nu))
    }
}

/// Rectified Adam scaling (optax.scale_by_radam); see `ScaleByRAdam`.
public func scaleByRAdam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, epsilonRoot: Double = 0,
                         threshold: Double = 5) -> ScaleByRAdam {
    ScaleByRAdam(beta1: beta1, beta2: beta2, epsilon: epsilon, epsilonRoot: epsilonRoot, threshold: threshold)
}
