/// A hyperparameter given either as a number or as a schedule of the step (optax's
/// `ScalarOrSchedule`): `adam(learningRate: 1e-3)` and
/// `adam(learningRate: Schedule.warmupCosineDecay(...))` both work, and so do `saga`, `svrg` and
/// `sarah`.
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

/// The one check of a constant step size or learning rate η anywhere in DescentOptimize (the
/// transformations' learning rate, SAGA/SVRG/SARAH, `FixedStep`, `DiminishingStep`,
/// `ProximalGradient`): η must be positive and finite. A step size is the programmer's
/// configuration, not data, so a bad one is a precondition failure, never a thrown error; the
/// message names the API and parameter (`name`, e.g. "saga: learningRate") and the value.
func requirePositiveStepSize(_ value: Double, _ name: @autoclosure () -> String) {
    precondition(value > 0 && value.isFinite, "\(name()) must be positive and finite, got \(value)")
}
