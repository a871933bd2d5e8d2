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
                let pct = Double(step - bounds[k]) / size
                let start = values[k], end = values[k + 1]
                return cosine ? end + (start - end) / 2 * (cos(Double.pi * pct) + 1) : (end - start) * pct + start
            }
            return step >= bounds.last! ? values.last! : 0
        }
    }

    /// One-cycle policy with cosine phases (optax.cosine_onecycle_schedule; Smith & Topin,
    /// "Super-convergence", 2018): from η_peak/div up to η_peak at step ⌊pct_start·T⌋, then down to
    /// η_peak/(div·final_div) at step T, by half cosines.
    /// - Precondition: `transitionSteps > 0`.
    public static func cosineOneCycle(transitionSteps: Int, peakValue: Double, pctStart: Double = 0.3,
                                      divFactor: Double = 25, finalDivFactor: Double = 1e4) -> Schedule {
        precondition(transitionSteps > 0, "Schedule.cosineOneCycle: transitionSteps must be positive, got \(transitionSteps)")
        return piecewiseInterpolate(cosine: true, initialValue: peakValue / divFactor, boundariesAndScales: [
            (Int(pctStart * Double(transitionSteps)), divFactor),
            (transitionSteps, 1 / (divFactor * finalDivFactor)),
        ])
    }

    /// One-cycle policy with linear phases (optax.linear_onecycle_schedule): η_peak/div → η_peak at
    /// ⌊pct_start·T⌋ → η_peak/div at ⌊pct_final·T⌋ → η_peak/(div·final_div) at T.
    /// - Precondition: `transitionSteps > 0`.
    public static func linearOneCycle(transitionSteps: Int, peakValue: Double, pctStart: Double = 0.3,
                                      pctFinal: Double = 0.85, divFactor: Double = 25, finalDivFactor: Double = 1e4) -> Schedule {
        precondition(transitionSteps > 0, "Schedule.linearOneCycle: transitionSteps must be positive, got \(transitionSteps)")
        return piecewiseInterpolate(cosine: false, initialValue: peakValue / divFactor, boundariesAndScales: [
            (Int(pctStart * Double(transitionSteps)), divFactor),
            (Int(pctFinal * Double(transitionSteps)), 1 / divFactor),
            (transitionSteps, 1 / finalDivFactor),
        ])
    }
}
