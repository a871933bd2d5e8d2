import Foundation

extension Schedule {
    /// Interpolates between values that change by factors at boundaries
    /// (optax.piecewise_interpolate_schedule): value_k = η₀·Π_{j≤k} s_j at bound_k, interpolated
    /// linearly or by a half cosine in between, and the last value after the last boundary.
    static func piecewiseInterpolate(cosine: Bool, initialValue: Double, boundariesAndScales: [(Int, Double)]) -> Schedule {
        let sorted = boundariesAndScales.sorted { $0.0 < $1.0 }
        let bounds = [0] + sorted.map(\.0)
        var cumulative = [initialValue]
        for (_, scale) in sorted { cumulative.append(cumulative.last! * scale) }
        let values = cumulative
        return Schedule { step in
            for k in 0..<(bounds.count - 1) where bounds[k] <= step && step < bounds[k + 1] {
                let size = Double(max(bounds[k + 1] - bounds[k], 1))
                let fraction = Double(step - bounds[k]) / size
                let start = values[k], end = values[k + 1]
                return cosine ? end + (start - end) / 2 * (cos(Double.pi * fraction) + 1) : (end - start) * fraction + start
            }
            return step >= bounds.last! ? values.last! : 0
        }
    }

    /// One-cycle policy with cosine phases (optax.cosine_onecycle_schedule; Smith & Topin,
    /// "Super-convergence", 2018): from η₀ = η_peak/d₀ up to η_peak at step ⌊w·T⌋, then down to
    /// η₀/d₁ at step T, by half cosines, with T = `transitionSteps`, w = `warmupFraction`,
    /// d₀ = `initialDivisor`, d₁ = `finalDivisor`.
    /// - Parameters:
    ///   - transitionSteps: T, the length of the cycle in steps.
    ///   - peakValue: η_peak, the largest value, reached at step ⌊w·T⌋.
    ///   - warmupFraction: w, the fraction of the T steps spent rising to the peak (optax `pct_start`).
    ///   - initialDivisor: d₀, the start value is η_peak/d₀ (optax `div_factor`).
    ///   - finalDivisor: d₁, the final value is the start value divided by d₁ (optax `final_div_factor`).
    /// - Precondition: `transitionSteps > 0`.
    public static func cosineOneCycle(transitionSteps: Int, peakValue: Double, warmupFraction: Double = 0.3,
                                      initialDivisor: Double = 25, finalDivisor: Double = 1e4) -> Schedule {
        precondition(transitionSteps > 0, "Schedule.cosineOneCycle: transitionSteps must be positive, got \(transitionSteps)")
        return piecewiseInterpolate(cosine: true, initialValue: peakValue / initialDivisor, boundariesAndScales: [
            (Int(warmupFraction * Double(transitionSteps)), initialDivisor),
            (transitionSteps, 1 / (initialDivisor * finalDivisor)),
        ])
    }

    /// One-cycle policy with linear phases (optax.linear_onecycle_schedule): η₀ = η_peak/d₀ →
    /// η_peak at step ⌊w·T⌋ → η₀ at step ⌊r·T⌋ → η₀/d₁ at step T, linearly in between, with
    /// T = `transitionSteps`, w = `warmupFraction`, r = `returnFraction`, d₀ = `initialDivisor`,
    /// d₁ = `finalDivisor`.
    /// - Parameters:
    ///   - transitionSteps: T, the length of the cycle in steps.
    ///   - peakValue: η_peak, the largest value, reached at step ⌊w·T⌋.
    ///   - warmupFraction: w, the fraction of the T steps spent rising to the peak (optax `pct_start`).
    ///   - returnFraction: r, the fraction of the T steps after which the value is back at η₀
    ///     (optax `pct_final`).
    ///   - initialDivisor: d₀, the start value is η_peak/d₀ (optax `div_factor`).
    ///   - finalDivisor: d₁, the final value is the start value divided by d₁ (optax `final_div_factor`).
    /// - Precondition: `transitionSteps > 0`.
    public static func linearOneCycle(transitionSteps: Int, peakValue: Double, warmupFraction: Double = 0.3,
                                      returnFraction: Double = 0.85, initialDivisor: Double = 25,
                                      finalDivisor: Double = 1e4) -> Schedule {
        precondition(transitionSteps > 0, "Schedule.linearOneCycle: transitionSteps must be positive, got \(transitionSteps)")
        return piecewiseInterpolate(cosine: false, initialValue: peakValue / initialDivisor, boundariesAndScales: [
            (Int(warmupFraction * Double(transitionSteps)), initialDivisor),
            (Int(returnFraction * Double(transitionSteps)), 1 / initialDivisor),
            (transitionSteps, 1 / finalDivisor),
        ])
    }
}
