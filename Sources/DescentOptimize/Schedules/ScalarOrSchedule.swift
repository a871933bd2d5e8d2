/// A hyperparameter given either as a number or as a schedule of the step (optax's
/// `ScalarOrSchedule`): `adam(learningRate: 1e-3)` and
/// `adam(learningRate: .warmupCosineDecay(...))` both work.
public protocol ScalarOrSchedule {
    /// The value as a schedule (constant for a number).
    var schedule: Schedule { get }
    /// The value when it does not depend on the step, `nil` for a genuine schedule.
    var constantValue: Double? { get }
}

extension Double: ScalarOrSchedule {
    /// The number as a constant schedule.
    public var schedule: Schedule { .constant(self) }
    /// The number itself.
    public var constantValue: Double? { self }
}

extension Schedule: ScalarOrSchedule {
    /// The schedule itself.
    public var schedule: Schedule { self }
    /// `nil`: a schedule may vary with the step.
    public var constantValue: Double? { nil }
}
