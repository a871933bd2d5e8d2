import DescentCore
import DescentOptimize
import Testing
import _TestSupport

/// SGD, SVRG, SAGA and SARAH on seeded finite sums against closed-form / SciPy / scikit-learn
/// optima (generator: Tools/references/stochastic.py).
@Suite("Stochastic methods")
struct StochasticTests {
    static let reference = try! ReferenceData.load("stochastic")

    static var ridge: (problem: FiniteSumProblem, minimizer: Tensor, minimum: Double, smoothness: Double) {
        let r = reference["ridge"]
        let problem = try! FiniteSumProblem.leastSquares(x: r.tensor("x"), y: r.tensor("y"), l2: r.double("lambda"))
        return (problem, r.tensor("minimizer"), r.double("minimum"), r.double("maxComponentSmoothness"))
    }

    static var logistic: (problem: FiniteSumProblem, reference: ReferenceData) {
        let r = reference["logistic"]
        return (try! FiniteSumProblem.logisticRegression(x: r.tensor("x"), y: r.tensor("y"), l2: r.double("lambda")), r)
    }

    @Test("the problem's gradient matches central finite differences of its value")
    func gradientsAreConsistent() {
        for (problem, w) in [(Self.ridge.problem, Tensor([0.3, -0.2, 0.1, 0.4, -0.5])), (Self.logistic.problem, Tensor([0.3, -0.2, 0.1, 0.4]))] {
            let g = problem.fullGradient(w)
            let h = 1e-6
            for k in 0..<w.count {
                var plus = w, minus = w
                plus.scalars[k] += h
                minus.scalars[k] -= h
                let difference = (problem.value!(plus) - problem.value!(minus)) / (2 * h)
                // Central differences: truncation O(h²·f‴) plus rounding ε·|f|/h ≈ 1e-10.
                expectClose(difference, g.scalars[k], rtol: 1e-6, atol: 1e-8, "central difference, h = 1e-6")
            }
            // A batch gradient over all indices is the full gradient.
            #expect(problem.gradient(w, Array(0..<problem.count)) == g)
        }
    }

    @Test("SVRG, SAGA and SARAH reach the closed-form ridge minimizer; SGD gets close with a decaying step")
    func ridgeOptimum() {
        let (problem, minimizer, minimum, smoothness) = Self.ridge
        let start = Tensor.zeros([5])
        // Step sizes from the papers' theory with L = max_i L_i ≈ 33 (κ = L/μ ≈ 100), and m = 2n
        // inner steps for SVRG/SARAH (Johnson & Zhang's choice for convex problems).
        let options = StochasticOptions(epochs: 40, seed: 1)
        let twoPasses = StochasticOptions(epochs: 40, seed: 1, innerIterations: 2 * problem.count)
        let results = [
            ("svrg", svrg(problem, from: start, learningRate: 1 / (4 * smoothness), options: twoPasses)),
            ("saga", saga(problem, from: start, learningRate: 1 / (3 * smoothness), options: options)),
            ("sarah", sarah(problem, from: start, learningRate: 1 / (2 * smoothness), options: twoPasses)),
        ]
        for (name, result) in results {
            #expect(result.termination == .epochLimit, "\(name): \(result.termination)")
            // Linear convergence: after 40 epochs the error is far below this; the bound covers
            // the conditioning of the ridge problem (κ ≈ 40) times rounding.
            expectClose(result.minimizer, minimizer, rtol: 0, atol: 1e-8, "\(name): variance-reduced methods converge linearly")
            expectClose(result.lossHistory.last!, minimum, rtol: 1e-12, "\(name): f at the optimum")
            #expect(result.lossHistory.count == 41)
        }
        // Plain SGD only reaches a noise ball of radius ~√(ησ²/μ); halving η every 10 epochs
        // shrinks it (step decay), so 60 epochs of batch 10 get within ~1e-3.
        let sgdResult = minibatchSGD(problem, from: start, using: sgd(learningRate: Schedule.step(initialValue: 0.1, interval: 200, factor: 0.5)),
                                     options: StochasticOptions(epochs: 60, batchSize: 10, seed: 1))
        expectClose(sgdResult.minimizer, minimizer, rtol: 0, atol: 2e-3, "SGD never converges exactly: its noise floor ~√(ησ²/μ) at the final η ≈ 0.1/32 (observed 4e-4)")
        #expect(sgdResult.iterations == 60 * 20 && sgdResult.gradientEvaluations == 60 * 200)
    }

    @Test("SAGA on L2 logistic regression agrees with scikit-learn's saga and SciPy's L-BFGS (λ = 1/(n·C))")
    func logisticMatchesSklearn() {
        let (problem, r) = Self.logistic
        let result = saga(problem, from: .zeros([4]), learningRate: 0.5, options: StochasticOptions(epochs: 200, seed: 3, gradientTolerance: 1e-10))
        #expect(result.termination.isConverged, "\(result.termination)")
        // sklearn (tol 1e-12) and SciPy (‖∇f‖ ≈ 2e-9) agree to 1e-8; with μ = λ ≈ 0.033 a gradient of
        // 1e-10 bounds our error by ~3e-9.
        expectClose(result.minimizer, r.tensor("sklearnSaga"), rtol: 0, atol: 1e-7, "sklearn's own convergence tolerance")
        expectClose(result.minimizer, r.tensor("minimizer"), rtol: 0, atol: 1e-7, "SciPy's L-BFGS gradient tolerance / μ")
        let svrgResult = svrg(problem, from: .zeros([4]), learningRate: 0.5, options: StochasticOptions(epochs: 100, seed: 3, gradientTolerance: 1e-10))
        #expect(svrgResult.termination.isConverged, "\(svrgResult.termination)")
        expectClose(svrgResult.minimizer, r.tensor("minimizer"), rtol: 0, atol: 1e-7, "SciPy's L-BFGS gradient tolerance / μ")
    }

    @Test("saga, svrg and sarah take a schedule η(t) of the update count t, as the transformations do")
    func scheduledLearningRates() {
        let (problem, _, _, smoothness) = Self.ridge
        let start = Tensor.zeros([5])
        let eta = 1 / (4 * smoothness)
        let options = StochasticOptions(epochs: 2, seed: 2, innerIterations: 50)
        // A constant schedule is the number, bit for bit.
        #expect(saga(problem, from: start, learningRate: eta, options: options).minimizer
                == saga(problem, from: start, learningRate: Schedule.constant(eta), options: options).minimizer)
        #expect(svrg(problem, from: start, learningRate: eta, options: options).minimizer
                == svrg(problem, from: start, learningRate: Schedule.constant(eta), options: options).minimizer)
        #expect(sarah(problem, from: start, learningRate: eta, options: options).minimizer
                == sarah(problem, from: start, learningRate: Schedule.constant(eta), options: options).minimizer)
        // η(0) = η and η(t ≥ 1) = 10⁻³⁰⁰ (which rounds away against θ): only the first update moves
        // θ. For all three that update is θ₀ − η·∇f(θ₀) (SVRG's and SARAH's control variates cancel
        // exactly; SAGA's table mean is the full gradient accumulated component by component).
        let firstOnly = Schedule { t in t == 0 ? eta : 1e-300 }
        let mu = problem.fullGradient(start)
        #expect(svrg(problem, from: start, learningRate: firstOnly, options: options).minimizer == Tensor.scaledSum(-eta, mu, start))
        #expect(sarah(problem, from: start, learningRate: firstOnly, options: options).minimizer == Tensor.scaledSum(-eta, mu, start))
        var mean = [Double](repeating: 0, count: 5)
        for i in 0..<problem.count {
            let g = problem.gradient(start, [i])
            for k in 0..<5 { mean[k] += g.scalars[k] / Double(problem.count) }
        }
        #expect(saga(problem, from: start, learningRate: firstOnly, options: options).minimizer == Tensor.scaledSum(-eta, Tensor(mean), start))
    }

    @Test("a learning rate far above 2/L is reported as divergence with epoch and iteration")
    func divergence() {
        let (problem, _, _, smoothness) = Self.ridge
        let start = Tensor.zeros([5])
        for (name, result) in [("sgd", minibatchSGD(problem, from: start, using: sgd(learningRate: 10 / smoothness))),
                               ("svrg", svrg(problem, from: start, learningRate: 10 / smoothness)),
                               ("saga", saga(problem, from: start, learningRate: 10 / smoothness)),
                               ("sarah", sarah(problem, from: start, learningRate: 10 / smoothness))] {
            guard result.termination == .diverged else {
                Issue.record("\(name): expected divergence, got \(result.termination)")
                continue
            }
            #expect(result.iterations >= 1, "\(name)")
            #expect(result.minimizer.isFinite, "\(name): the best point so far is returned")
            #expect(result.termination.isFailure && !result.isConverged)
        }
    }

    @Test("runs are reproducible from the seed, and differ across seeds")
    func reproducible() {
        let (problem, _, _, smoothness) = Self.ridge
        let a = saga(problem, from: .zeros([5]), learningRate: 0.1 / smoothness, options: StochasticOptions(epochs: 2, seed: 5))
        let b = saga(problem, from: .zeros([5]), learningRate: 0.1 / smoothness, options: StochasticOptions(epochs: 2, seed: 5))
        let c = saga(problem, from: .zeros([5]), learningRate: 0.1 / smoothness, options: StochasticOptions(epochs: 2, seed: 6))
        #expect(a.minimizer == b.minimizer && a.lossHistory == b.lossHistory)
        #expect(a.minimizer != c.minimizer)
    }

    @Test("starting at the optimum: SVRG and SARAH stop after 0 epochs; work is counted")
    func alreadyOptimal() {
        let (problem, minimizer, _, smoothness) = Self.ridge
        let options = StochasticOptions(epochs: 5, seed: 1, gradientTolerance: 1e-8)
        for result in [svrg(problem, from: minimizer, learningRate: 0.1 / smoothness, options: options),
                       sarah(problem, from: minimizer, learningRate: 0.1 / smoothness, options: options)] {
            #expect(result.termination.isConverged && result.epochs == 0 && result.iterations == 0)
            #expect(result.gradientEvaluations == 200)
        }
        // SVRG's count: one full gradient (n) plus two batch gradients per inner step.
        let counted = svrg(problem, from: .zeros([5]), learningRate: 0.1 / smoothness, options: StochasticOptions(epochs: 3, batchSize: 4, seed: 1))
        #expect(counted.gradientEvaluations == 3 * (200 + 2 * 200) && counted.iterations == 3 * 50)
    }

    @Test("each SGD epoch visits every component exactly once, in a new shuffled order, in batches of b")
    func shuffling() {
        final class Recorder { var batches: [[Int]] = [] }
        let recorder = Recorder()
        let problem = FiniteSumProblem(count: 10, gradient: { w, indices in
            recorder.batches.append(indices)
            return w * 0
        })
        let result = minibatchSGD(problem, from: Tensor([1.0]), using: sgd(learningRate: 0.1),
                                  options: StochasticOptions(epochs: 3, batchSize: 4, seed: 9))
        #expect(result.iterations == 9 && result.gradientEvaluations == 30)
        #expect(recorder.batches.map(\.count) == [4, 4, 2, 4, 4, 2, 4, 4, 2])
        let epochs = (0..<3).map { e in recorder.batches[(3 * e)..<(3 * e + 3)].flatMap { $0 } }
        for order in epochs { #expect(order.sorted() == Array(0..<10)) }
        #expect(epochs[0] != epochs[1] || epochs[1] != epochs[2], "shuffled anew each epoch")
    }

    @Test("gradient descent on a quadratic diverges for η > 2/λmax and converges for η < 2/λmax")
    func stabilityThreshold() {
        // One component, f(θ) = ½ θᵀ diag(1, 4) θ: full-batch SGD is gradient descent, λmax = 4.
        let h = Tensor([1.0, 4.0])
        let problem = FiniteSumProblem(count: 1, gradient: { w, _ in h * w }, value: { w in 0.5 * (h * w * w).sum() })
        let start = Tensor([1.0, 1.0])
        let stable = minibatchSGD(problem, from: start, using: sgd(learningRate: 0.49), options: StochasticOptions(epochs: 2000))
        #expect(stable.termination == .epochLimit && stable.minimizer.norm() < 1e-10)
        let unstable = minibatchSGD(problem, from: start, using: sgd(learningRate: 0.51), options: StochasticOptions(epochs: 2000))
        guard unstable.termination == .diverged else {
            Issue.record("expected divergence, got \(unstable.termination)")
            return
        }
        let (epoch, iteration) = (unstable.epochs, unstable.iterations)
        // |1 − 0.51·4| = 1.04 per step, so f grows by 1.04² and passes f₀ + 10⁸·f₀ (f₀ = 2.5) after
        // ln(1.25·10⁸)/ln(1.0816) ≈ 238 steps — before ‖θ‖∞ reaches 10⁸ (≈ 470 steps).
        #expect(epoch == iteration && (236...240).contains(iteration), "diverged at \(iteration)")
        #expect(unstable.lossHistory.count == epoch + 1, "f(θ₀), then one value per epoch including the diverging one")
    }

    @Test("bad data throws: non-finite features, labels other than 0/1")
    func badData() {
        let x = Tensor([[1, 2], [3, Double.nan]])
        #expect(throws: LinearAlgebraError.self) { try FiniteSumProblem.leastSquares(x: x, y: Tensor([1, 2])) }
        #expect(throws: LinearAlgebraError.self) {
            try FiniteSumProblem.logisticRegression(x: [[1, 2], [3, 4]], y: Tensor([0, 2]))
        }
    }

    @Test("a NaN gradient is reported as non-finite with its epoch and iteration")
    func nonFinite() {
        let problem = FiniteSumProblem(count: 4, gradient: { w, indices in indices.contains(2) ? Tensor([.nan]) : w })
        let result = minibatchSGD(problem, from: Tensor([1.0]), using: sgd(learningRate: 0.1), options: StochasticOptions(epochs: 3))
        guard result.termination == .nonFiniteGradient else {
            Issue.record("expected a non-finite gradient, got \(result.termination)")
            return
        }
        #expect(result.epochs == 0 && result.iterations < 4 && result.minimizer == Tensor([1.0]))
    }
}
