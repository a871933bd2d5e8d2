/// A value that depends on the step count: learning rates, weight decays, momenta (optax's
/// `Schedule`, a function of the step). Step 0 is the first update.
///
/// Build one with the factory functions (`constant`, `exponentialDecay`, `cosineDecay`,
/// `warmupCosineDecay`, `sgdr`, `cosineOneCycle`, `join`, …) or from any closure.
public struct Schedule: Sendable {
    private let body: @Sendable (Int) -> Double

    /// A schedule computing `value(step)`.
    public init(_ value: @escaping @Sendable (Int) -> Double) {
        body = value
    }

    /// The value at `step` (0-based).
    public func callAsFunction(_ step: Int) -> Double { body(step) }

    /// The values at steps `0..<count`.
    public func values(count: Int) -> [Double] { (0..<count).map(body) }
}
