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

    public func _updateInPlace(_ gradient: Tensor, state: inout EmptyState, params: Tensor) -> Tensor {
        scaledInPlace(gradient, by: factor)
    }

    /// u = s·g.
    public func _scalarFactor(state: EmptyState) -> (factor: Double, state: EmptyState)? { (factor, state) }
}

/// Multiplies by a factor that follows a schedule of the step count: u = s(t)·g, t = 0, 1, …
/// (optax.scale_by_schedule). The state is the step count t.
/// - Complexity: O(n).
public struct ScaleBySchedule: GradientTransformation {
    /// The factor s(t).
    public let schedule: Schedule

    /// Scaling by `schedule(t)` at step t.
    public init(_ schedule: Schedule) { self.schedule = schedule }

    /// The step count t = 0.
    public func initialize(_ params: Tensor) -> Int { 0 }

    public func update(_ gradient: Tensor, state: Int, params: Tensor) -> (update: Tensor, state: Int) {
        (gradient * schedule(state), state + 1)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout Int, params: Tensor) -> Tensor {
        defer { state += 1 }
        return scaledInPlace(gradient, by: schedule(state))
    }

    /// u = s(t)·g.
    public func _scalarFactor(state: Int) -> (factor: Double, state: Int)? { (schedule(state), state + 1) }
}

/// Multiplies by −η(t), the learning rate (a number or a schedule of the step count t = 0, 1, …):
/// u = −η(t)·g, the last link of every recipe, turning a descent direction into an update that is
/// added to the parameters (optax.scale_by_learning_rate with flip_sign=True). The state is the
/// step count t.
/// - Complexity: O(n).
public struct ScaleByLearningRate: GradientTransformation {
    /// The learning rate η(t) (constant for a number).
    public let learningRate: Schedule

    /// Scaling by −η(t).
    /// - Precondition: a constant `learningRate` is positive and finite (a schedule's values are
    ///   not checked).
    public init(_ learningRate: some ScalarOrSchedule) {
        if let constant = learningRate.constantValue {
            requirePositiveStepSize(constant, "scaleByLearningRate: learningRate")
        }
        self.learningRate = learningRate.schedule
    }

    /// The step count t = 0.
    public func initialize(_ params: Tensor) -> Int { 0 }

    public func update(_ gradient: Tensor, state: Int, params: Tensor) -> (update: Tensor, state: Int) {
        (gradient * -learningRate(state), state + 1)
    }

    public func _updateInPlace(_ gradient: Tensor, state: inout Int, params: Tensor) -> Tensor {
        defer { state += 1 }
        return scaledInPlace(gradient, by: -learningRate(state))
    }

    /// u = −η(t)·g.
    public func _scalarFactor(state: Int) -> (factor: Double, state: Int)? { (-learningRate(state), state + 1) }
}

/// s·g, computed in one pass without a temporary when `gradient`'s buffer is not shared;
/// otherwise copy-on-write makes the one copy a new tensor would need anyway. Rounds as `g * s`.
private func scaledInPlace(_ gradient: Tensor, by s: Double) -> Tensor {
    var update = gradient
    update.scalars.withUnsafeMutableBufferPointer { u in
        let p = u.baseAddress
        ParallelLoop.forEachChunk(u.count) { range in for i in range { p![i] *= s } }
    }
    return update
}

/// Multiplies by a fixed factor s: u = s·g (optax.scale).
public func scale(_ factor: Double) -> Scale { Scale(factor) }

/// Multiplies by a scheduled factor s(t): u = s(t)·g (optax.scale_by_schedule).
public func scaleBySchedule(_ schedule: Schedule) -> ScaleBySchedule { ScaleBySchedule(schedule) }

/// Multiplies by −η(t): u = −η(t)·g (optax.scale_by_learning_rate); see `ScaleByLearningRate`.
/// - Parameter learningRate: the step size η > 0, a number or a `Schedule`.
public func scaleByLearningRate(_ learningRate: some ScalarOrSchedule) -> ScaleByLearningRate {
    ScaleByLearningRate(learningRate)
}
