import Foundation

extension Schedule {
    /// Cosine decay from `initialValue` to `alpha·initialValue` over `decaySteps`, then constant
    /// (optax.cosine_decay_schedule; Loshchilov & Hutter, "SGDR", ICLR 2017):
    /// η(t) = η₀·((1 − α)·(½(1 + cos(π·min(t, T)/T)))^exponent + α).
    /// - Precondition: `decaySteps > 0`.
    public static func cosineDecay(initialValue: Double, decaySteps: Int, alpha: Double = 0, exponent: Double = 1) -> Schedule {
        precondition(decaySteps > 0, "Schedule.cosineDecay: decaySteps must be positive, got \(decaySteps)")
        let total = Double(decaySteps)
        return Schedule { step in
            let count = min(Double(step), total)
            let cosine = 0.5 * (1 + cos(Double.pi * count / total))
            return initialValue * ((1 - alpha) * Foundation.pow(cosine, exponent) + alpha)
        }
    }

    /// Linear warm-up from `initialValue` to `peakValue` over `warmupSteps`, then cosine decay to
    /// `endValue` at step `decaySteps` (optax.warmup_cosine_decay_schedule; `decaySteps` counts
    /// the warm-up too).
    public static func warmupCosineDecay(initialValue: Double, peakValue: Double, warmupSteps: Int,
                                         decaySteps: Int, endValue: Double = 0, exponent: Double = 1) -> Schedule {
        let alpha = peakValue == 0 ? 0 : endValue / peakValue
        return join([
            .linear(initialValue: initialValue, endValue: peakValue, transitionSteps: warmupSteps),
            .cosineDecay(initialValue: peakValue, decaySteps: decaySteps - warmupSteps, alpha: alpha, exponent: exponent),
        ], boundaries: [warmupSteps])
    }

    /// One cycle of `warmupCosineDecay` for SGDR (cosine annealing with warm restarts).
    public struct CosineCycle: Sendable {
        /// Warm-up start, peak, warm-up length, cycle length (warm-up included) and final value.
        public var initialValue: Double, peakValue: Double, warmupSteps: Int, decaySteps: Int, endValue: Double
        /// A cycle warming up linearly from `initialValue` to `peakValue`, then cosine-decaying to `endValue` at `decaySteps`.
        public init(initialValue: Double, peakValue: Double, warmupSteps: Int = 0, decaySteps: Int, endValue: Double = 0) {
            self.initialValue = initialValue; self.peakValue = peakValue
            self.warmupSteps = warmupSteps; self.decaySteps = decaySteps; self.endValue = endValue
        }
    }

    /// Cosine annealing with warm restarts (optax.sgdr_schedule; Loshchilov & Hutter, "SGDR",
    /// ICLR 2017): the cycles run one after another, cycle k lasting its `decaySteps`, and the
    /// schedule restarts at each cycle's start.
    public static func sgdr(_ cycles: [CosineCycle]) -> Schedule {
        var boundaries: [Int] = [], schedules: [Schedule] = [], start = 0
        for cycle in cycles {
            schedules.append(.warmupCosineDecay(initialValue: cycle.initialValue, peakValue: cycle.peakValue,
                                                warmupSteps: cycle.warmupSteps, decaySteps: cycle.decaySteps,
                                                endValue: cycle.endValue))
            start += cycle.decaySteps
            boundaries.append(start)
        }
        return join(schedules, boundaries: Array(boundaries.dropLast()))
    }

    /// Cosine annealing with warm restarts in PyTorch's parametrization (CosineAnnealingWarmRestarts):
    /// the first period is T₀ steps, each next one `periodMultiplier` times longer; within a period
    /// η = η_min + (η_max − η_min)·½(1 + cos(π·t_cur/T_i)).
    public static func cosineAnnealingWarmRestarts(maxValue: Double, minValue: Double = 0,
                                                   firstPeriod: Int, periodMultiplier: Int = 1) -> Schedule {
        precondition(firstPeriod > 0 && periodMultiplier >= 1,
                     "Schedule.cosineAnnealingWarmRestarts: need firstPeriod > 0 and periodMultiplier ≥ 1, got \(firstPeriod), \(periodMultiplier)")
        return Schedule { step in
            var current = step, period = firstPeriod
            while current >= period {
                current -= period
                period *= periodMultiplier
            }
            return minValue + (maxValue - minValue) * 0.5 * (1 + cos(Double.pi * Double(current) / Double(period)))
        }
    }
}
