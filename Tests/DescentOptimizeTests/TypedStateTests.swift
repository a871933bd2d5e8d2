import DescentCore
import DescentOptimize
import Foundation
import Testing
import _TestSupport

/// The optimizers' states are concrete types: recipes return `Chain`s (named `Adam`, `SGD`, …)
/// whose `State` fields can be read, compared and rebuilt. Most checks here are compile-time
/// (a state annotated with its type); if a recipe returned an erased transformation again, this
/// file would stop compiling.
@Suite("Typed optimizer state")
struct TypedStateTests {
    /// A gradient that depends on θ (so every path must feed the same θ back), finite on the runs below.
    static func gradient(_ theta: Tensor) -> Tensor { theta * theta * theta - theta * 0.5 + 0.25 }

    @Test("adam(...).initialize(θ) is an Adam.State: Adam's t, m, v and the learning rate's step count")
    func adamStateIsTyped() {
        let optimizer: Adam = adam(learningRate: 0.1)
        var theta = Tensor([1.0, -2.0, 0.5])
        let g = Tensor([0.3, -0.1, 0.0])
        var state: Adam.State = optimizer.initialize(theta)
        #expect(state.first == AdamState(count: 0, mu: .zeros([3]), nu: .zeros([3])) && state.second == 0)
        optimizer.step(&theta, gradient: g, state: &state)
        // m = (1 − β₁)g + β₁·0 and v = (1 − β₂)g² + β₂·0, the fused kernel's operations in its order.
        #expect(state.first.count == 1 && state.second == 1)
        #expect(state.first.mu == g.map { (1 - 0.9) * $0 + 0.9 * 0 })
        #expect(state.first.nu == g.map { (1 - 0.999) * ($0 * $0) + 0.999 * 0 })
        #expect(optimizer.first.beta1 == 0.9 && optimizer.second.learningRate(0) == 0.1)
    }

    @Test("every recipe and wrapper has a concrete state with readable fields")
    func everyRecipeIsTyped() {
        let theta = Tensor([1.0, 2.0])
        let zero = Tensor.zeros([2])
        let momentum: SGD.State = sgd(learningRate: 0.1, momentum: 0.9).initialize(theta)
        #expect(momentum.first?.trace == zero && momentum.second == 0)
        let plain: SGD.State = sgd(learningRate: 0.1).initialize(theta)
        #expect(plain.first == nil, "no momentum: the optional link is nil, the identity")
        let adagradState: AdaGrad.State = adagrad(learningRate: 0.1).initialize(theta)
        #expect(adagradState.first.sumOfSquares == Tensor([0.1, 0.1]))
        let rms: RMSProp.State = rmsprop(learningRate: 0.1, momentum: 0.9).initialize(theta)
        #expect(rms.first.nu == zero && rms.second.first == 0 && rms.second.second?.trace == zero)
        let w: AdamW.State = adamw(learningRate: 0.1).initialize(theta)
        #expect(w.first.count == 0 && w.second.first == 0 && w.second.second == 0)
        let ams: AMSGrad.State = amsgrad(learningRate: 0.1).initialize(theta)
        #expect(ams.first.nuMax == zero)
        let delta: Adadelta.State = adadelta().initialize(theta)
        #expect(delta.second.first.squaredUpdates == zero)
        let yogiState: Yogi.State = yogi(learningRate: 0.1).initialize(theta)
        #expect(yogiState.first.nu == Tensor([1e-6, 1e-6]))
        let radamState: RAdam.State = radam(learningRate: 0.1).initialize(theta)
        #expect(radamState.first.count == 0)
        let lionState: Lion.State = lion(learningRate: 0.1).initialize(theta)
        #expect(lionState.first.mu == zero)
        let rangerState: Ranger.State = ranger(learningRate: 0.1).initialize(theta)
        #expect(rangerState.slow == theta && rangerState.fast.first.count == 0 && rangerState.stepsSinceSync == 0)
        let sophiaState: Sophia.State = sophia(learningRate: 0.1, estimator: .function { $0 }, seed: 4).initialize(theta)
        #expect(sophiaState.first.hessian == zero && sophiaState.first.generator == SeededGenerator(seed: 4))
        let samState: Adam.State = sharpnessAware(adam(learningRate: 0.1), gradient: Self.gradient).initialize(theta)
        #expect(samState.first.mu == zero)
        let lookaheadState: Lookahead<AdamW>.State = lookahead(adamw(learningRate: 0.1), syncPeriod: 2, slowStepSize: 0.5).initialize(theta)
        #expect(lookaheadState.fast.second.second == 0)
        let chained: Chain<ClipByGlobalNorm, Chain<Trace, Chain<ScaleBySchedule, Scale>>>.State =
            chain(clipByGlobalNorm(maxNorm: 1), trace(decay: 0.5), scaleBySchedule(.constant(2)), scale(-0.1)).initialize(theta)
        #expect(chained.first == EmptyState() && chained.second.first.trace == zero && chained.second.second.first == 0)
    }

    /// Runs `t` for 12 steps three ways on `Self.gradient`: `update` + `applyingUpdates`, the
    /// in-place update + `applyUpdates`, and `step` (fused kernels, folded learning rate). All three
    /// must give the same θ and the same typed state after every step, bit for bit.
    func expectPathsAgree<T: GradientTransformation>(_ name: String, _ t: T, shape: [Int] = [37]) where T.State: Equatable {
        let start = Tensor(shape: shape) { i in 0.9 * Foundation.sin(Double(i) + 1) }
        var functional = start, inPlace = start, stepped = start
        var functionalState = t.initialize(start), inPlaceState = t.initialize(start), steppedState = t.initialize(start)
        for k in 0..<12 {
            let (u, next) = t.update(Self.gradient(functional), state: functionalState, params: functional)
            functionalState = next
            functional = functional.applyingUpdates(u)
            inPlace.applyUpdates(t._updateInPlace(Self.gradient(inPlace), state: &inPlaceState, params: inPlace))
            t.step(&stepped, gradient: Self.gradient(stepped), state: &steppedState)
            #expect(functional.isFinite, "\(name) step \(k): the run must stay finite for == to mean anything")
            #expect(inPlace == functional && inPlaceState == functionalState, "\(name) step \(k): in-place update differs from update")
            #expect(stepped == functional && steppedState == functionalState, "\(name) step \(k): step differs from update + applyingUpdates")
        }
    }

    @Test("update + applyingUpdates and step agree bit for bit, state included, for every recipe and wrapper")
    func functionalAndInPlaceAgree() {
        let decay = Schedule.exponentialDecay(initialValue: 0.05, transitionSteps: 3, decayRate: 0.7)
        let estimator = HessianDiagonalEstimator.hutchinson { theta, v in (theta * theta * 3 - 0.5) * v }
        expectPathsAgree("sgd", sgd(learningRate: 0.05))
        expectPathsAgree("sgd, scheduled", sgd(learningRate: decay), shape: [2, 3])
        expectPathsAgree("sgd + momentum", sgd(learningRate: 0.05, momentum: 0.9))
        expectPathsAgree("sgd + nesterov", sgd(learningRate: 0.05, momentum: 0.9, nesterov: true))
        expectPathsAgree("adagrad", adagrad(learningRate: 0.05))
        expectPathsAgree("rmsprop", rmsprop(learningRate: 0.01))
        expectPathsAgree("rmsprop, centered, nesterov, bias-corrected",
                         rmsprop(learningRate: 0.01, centered: true, momentum: 0.9, nesterov: true, biasCorrection: true))
        expectPathsAgree("adam", adam(learningRate: 0.05))
        expectPathsAgree("adam, 10⁵ parameters (threaded kernel)", adam(learningRate: 0.05), shape: [100_000])
        expectPathsAgree("adam, scheduled", adam(learningRate: decay))
        expectPathsAgree("nadam", adam(learningRate: 0.05, epsilonRoot: 1e-8, nesterov: true))
        expectPathsAgree("adamw", adamw(learningRate: 0.05, weightDecay: 0.1), shape: [2, 3])
        expectPathsAgree("amsgrad", amsgrad(learningRate: 0.05))
        expectPathsAgree("adadelta", adadelta(weightDecay: 0.01))
        expectPathsAgree("yogi", yogi(learningRate: 0.05))
        expectPathsAgree("radam", radam(learningRate: 0.05))
        expectPathsAgree("lion", lion(learningRate: 0.01))
        expectPathsAgree("ranger", ranger(learningRate: 0.05, syncPeriod: 3))
        expectPathsAgree("sophia", sophia(learningRate: 0.05, updateInterval: 2, estimator: estimator, seed: 1))
        expectPathsAgree("lookahead(adamw), reset", lookahead(adamw(learningRate: 0.05), syncPeriod: 2, slowStepSize: 0.5, resetState: true))
        expectPathsAgree("sharpnessAware(adam)", sharpnessAware(adam(learningRate: 0.05), rho: 0.05, gradient: Self.gradient))
        expectPathsAgree("clip, then adam", chain(clipByGlobalNorm(maxNorm: 1), adam(learningRate: 0.05)))
        // Two scales after Adam, nested either way: only one factor may be folded into the kernel.
        expectPathsAgree("adam, scale, learning rate", chain(scaleByAdam(), scale(0.5), scaleByLearningRate(0.05)))
        expectPathsAgree("(adam, scale), learning rate", chain(chain(scaleByAdam(), scale(0.5)), scaleByLearningRate(0.05)))
        expectPathsAgree("clip, trace, scheduled scale, scale",
                         chain(clip(maxDelta: 0.5), trace(decay: 0.5), scaleBySchedule(decay), scale(-1)))
        expectPathsAgree("identity, learning rate", chain(chain(), scaleByLearningRate(0.05)))
    }

    @Test("a chained state taken apart and rebuilt continues the run exactly; the erased state casts back")
    func chainedStateRoundTrips() {
        let optimizer: AdamW = adamw(learningRate: 0.05, weightDecay: 0.1)
        var theta = Tensor([0.8, -1.3, 0.05, 2.0])
        var state = optimizer.initialize(theta)
        for _ in 0..<3 { optimizer.step(&theta, gradient: Self.gradient(theta), state: &state) }
        // Take the state apart (a checkpoint of Adam's moments and the step counts) and rebuild it.
        let moments = state.first
        let (decaySteps, learningRateSteps) = (state.second.first, state.second.second)
        #expect(moments.count == 3 && decaySteps == 3 && learningRateSteps == 3)
        let rebuilt = AdamW.State(first: AdamState(count: moments.count, mu: moments.mu, nu: moments.nu),
                                  second: .init(first: decaySteps, second: learningRateSteps))
        #expect(rebuilt == state)
        var original = theta, restored = theta
        var originalState = state, restoredState = rebuilt
        for _ in 0..<5 {
            optimizer.step(&original, gradient: Self.gradient(original), state: &originalState)
            optimizer.step(&restored, gradient: Self.gradient(restored), state: &restoredState)
        }
        #expect(restored == original && restoredState == originalState)
        // Erasing is opt-in and loses nothing: the `Any` state is the typed one.
        let erased = optimizer.eraseToAnyGradientTransformation()
        var erasedState: Any = state, erasedTheta = theta
        var typedState = state, typedTheta = theta
        erased.step(&erasedTheta, gradient: Self.gradient(erasedTheta), state: &erasedState)
        optimizer.step(&typedTheta, gradient: Self.gradient(typedTheta), state: &typedState)
        #expect(erasedTheta == typedTheta && (erasedState as? AdamW.State) == typedState)
    }

    /// After a first step (which may copy buffers shared with `initialize`'s zeros), three more
    /// steps must keep the addresses of θ's and the moments' buffers.
    func expectInPlace<T: GradientTransformation>(_ name: String, _ optimizer: T, moments: (T.State) -> AdamState) {
        func address(_ t: Tensor) -> UnsafePointer<Double>? { t.scalars.withUnsafeBufferPointer { $0.baseAddress } }
        var generator = SeededGenerator(seed: 11)
        let g = Tensor.randomNormal([50_000], using: &generator)
        var theta = Tensor.randomNormal([50_000], using: &generator)
        var state = optimizer.initialize(theta)
        optimizer.step(&theta, gradient: g, state: &state)
        let before = (address(theta), address(moments(state).mu), address(moments(state).nu))
        for _ in 0..<3 { optimizer.step(&theta, gradient: g, state: &state) }
        #expect(address(theta) == before.0, "\(name): θ was copied")
        #expect(address(moments(state).mu) == before.1 && address(moments(state).nu) == before.2, "\(name): a moment was copied")
    }

    @Test("step writes θ and Adam's moments in place: no buffer is reallocated, typed or erased")
    func stepIsInPlace() {
        expectInPlace("adam", adam(learningRate: 1e-3)) { $0.first }
        expectInPlace("adamw", adamw(learningRate: 1e-3)) { $0.first }
        expectInPlace("lookahead(adam)", lookahead(adam(learningRate: 1e-3), syncPeriod: 10, slowStepSize: 0.5)) { $0.fast.first }
        expectInPlace("adam, erased", adam(learningRate: 1e-3).eraseToAnyGradientTransformation()) { ($0 as! Adam.State).first }
    }
}
