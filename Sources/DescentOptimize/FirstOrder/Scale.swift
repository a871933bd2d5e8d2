import DescentCore

/// Multiplies the update by a fixed factor: u = s·g (optax.scale).
/// - Complexity: O(n).
public struct Scale: GradientTransformation {
    /// The factor s.
    public let factor: Double

    /// Scaling by `factor`.
    public init(_ factor: Double) { self.factor = factor }

    public func initialize(_ params: Tensor) -> EmptyState { EmptyState() }

    public func update(_ gradient: Tensor, state: EmptyState, params: Tensor) -> (update: Tensor, state: EmptyState) {
        (gradient * factor, state)
    }

    public func updateInPlace(_ gradient: Tensor, state: inout EmptyState, params: Tensor) -> Tensor {
        var update = gradient
        let s = factor
        // One pass without a temporary when the buffer is not shared; otherwise copy-on-write makes
        // the one copy a new tensor would need anyway.
        withUniqueScalars(of: &update) { u in
            let p = u.baseAddress
            ParallelLoop.forEachChunk(u.count) { range in for i in range { p![i] *= s } }
        }
        return update
    }
}

/// Multiplies by a factor that follows a schedule of the step count: u = s(t)·g, t = 0, 1, …
/// (optax.scale_by_schedule). The state is the step count t.
public struct ScaleBySchedule: GradientTransformation {
    /// The factor s(t).
    public let schedule: Schedule

    /// Scaling by `schedule(t)` at step t.
    public init(_ schedule: Schedule) { self.schedule = schedule }

    public func initialize(_ params: Tensor) -> Int { 0 }

    public func update(_ gradient: Tensor, state: Int, params: Tensor) -> (update: Tensor, state: Int) {
        (Scale(schedule(state)).update(gradient, state: EmptyState(), params: params).update, state + 1)
    }

    public func updateInPlace(_ gradient: Tensor, state: inout Int, params: Tensor) -> Tensor {
        var empty = EmptyState()
        let update = Scale(schedule(state)).updateInPlace(gradient, state: &empty, params: params)
        state += 1
        return update
    }
}

/// Multiplies by a fixed factor s: u = s·g (optax.scale).
public func scale(_ factor: Double) -> Scale { Scale(factor) }

/// Multiplies by a scheduled factor s(t) (optax.scale_by_schedule).
public func scaleBySchedule(_ schedule: Schedule) -> ScaleBySchedule { ScaleBySchedule(schedule) }

/// Multiplies by −η (or −η(t) for a schedule): the last link of every recipe, turning a descent
/// direction into an update that is added to the parameters (optax.scale_by_learning_rate with
/// flip_sign=True).
/// - Parameter learningRate: the step size η > 0, a number or a `Schedule`.
public func scaleByLearningRate(_ learningRate: some ScalarOrSchedule) -> AnyGradientTransformation {
    if let constant = learningRate.constantValue {
        return AnyGradientTransformation(Scale(-constant))
    }
    let schedule = learningRate.schedule
    return AnyGradientTransformation(ScaleBySchedule(Schedule { -schedule($0) }))
}
