import DescentCore
import DescentOptimize
import Testing
import _TestSupport

/// Invariants, worked examples and edge cases of the gradient transformations (the step-for-step
/// optax comparisons are in OptaxReferenceTests).
@Suite("Gradient transformations")
struct TransformationTests {
    /// Runs `steps` optimizer steps on θ with gradient function `gradient`.
    func run(_ t: some GradientTransformation, from theta0: Tensor, steps: Int, gradient: (Tensor) -> Tensor) -> [Tensor] {
        var theta = theta0
        var state = t.initialize(theta)
        var path: [Tensor] = []
        for _ in 0..<steps {
            t.step(&theta, gradient: gradient(theta), state: &state)
            path.append(theta)
        }
        return path
    }

    @Test("L2 penalty λw² with η = 0.1, λ = 0.1 gives 0.49, 0.4802, ×0.98, never 0")
    func l2ShrinksGeometrically() {
        let lambda = 0.1, eta = 0.1
        // Zero data gradient: the whole gradient is the penalty's, 2λw.
        let path = run(sgd(learningRate: eta), from: Tensor([0.5]), steps: 2000) { w in w * (2 * lambda) }
        expectClose(path[0].scalars[0], 0.49, rtol: 1e-15, "one multiply-add")
        expectClose(path[1].scalars[0], 0.4802, rtol: 1e-15, "two multiply-adds")
        for k in 1..<path.count {
            expectClose(path[k].scalars[0] / path[k - 1].scalars[0], 0.98, rtol: 1e-12, "ratio of two rounded iterates")
        }
        #expect(path.last!.scalars[0] > 0, "L2 shrinkage never reaches exactly 0")
        // The same shrinkage written as decoupled weight decay 2λ before the learning rate: for
        // plain SGD weight decay and an L2 penalty coincide.
        let decayed = run(chain(addDecayedWeights(2 * lambda), scaleByLearningRate(eta)), from: Tensor([0.5]), steps: 2) { _ in Tensor([0]) }
        expectClose(decayed[0].scalars[0], 0.49, rtol: 1e-15, "one multiply-add")
        expectClose(decayed[1].scalars[0], 0.4802, rtol: 1e-15, "two multiply-adds")
    }

    @Test("AdamW's decay is decoupled: it differs from Adam on an L2-penalized gradient")
    func adamwIsNotAdamPlusL2() {
        let theta0 = Tensor([1.0, -2.0, 0.5])
        let dataGradient = Tensor([0.3, 0.1, -0.2])
        let decoupled = run(adamw(learningRate: 0.01, weightDecay: 0.1), from: theta0, steps: 5) { _ in dataGradient }
        let coupled = run(adam(learningRate: 0.01), from: theta0, steps: 5) { theta in dataGradient + theta * 0.1 }
        // After step 1 AdamW's parameter i is θ − η(sign(g) + λθ) exactly (m̂/√v̂ = sign(g) at t = 1).
        let expected = theta0 - (Tensor([1.0, 1.0, -1.0]) + theta0 * 0.1) * 0.01
        expectClose(decoupled[0], expected, rtol: 1e-7, "m̂/(√v̂ + ε) = g/(|g| + 1e-8) ≈ sign(g) within 1e-8/|g|")
        #expect(!decoupled[4].isApproximatelyEqual(to: coupled[4], relativeTolerance: 1e-6, absoluteTolerance: 0))
    }

    @Test("clipByGlobalNorm: ‖u‖ ≤ C, direction kept, small gradients untouched, zero stays zero")
    func globalNormClipping() {
        let clipper = clipByGlobalNorm(maxNorm: 1)
        let (big, _) = clipper.update(Tensor([3.0, 4.0]), state: EmptyState(), params: Tensor([0.0, 0.0]))
        expectClose(big, Tensor([0.6, 0.8]), rtol: 1e-15, "g·C/‖g‖ with ‖g‖ = 5")
        let (small, _) = clipper.update(Tensor([0.3, 0.4]), state: EmptyState(), params: Tensor([0.0, 0.0]))
        #expect(small == Tensor([0.3, 0.4]))
        let (zero, _) = clipper.update(Tensor([0.0, 0.0]), state: EmptyState(), params: Tensor([0.0, 0.0]))
        #expect(zero == Tensor([0.0, 0.0]))
        let (nan, _) = clipper.update(Tensor([.nan, 1.0]), state: EmptyState(), params: Tensor([0.0, 0.0]))
        #expect(nan.scalars[0].isNaN, "a NaN gradient must stay visible, not be clipped away")
        let (clipped, _) = clip(maxDelta: 0.5).update(Tensor([-2.0, 0.1, 0.7]), state: EmptyState(), params: .zeros([3]))
        #expect(clipped == Tensor([-0.5, 0.1, 0.5]))
    }

    @Test("sizes 0, 1, 2, 3 and a rank-2 parameter pass through every recipe")
    func sizes() {
        // A heterogeneous list needs no erasure: each `any GradientTransformation` is opened
        // into `run`'s generic parameter, with its typed state.
        let recipes: [any GradientTransformation] = [
            sgd(learningRate: 0.1, momentum: 0.9), adagrad(learningRate: 0.1), rmsprop(learningRate: 0.1, centered: true),
            adam(learningRate: 0.1), adamw(learningRate: 0.1), amsgrad(learningRate: 0.1), adadelta(), yogi(learningRate: 0.1),
            radam(learningRate: 0.1), lion(learningRate: 0.1), ranger(learningRate: 0.1),
        ]
        for shape in [[0], [1], [2], [3], [2, 3]] {
            let theta0 = Tensor(shape: shape) { Double($0) - 1 }
            for t in recipes {
                let path = run(t, from: theta0, steps: 3) { $0 * 2 }
                #expect(path.last!.shape == shape)
                #expect(path.last!.isFinite)
            }
        }
    }

    @Test("already at the optimum: a zero gradient gives a zero update")
    func zeroGradient() {
        let theta = Tensor([1.0, 2.0])
        func firstUpdate(_ t: some GradientTransformation) -> Tensor {
            t.update(.zeros([2]), state: t.initialize(theta), params: theta).update
        }
        let recipes: [any GradientTransformation] = [
            sgd(learningRate: 0.1, momentum: 0.9), adam(learningRate: 0.1), amsgrad(learningRate: 0.1), radam(learningRate: 0.1),
            adagrad(learningRate: 0.1), rmsprop(learningRate: 0.1), lion(learningRate: 0.1, weightDecay: 0),
        ]
        for t in recipes {
            #expect(firstUpdate(t) == .zeros([2]))
        }
    }

    @Test("adaptive methods converge on an ill-conditioned quadratic (κ = 100)")
    func convergence() {
        let h = Tensor([1.0, 100.0])
        let gradient: (Tensor) -> Tensor = { h * $0 }
        let start = Tensor([1.0, 1.0])
        // Constant-step Adam oscillates in a ball of radius ~η around the minimizer; a decaying
        // schedule shrinks the ball.
        let schedule = Schedule.exponentialDecay(initialValue: 0.05, transitionSteps: 100, decayRate: 0.5)
        let methods: [(String, any GradientTransformation)] = [
            ("adam", adam(learningRate: schedule)), ("sgd+nesterov", sgd(learningRate: 0.009, momentum: 0.9, nesterov: true)),
            ("amsgrad", amsgrad(learningRate: schedule)), ("yogi", yogi(learningRate: schedule)),
        ]
        for (name, t) in methods {
            let final = run(t, from: start, steps: 2000, gradient: gradient).last!
            #expect(final.norm() < 1e-3, "\(name) ended at \(final)")
        }
    }

    @Test("chain of nothing is the identity; chain state is the pair of typed member states")
    func chainBasics() {
        let empty = chain()
        let (u, state) = empty.update(Tensor([1.0, -1.0]), state: empty.initialize(Tensor([0.0, 0.0])), params: Tensor([0.0, 0.0]))
        #expect(u == Tensor([1.0, -1.0]) && state == EmptyState())
        let adamChain = chain(scaleByAdam(), scaleByLearningRate(0.1))
        let initial: Chain<ScaleByAdam, ScaleByLearningRate>.State = adamChain.initialize(Tensor([0.0]))
        #expect(initial.first == AdamState(count: 0, mu: .zeros([1]), nu: .zeros([1])) && initial.second == 0)
    }

    @Test("lookahead with k = 1, α = 1 is its inner optimizer; SAM with ρ = 0 is its inner optimizer")
    func degenerateWrappers() {
        let theta0 = Tensor([1.0, -0.5, 2.0])
        let gradient: (Tensor) -> Tensor = { $0 * $0 * $0 - 0.3 }
        let inner = adam(learningRate: 0.05)
        let plain = run(inner, from: theta0, steps: 10, gradient: gradient).last!
        let wrapped = run(lookahead(inner, syncPeriod: 1, slowStepSize: 1), from: theta0, steps: 10, gradient: gradient).last!
        expectClose(wrapped, plain, rtol: 1e-14, "lookahead's sync adds and subtracts θ (a few roundings)")
        let sam = run(sharpnessAware(inner, rho: 0, gradient: gradient), from: theta0, steps: 10, gradient: gradient).last!
        #expect(sam == plain)
    }

    @Test("Hutchinson's estimate u ⊙ Hu is exact for a diagonal Hessian and unbiased otherwise")
    func hutchinson() {
        let diagonal = Tensor([2.0, -1.0, 5.0])
        var generator = SeededGenerator(seed: 7)
        let exact = HessianDiagonalEstimator.hutchinson { _, v in diagonal * v }
        #expect(exact.estimate(.zeros([3]), .zeros([3]), &generator) == diagonal)
        let a: Tensor = [[2.0, 1.0, 0.5], [1.0, -1.0, 0.25], [0.5, 0.25, 5.0]]
        let estimator = HessianDiagonalEstimator.hutchinson { _, v in matmul(a, v) }
        var mean = Tensor.zeros([3])
        let samples = 4000
        for _ in 0..<samples { mean = mean + estimator.estimate(.zeros([3]), .zeros([3]), &generator) }
        mean = mean / Double(samples)
        // Each sample's error is Σ_{j≠i} a_ij u_i u_j with variance Σ_{j≠i} a_ij² ≤ 1.25; 5σ over 4000 samples.
        expectClose(mean, a.diagonalElements, atol: 5 * (1.25 / Double(samples)).squareRoot(), "Monte-Carlo error, 5 standard deviations")
    }

    @Test("Sophia with Hutchinson HVPs minimizes a badly scaled quadratic")
    func sophiaConverges() {
        let h = Tensor([1.0, 50.0])
        let estimator = HessianDiagonalEstimator.hutchinson { _, v in h * v }
        let t = sophia(learningRate: 0.05, weightDecay: 0, gamma: 1, updateInterval: 1, estimator: estimator, seed: 3)
        let final = run(t, from: Tensor([1.0, 1.0]), steps: 400) { h * $0 }.last!
        #expect(final.norm() < 1e-2, "Sophia ended at \(final)")
    }
}

@Suite("Several parameter tensors")
struct ParameterListTests {
    @Test("element-wise transformations act per element; global-norm clipping uses the norm over all tensors")
    func listsBehaveLikePytrees() {
        let weights: Tensor = [[1.0, -2.0], [0.5, 3.0]]
        let bias = Tensor([0.1, -0.4])
        let gradients = [Tensor([[0.3, -0.1], [2.0, 0.0]]), Tensor([-1.0, 0.25])]
        let optimizer = adam(learningRate: 0.1)
        let (updates, _) = optimizer.update(gradients, state: optimizer.initialize([weights, bias]), params: [weights, bias])
        // Adam on each tensor alone gives the same numbers: it is element-wise.
        let (alone, _) = optimizer.update(gradients[1], state: optimizer.initialize(bias), params: bias)
        #expect(updates[1] == alone && updates[0].shape == [2, 2])
        // Clipping by global norm scales both tensors by C/‖(g₁, g₂)‖.
        let clipper = clipByGlobalNorm(maxNorm: 1)
        let (clipped, _) = clipper.update(gradients, state: EmptyState(), params: [weights, bias])
        let globalNorm = (gradients[0].squaredNorm() + gradients[1].squaredNorm()).squareRoot()
        expectClose(clipped[0], gradients[0] / globalNorm, rtol: 1e-15, "one division per element")
        expectClose(clipped[1], gradients[1] / globalNorm, rtol: 1e-15, "one division per element")
        let moved = [weights, bias].applyingUpdates(updates)
        #expect(moved[0] == weights + updates[0] && moved[1] == bias + updates[1])
        // Empty list and round trip.
        let layout = ParameterLayout([weights, bias])
        #expect(layout.unpack(layout.pack([weights, bias])) == [weights, bias])
        #expect(ParameterLayout([]).pack([]).count == 0)
    }
}

@Suite("Scheduled hyperparameters")
struct ScheduledHyperparameterTests {
    @Test("scheduled weight decay and learning rate use λ(t), η(t) at t = 0, 1, 2 on every path")
    func scheduledDecay() {
        let lambda = Schedule { t in 0.1 * Double(t + 1) }
        let eta = Schedule { t in 1 / Double(t + 1) }
        let t = chain(addDecayedWeights(lambda), scaleByLearningRate(eta))
        var theta = Tensor([1.0, -2.0])
        var fused = theta
        var state = t.initialize(theta), fusedState = t.initialize(theta)
        let g = Tensor([0.5, 0.25])
        for step in 0..<3 {
            let expected = theta - (g + theta * lambda(step)) * eta(step)
            let (u, next) = t.update(g, state: state, params: theta)
            state = next
            theta = theta.applyingUpdates(u)
            t.step(&fused, gradient: g, state: &fusedState)
            expectClose(theta, expected, rtol: 1e-15, "θ − η(t)(g + λ(t)θ): a few roundings")
            #expect(fused == theta)
        }
    }
}
