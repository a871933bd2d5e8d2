import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// Schedules against optax's schedule functions at steps 0…39 (float64 counts; see the generator
/// Tools/references/optax_updates.py), plus hand-worked values.
@Suite("Schedules")
struct ScheduleTests {
    static let reference = try! ReferenceData.load("optax_updates")

    static func schedule(_ name: String, _ h: ReferenceData) -> Schedule {
        func value(_ key: String, _ fallback: Double) -> Double { h.has(key) ? h.double(key) : fallback }
        switch name {
        case "constant": return .constant(h.double("value"))
        case "piecewiseConstant":
            let pairs = zip(h.doubles("boundaries"), h.doubles("scales")).map { (boundary: Int($0), scale: $1) }
            return .piecewiseConstant(initialValue: h.double("initialValue"), boundariesAndScales: pairs)
        case "exponentialDecay":
            return .exponentialDecay(initialValue: h.double("initialValue"), transitionSteps: h.int("transitionSteps"),
                                     decayRate: h.double("decayRate"), transitionBegin: h.int("transitionBegin"),
                                     staircase: h.double("staircase") != 0, endValue: h.has("endValue") ? h.double("endValue") : nil)
        case "polynomial":
            return .polynomial(initialValue: h.double("initialValue"), endValue: h.double("endValue"), power: h.double("power"),
                               transitionSteps: h.int("transitionSteps"), transitionBegin: h.int("transitionBegin"))
        case "linear":
            return .linear(initialValue: h.double("initialValue"), endValue: h.double("endValue"), transitionSteps: h.int("transitionSteps"))
        case "cosineDecay":
            return .cosineDecay(initialValue: h.double("initialValue"), decaySteps: h.int("decaySteps"), alpha: h.double("alpha"),
                                exponent: h.double("exponent"))
        case "warmupCosineDecay":
            return .warmupCosineDecay(initialValue: h.double("initialValue"), peakValue: h.double("peakValue"),
                                      warmupSteps: h.int("warmupSteps"), decaySteps: h.int("decaySteps"), endValue: h.double("endValue"))
        case "sgdr":
            return .sgdr(h.cases("cycles").map {
                Schedule.CosineCycle(initialValue: $0.double("initialValue"), peakValue: $0.double("peakValue"),
                                     warmupSteps: $0.int("warmupSteps"), decaySteps: $0.int("decaySteps"), endValue: $0.double("endValue"))
            })
        // The reference file keeps optax's names (pct_start, div_factor, …) as its keys.
        case "cosineOneCycle":
            return .cosineOneCycle(transitionSteps: h.int("transitionSteps"), peakValue: h.double("peakValue"),
                                   warmupFraction: h.double("pctStart"), initialDivisor: h.double("divFactor"),
                                   finalDivisor: h.double("finalDivFactor"))
        case "linearOneCycle":
            return .linearOneCycle(transitionSteps: h.int("transitionSteps"), peakValue: h.double("peakValue"),
                                   warmupFraction: h.double("pctStart"), returnFraction: h.double("pctFinal"),
                                   initialDivisor: h.double("divFactor"), finalDivisor: h.double("finalDivFactor"))
        case "warmupExponential":
            return .warmup(from: h.double("initialValue"), to: h.double("peakValue"), steps: h.int("warmupSteps"),
                           then: .exponentialDecay(initialValue: h.double("peakValue"), transitionSteps: h.int("transitionSteps"),
                                                   decayRate: h.double("decayRate")))
        default:
            preconditionFailure("no schedule for optax case \(name)")
        }
    }

    @Test("values match optax at steps 0…39")
    func matchesOptax() {
        for c in Self.reference.cases("schedules") {
            let name = c.string("name")
            let s = Self.schedule(name, c["hyper"])
            let ours = c.doubles("steps").map { s(Int($0)) }
            // cos/pow differ from XLA's by an ulp or two; atol for values that decay to ~0.
            expectClose(ours, c.doubles("values"), rtol: 1e-12, atol: 1e-15, "\(name): libm vs XLA rounding")
        }
    }

    @Test("hand-worked values: step decay, warm-up, warm restarts, inverse time")
    func handWorked() {
        let step = Schedule.step(initialValue: 1, interval: 10, factor: 0.1)
        #expect(step(0) == 1 && step(9) == 1)
        expectClose(step(10), 0.1, rtol: 1e-15, "one rounding in pow")
        expectClose(step(25), 0.01, rtol: 1e-15, "one rounding in pow")
        let warm = Schedule.warmup(from: 0, to: 1, steps: 4, then: .constant(0.5))
        #expect(warm.values(count: 6) == [0, 0.25, 0.5, 0.75, 0.5, 0.5])
        // PyTorch's CosineAnnealingWarmRestarts(T₀ = 2, T_mult = 2): periods 2, 4, 8, …
        let restarts = Schedule.cosineAnnealingWarmRestarts(maxValue: 1, minValue: 0, firstPeriod: 2, periodMultiplier: 2)
        expectClose(restarts.values(count: 7), [1, 0.5, 1, 0.5 * (1 + Foundation.cos(Double.pi / 4)), 0.5, 0.5 * (1 + Foundation.cos(3 * Double.pi / 4)), 1],
                    rtol: 1e-15, atol: 1e-16, "cos rounding")
        let inverse = Schedule.inverseTime(initialValue: 1, power: 0.5)
        expectClose(inverse(3), 0.5, rtol: 1e-15, "c/√(t+1) at t = 3")
        // Degenerate parameters fall back to a constant, as in optax.
        #expect(Schedule.exponentialDecay(initialValue: 0.3, transitionSteps: 0, decayRate: 0.5)(100) == 0.3)
        #expect(Schedule.polynomial(initialValue: 0.3, endValue: 0, power: 1, transitionSteps: 0)(100) == 0.3)
    }
}
