import Foundation

extension Schedule {
    /// The same value at every step (optax.constant_schedule).
    public static func constant(_ value: Double) -> Schedule {
        Schedule { _ in value }
    }

    /// Step decay: starts at `initialValue` and is multiplied by `scale` from step `boundary` on,
    /// for each (boundary, scale) pair (optax.piecewise_constant_schedule).
    ///
    /// η(t) = η₀ · Π_{b ≤ t} s_b.
    /// - Precondition: every scale is ≥ 0.
    public static func piecewiseConstant(initialValue: Double, boundariesAndScales: [(boundary: Int, scale: Double)]) -> Schedule {
        precondition(boundariesAndScales.allSatisfy { $0.scale >= 0 },
                     "Schedule.piecewiseConstant: scales must be non-negative, got \(boundariesAndScales.map(\.scale))")
        let sorted = boundariesAndScales.sorted { $0.boundary < $1.boundary }
        return Schedule { step in
            var value = initialValue
            for (boundary, scale) in sorted where step >= boundary { value *= scale }
            return value
        }
    }

    /// Step decay by `factor` γ every `interval` k steps (PyTorch's StepLR, whose `step_size` is
    /// k and `gamma` is γ): η(t) = η₀·γ^⌊t/k⌋. The same as
    /// `exponentialDecay(initialValue: η₀, transitionSteps: k, decayRate: γ, staircase: true)`.
    public static func step(initialValue: Double, interval: Int, factor: Double) -> Schedule {
        exponentialDecay(initialValue: initialValue, transitionSteps: interval, decayRate: factor, staircase: true)
    }

    /// Exponential decay (optax.exponential_decay):
    /// η(t) = η₀ · r^p with p = (t − t₀)/T (⌊·⌋ when `staircase`), η₀ for t ≤ t₀, clipped at
    /// `endValue` (a floor when r < 1, a ceiling when r > 1).
    /// A non-positive `transitionSteps` or a zero `decayRate` gives the constant η₀, as in optax.
    public static func exponentialDecay(initialValue: Double, transitionSteps: Int, decayRate: Double,
                                        transitionBegin: Int = 0, staircase: Bool = false,
                                        endValue: Double? = nil) -> Schedule {
        if transitionSteps <= 0 || decayRate == 0 { return .constant(initialValue) }
        let begin = max(0, transitionBegin)
        return Schedule { step in
            let decreased = step - begin
            var p = Double(decreased) / Double(transitionSteps)
            if staircase { p = p.rounded(.down) }
            var value = decreased <= 0 ? initialValue : initialValue * Foundation.pow(decayRate, p)
            if let end = endValue { value = decayRate < 1 ? max(value, end) : min(value, end) }
            return value
        }
    }

    /// Polynomial decay from `initialValue` to `endValue` over `transitionSteps` steps starting at
    /// `transitionBegin` (optax.polynomial_schedule):
    /// η(t) = (η₀ − η_end)·(1 − c/T)^power + η_end with c = clamp(t − t₀, 0, T).
    /// A non-positive `transitionSteps` gives the constant η₀, as in optax.
    public static func polynomial(initialValue: Double, endValue: Double, power: Double,
                                  transitionSteps: Int, transitionBegin: Int = 0) -> Schedule {
        if transitionSteps <= 0 { return .constant(initialValue) }
        let begin = max(0, transitionBegin)
        return Schedule { step in
            let count = min(max(step - begin, 0), transitionSteps)
            let fraction = 1 - Double(count) / Double(transitionSteps)
            return (initialValue - endValue) * Foundation.pow(fraction, power) + endValue
        }
    }

    /// Linear interpolation from `initialValue` to `endValue` (optax.linear_schedule): the
    /// polynomial schedule with power 1. With `initialValue` 0 (or small) this is linear warm-up.
    public static func linear(initialValue: Double, endValue: Double, transitionSteps: Int, transitionBegin: Int = 0) -> Schedule {
        polynomial(initialValue: initialValue, endValue: endValue, power: 1,
                   transitionSteps: transitionSteps, transitionBegin: transitionBegin)
    }

    /// Diminishing step sizes c/(t + 1)^p (Robbins–Monro for 1/2 < p ≤ 1; p = 1 is c/t, p = 1/2 is c/√t),
    /// counting steps from 1 so that the first step is c.
    /// Reference: Robbins & Monro, "A stochastic approximation method" (1951).
    public static func inverseTime(initialValue: Double, power: Double = 1) -> Schedule {
        Schedule { step in initialValue / Foundation.pow(Double(step + 1), power) }
    }
}
