import DescentCore
import DescentOptimize
import Testing
import _TestSupport

/// Every transformation and recipe against optax 0.2.8 (JAX, 64-bit) step for step: 8 seeded
/// gradients on a 5-vector, updates and parameters after each step
/// (generator: Tools/references/optax_updates.py).
@Suite("optax references")
struct OptaxReferenceTests {
    static let reference = try! ReferenceData.load("optax_updates")

    /// Builds our transformation for an optax case, erased: the cases are chosen at run time, the
    /// one use `AnyGradientTransformation` is for (the typed path is in TypedStateTests).
    static func transformation(_ name: String, _ h: ReferenceData) -> AnyGradientTransformation {
        func flag(_ key: String) -> Bool { h.has(key) && h.double(key) != 0 }
        func value(_ key: String, _ fallback: Double) -> Double { h.has(key) ? h.double(key) : fallback }
        switch name {
        case "scale": return scale(h.double("factor")).eraseToAnyGradientTransformation()
        case "scaleByLearningRate": return scaleByLearningRate(h.double("learningRate")).eraseToAnyGradientTransformation()
        case "scaleByLearningRateSchedule":
            return scaleByLearningRate(Schedule.exponentialDecay(initialValue: h.double("initialValue"),
                                                                 transitionSteps: h.int("transitionSteps"), decayRate: h.double("decayRate")))
                .eraseToAnyGradientTransformation()
        case "trace": return trace(decay: h.double("decay"), nesterov: flag("nesterov")).eraseToAnyGradientTransformation()
        case "scaleByRSS":
            return scaleByRSS(initialAccumulatorValue: h.double("initialAccumulatorValue"), epsilon: h.double("epsilon")).eraseToAnyGradientTransformation()
        case "scaleByRMS":
            return scaleByRMS(decay: h.double("decay"), epsilon: h.double("epsilon"), initialScale: h.double("initialScale"),
                              epsilonInSqrt: flag("epsilonInSqrt"), biasCorrection: flag("biasCorrection"),
                              centered: flag("centered")).eraseToAnyGradientTransformation()
        case "scaleByAdam":
            return scaleByAdam(beta1: h.double("beta1"), beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                               epsilonRoot: h.double("epsilonRoot"), nesterov: flag("nesterov")).eraseToAnyGradientTransformation()
        case "scaleByAMSGrad":
            return scaleByAMSGrad(beta1: h.double("beta1"), beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                                  epsilonRoot: h.double("epsilonRoot")).eraseToAnyGradientTransformation()
        case "scaleByAdadelta": return scaleByAdadelta(rho: h.double("rho"), epsilon: h.double("epsilon")).eraseToAnyGradientTransformation()
        case "scaleByYogi":
            return scaleByYogi(beta1: h.double("beta1"), beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                               epsilonRoot: h.double("epsilonRoot"),
                               initialAccumulatorValue: h.double("initialAccumulatorValue")).eraseToAnyGradientTransformation()
        case "scaleByRAdam":
            return scaleByRAdam(beta1: h.double("beta1"), beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                                epsilonRoot: h.double("epsilonRoot"), threshold: h.double("threshold")).eraseToAnyGradientTransformation()
        case "scaleByLion": return scaleByLion(beta1: h.double("beta1"), beta2: h.double("beta2")).eraseToAnyGradientTransformation()
        case "clip": return clip(maxDelta: h.double("maxDelta")).eraseToAnyGradientTransformation()
        case "clipByGlobalNorm": return clipByGlobalNorm(maxNorm: h.double("maxNorm")).eraseToAnyGradientTransformation()
        case "addDecayedWeights": return addDecayedWeights(h.double("weightDecay")).eraseToAnyGradientTransformation()
        case "sgd":
            return sgd(learningRate: h.double("learningRate"), momentum: h.has("momentum") ? h.double("momentum") : nil,
                       nesterov: flag("nesterov"))
                .eraseToAnyGradientTransformation()
        case "adagrad": return adagrad(learningRate: h.double("learningRate")).eraseToAnyGradientTransformation()
        case "rmsprop":
            return rmsprop(learningRate: h.double("learningRate"), centered: flag("centered"),
                           momentum: h.has("momentum") ? h.double("momentum") : nil, nesterov: flag("nesterov"))
                .eraseToAnyGradientTransformation()
        case "adam": return adam(learningRate: h.double("learningRate"), nesterov: flag("nesterov")).eraseToAnyGradientTransformation()
        case "adamw": return adamw(learningRate: h.double("learningRate"), weightDecay: h.double("weightDecay")).eraseToAnyGradientTransformation()
        case "amsgrad": return amsgrad(learningRate: h.double("learningRate")).eraseToAnyGradientTransformation()
        case "adadelta": return adadelta(learningRate: h.double("learningRate"), weightDecay: h.double("weightDecay")).eraseToAnyGradientTransformation()
        case "yogi": return yogi(learningRate: h.double("learningRate")).eraseToAnyGradientTransformation()
        case "radam": return radam(learningRate: h.double("learningRate")).eraseToAnyGradientTransformation()
        case "lion": return lion(learningRate: h.double("learningRate"), weightDecay: h.double("weightDecay")).eraseToAnyGradientTransformation()
        case "adamWarmupCosine":
            return adam(learningRate: Schedule.warmupCosineDecay(initialValue: 0, peakValue: h.double("peakValue"),
                                                                 warmupSteps: h.int("warmupSteps"), decaySteps: h.int("decaySteps")))
                .eraseToAnyGradientTransformation()
        case "chainClipAdam":
            return chain(clipByGlobalNorm(maxNorm: h.double("maxNorm")), adam(learningRate: h.double("learningRate")))
                .eraseToAnyGradientTransformation()
        case "lookaheadSGD":
            return lookahead(sgd(learningRate: h.double("learningRate"), momentum: h.double("momentum")),
                             syncPeriod: h.int("syncPeriod"), slowStepSize: h.double("slowStepSize")).eraseToAnyGradientTransformation()
        case "ranger":
            return ranger(learningRate: h.double("learningRate"), beta1: h.double("beta1"), epsilon: h.double("epsilon"),
                          syncPeriod: h.int("syncPeriod"), slowStepSize: h.double("slowStepSize"))
                .eraseToAnyGradientTransformation()
        case "scaleBySophia":
            return scaleBySophia(beta1: h.double("beta1"), beta2: h.double("beta2"), epsilon: h.double("epsilon"),
                                 gamma: h.double("gamma"), clipThreshold: h.has("clipThreshold") ? h.double("clipThreshold") : nil,
                                 updateInterval: h.int("updateInterval"), estimator: sophiaEstimate).eraseToAnyGradientTransformation()
        case "sophia":
            return sophia(learningRate: h.double("learningRate"), weightDecay: h.double("weightDecay"),
                          updateInterval: h.int("updateInterval"), estimator: sophiaEstimate)
                .eraseToAnyGradientTransformation()
        case "sharpnessAware":
            let c = h.tensor("c"), b = h.tensor("b")
            return sharpnessAware(sgd(learningRate: h.double("learningRate"), momentum: h.double("momentum")),
                                  rho: h.double("rho"), gradient: { samGradient($0, c, b) }).eraseToAnyGradientTransformation()
        default:
            preconditionFailure("no transformation for optax case \(name)")
        }
    }

    /// The generator's stand-in for a Hutchinson estimate: h(θ) = θ² − 0.25, deterministic so
    /// that optax and we see the same numbers.
    // Immutable fixtures of pure closures, read by tests that run in parallel: never mutated, so sharing is safe.
    nonisolated(unsafe) static let sophiaEstimate = HessianDiagonalEstimator.function { $0 * $0 - 0.25 }

    /// ∇f for f(θ) = Σ θ⁴/4 + ½Σ cθ² − b·θ, the generator's SAM objective.
    static func samGradient(_ theta: Tensor, _ c: Tensor, _ b: Tensor) -> Tensor {
        theta * theta * theta + c * theta - b
    }

    static var caseLabels: [String] {
        reference.cases("cases").enumerated().map { "\($0.offset): \($0.element.string("name"))" }
    }

    @Test("step-for-step updates and parameters", arguments: caseLabels)
    func matchesOptax(label: String) {
        let index = Int(label.split(separator: ":")[0])!
        let c = Self.reference.cases("cases")[index]
        let name = c.string("name")
        let t = Self.transformation(name, c["hyper"])
        let gradients = c.tensor("gradients"), updates = c.tensor("updates"), params = c.tensor("params")
        let rtol = ["scaleByRAdam", "radam", "ranger"].contains(name) ? 1e-10 : 1e-12
        var theta = c.tensor("params0")
        var thetaInPlace = theta
        var state = t.initialize(theta)
        var stateInPlace = t.initialize(theta)
        var thetaStep = theta
        var stateStep = t.initialize(theta)
        for k in 0..<gradients.rows {
            // SAM's gradients depend on θ; the recorded ones are ∇f(θ) at optax's iterate.
            let g = gradients.row(k)
            let (u, next) = t.update(g, state: state, params: theta)
            state = next
            theta = theta.applyingUpdates(u)
            let uInPlace = t._updateInPlace(g, state: &stateInPlace, params: thetaInPlace)
            thetaInPlace.applyUpdates(uInPlace)
            t.step(&thetaStep, gradient: g, state: &stateStep)
            // rtol: optax's float64 arithmetic and ours round differently (pow, rsqrt, operation
            // order) by a few ulp per step; atol: entries that cancel to ~0 (e.g. a Lookahead sync)
            // carry absolute error ~ε·|θ|.
            let why = "\(label) step \(k): ulp-level rounding differences vs XLA"
                + (rtol > 1e-12 ? "; RAdam's ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ) cancels two ~2·10³ terms to ~5, amplifying XLA's 1-ulp error in β₂ᵗ by ~10⁴" : "")
            expectClose(u, updates.row(k), rtol: rtol, atol: 1e-14, why)
            expectClose(theta, params.row(k), rtol: rtol, atol: 1e-14, why)
            // The in-place path is the same arithmetic, so it must agree exactly.
            #expect(uInPlace == u, "\(label) step \(k): the in-place update differs from update")
            #expect(thetaInPlace == theta, "\(label) step \(k): applyUpdates differs from applyingUpdates")
            // The fused step (Adam's single pass, a folded trailing scale) rounds the same way.
            #expect(thetaStep == theta, "\(label) step \(k): fused step differs from update + apply")
        }
        // The erased state casts back to the recipe's typed state.
        if c.has("slow"), let slow = (state as? Lookahead<SGD>.State)?.slow ?? (state as? Ranger.State)?.slow {
            expectClose(slow, c.tensor("slow").row(gradients.rows - 1), rtol: 1e-12, atol: 1e-14,
                        "\(label): slow weights, ulp-level rounding")
        } else if c.has("slow") {
            Issue.record("\(label): expected a Lookahead state, got \(type(of: state))")
        }
    }
}
