extension Schedule {
    /// Runs `schedules[0]` until `boundaries[0]`, then `schedules[1]` restarted at step 0, and so
    /// on (optax.join_schedules): η(t) = s_k(t − b_{k−1}) for b_{k−1} ≤ t < b_k.
    /// - Precondition: `boundaries.count == schedules.count − 1`.
    public static func join(_ schedules: [Schedule], boundaries: [Int]) -> Schedule {
        precondition(!schedules.isEmpty && boundaries.count == schedules.count - 1,
                     "Schedule.join: \(schedules.count) schedules need \(max(0, schedules.count - 1)) boundaries, got \(boundaries.count)")
        return Schedule { step in
            var value = schedules[0](step)
            for (boundary, schedule) in zip(boundaries, schedules.dropFirst()) where step >= boundary {
                value = schedule(step - boundary)
            }
            return value
        }
    }

    /// Linear warm-up from `initialValue` to `peakValue` over `warmupSteps`, then `schedule`
    /// restarted at step 0 (optax.join_schedules of linear_schedule and `schedule`).
    public static func warmup(from initialValue: Double = 0, to peakValue: Double, steps warmupSteps: Int,
                              then schedule: Schedule) -> Schedule {
        join([.linear(initialValue: initialValue, endValue: peakValue, transitionSteps: warmupSteps), schedule],
             boundaries: [warmupSteps])
    }
}
