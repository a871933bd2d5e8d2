import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// The `minimize` driver: stopping rules, limits, best point, trace, callbacks, counts and bad input.
@Suite struct DriverTests {
    let rosenbrock = TestProblem.rosenbrock

    @Test func restartAtOptimumTakesZeroIterations() throws {
        for reference in ProblemSuite.all {
            let p = reference.problem
            let first = try minimize(p.objective, from: p.start, using: BFGS())
            let again = try minimize(p.objective, from: first.minimizer, using: BFGS())
            #expect(again.iterations == 0, "\(p.name): restart took \(again.iterations) iterations")
            #expect(again.termination == .convergedGradient)
            #expect(again.functionEvaluations == 1 && again.gradientEvaluations == 1, "only the check at x₀")
            #expect(again.minimizer == first.minimizer)
        }
        // Every method checks the gradient at x₀ first: restarting at a converged point costs no step.
        let p = TestProblem.rosenbrock
        let optimum = try minimize(p.objective, from: p.start, using: Newton(), options: OptimizationOptions(gradientTolerance: 1e-10)).minimizer
        let restarts: [OptimizationResult] = [
            try minimize(p.objective, from: optimum, using: GradientDescent()), try minimize(p.objective, from: optimum, using: BarzilaiBorwein()),
            try minimize(p.objective, from: optimum, using: ConjugateGradient()), try minimize(p.objective, from: optimum, using: LBFGS()),
            try minimize(p.objective, from: optimum, using: Newton(damping: 1)), try minimize(p.objective, from: optimum, using: NewtonCG()),
            try minimize(p.objective, from: optimum, using: TrustRegion(subproblem: .dogleg)),
            try minimize(p.objective, from: optimum, using: TrustRegion(subproblem: .cauchyPoint)),
            try minimize(p.objective, from: optimum, using: ProximalGradient(regularizer: NoRegularization(), accelerated: false)),
            try minimize(p.objective, from: optimum, using: TransformationDescent(adam(learningRate: 0.1))),
        ]
        for result in restarts {
            #expect(result.iterations == 0 && result.minimizer == optimum, "\(result.method): \(result.iterations) iterations")
        }
        // At the exact minimizer (1, 1) the gradient is exactly zero, for every method.
        let exact = Tensor([1, 1])
        #expect(try minimize(rosenbrock.objective, from: exact, using: Newton()).iterations == 0)
        #expect(try minimize(rosenbrock.objective, from: exact, using: TrustRegion()).iterations == 0)
        #expect(try minimize(rosenbrock.objective, from: exact, using: ProximalGradient(regularizer: L1Penalty(0))).iterations == 0)
    }

    @Test func resultDescription() throws {
        let result = try minimize(rosenbrock.objective, from: rosenbrock.start, using: Newton())
        let text = result.description
        #expect(text.hasPrefix("Newton: converged (gradient norm below tolerance)"))
        #expect(text.contains("\(result.iterations) iterations") && text.contains("\(result.hessianEvaluations) Hessian"))
    }

    @Test func nonFiniteStartingPointThrows() {
        #expect(throws: OptimizationError.nonFiniteStartingPoint(index: 1, value: .infinity)) {
            try minimize(rosenbrock.objective, from: Tensor([0, .infinity]), using: BFGS())
        }
        #expect(throws: OptimizationError.self) {
            try minimize(rosenbrock.objective, from: Tensor([.nan, 0]), using: GradientDescent())
        }
    }

    @Test func nanAtStartIsReportedAtIterationZero() throws {
        let objective = Objective(value: { _ in .nan }, gradient: { $0 })
        let result = try minimize(objective, from: Tensor([1, 2]), using: BFGS())
        #expect(result.termination == .nonFiniteValue && result.iterations == 0)
        #expect(result.minimizer == Tensor([1, 2]))
        let badGradient = Objective(value: { $0.squaredNorm() }, gradient: { _ in Tensor([.nan, 0]) })
        #expect(try minimize(badGradient, from: Tensor([1, 2]), using: BFGS()).termination == .nonFiniteGradient)
    }

    @Test func nanDuringRunKeepsBestPoint() throws {
        // f = x² for x > −1 and NaN beyond: a fixed step 1.5 from x = 0.9 jumps to −1.8 (NaN).
        let objective = Objective(value: { x in x.scalars[0] > -1 ? x.squaredNorm() : .nan }, gradient: { $0 * 2 })
        let result = try minimize(objective, from: Tensor([0.9]), using: GradientDescent(lineSearch: FixedStep(1.5)))
        #expect(result.termination == .nonFiniteValue && result.iterations == 1)
        #expect(result.minimizer == Tensor([0.9]), "best point so far is x₀")
    }

    @Test func missingHessianThrows() {
        let objective = Objective(value: { $0.squaredNorm() }, gradient: { $0 * 2 })
        #expect(throws: OptimizationError.missingDerivative(method: "Newton", needs: "a Hessian")) {
            try minimize(objective, from: Tensor([1]), using: Newton())
        }
        #expect(throws: OptimizationError.self) { try minimize(objective, from: Tensor([1]), using: NewtonCG()) }
        #expect(throws: OptimizationError.self) { try minimize(objective, from: Tensor([1]), using: TrustRegion(subproblem: .dogleg)) }
        #expect(throws: OptimizationError.self) { try minimize(objective, from: Tensor([1]), using: GradientDescent(lineSearch: ExactLineSearch())) }
    }

    @Test func iterationLimitReturnsBestPoint() throws {
        let result = try minimize(rosenbrock.objective, from: rosenbrock.start, using: GradientDescent(),
                                  options: OptimizationOptions(maxIterations: 5, storeTrace: true))
        #expect(result.termination == .iterationLimit)
        #expect(result.iterations == 5)
        #expect(result.trace.count == 6, "x₀ plus five iterations")
        let lowest = result.trace.map(\.value).min()!
        #expect(result.minimum == lowest)
    }

    @Test func evaluationAndTimeLimits() throws {
        let byEvaluations = try minimize(rosenbrock.objective, from: rosenbrock.start, using: GradientDescent(),
                                         options: OptimizationOptions(maxFunctionEvaluations: 20))
        #expect(byEvaluations.termination == .evaluationLimit)
        #expect(byEvaluations.functionEvaluations >= 20 && byEvaluations.functionEvaluations < 20 + 60,
                "checked between iterations, so at most one line search over the limit")
        let byTime = try minimize(rosenbrock.objective, from: rosenbrock.start, using: GradientDescent(),
                                  options: OptimizationOptions(timeLimit: 0))
        #expect(byTime.termination == .timeLimit)
        #expect(byTime.iterations == 0)
    }

    @Test func stepAndFunctionChangeCriteria() throws {
        let byStep = try minimize(rosenbrock.objective, from: rosenbrock.start, using: BFGS(),
                                  options: OptimizationOptions(gradientTolerance: 0, stepTolerance: 1e-3))
        #expect(byStep.termination == .convergedStep)
        let byChange = try minimize(rosenbrock.objective, from: rosenbrock.start, using: BFGS(),
                                    options: OptimizationOptions(gradientTolerance: 0, functionTolerance: 1e-6))
        #expect(byChange.termination == .convergedFunctionChange)
    }

    @Test func gradientNormChoice() throws {
        // On x² + 4y² from (1, 1): the 2-norm is always ≥ the ∞-norm, so it stops no earlier.
        let q = Quadratic(matrix: Tensor([[2, 0], [0, 8]]), linear: Tensor([0, 0]))
        let inf = try minimize(q.objective, from: Tensor([1, 1]), using: GradientDescent(), options: OptimizationOptions(gradientTolerance: 1e-8))
        let two = try minimize(q.objective, from: Tensor([1, 1]), using: GradientDescent(),
                               options: OptimizationOptions(gradientTolerance: 1e-8, gradientNorm: .two))
        #expect(inf.gradientNorm == inf.gradient.norm(.infinity))
        #expect(two.gradientNorm == two.gradient.norm(.two))
        #expect(two.iterations >= inf.iterations)
    }

    @Test func callbackStopsAndTraceRecords() throws {
        var seen: [Int] = []
        let options = OptimizationOptions(storeTrace: true, traceIncludesX: true, callback: { entry in
            seen.append(entry.iteration)
            return entry.iteration == 3 ? .stop : .proceed
        })
        let result = try minimize(rosenbrock.objective, from: rosenbrock.start, using: BFGS(), options: options)
        #expect(result.termination == .stoppedByCallback && result.iterations == 3)
        #expect(seen == [0, 1, 2, 3])
        #expect(result.trace.map(\.iteration) == [0, 1, 2, 3])
        #expect(result.trace[0].x == rosenbrock.start && result.trace[0].stepSize == 0)
        #expect(result.trace[3].x == result.minimizer)
        for k in 1...3 {
            let step = (result.trace[k].x! - result.trace[k - 1].x!).norm(.two)
            expectClose(result.trace[k].stepSize, step, rtol: 1e-15, "same subtraction and norm")
            #expect(result.trace[k].functionEvaluations > result.trace[k - 1].functionEvaluations)
        }
    }

    @Test func evaluationCountsAreHonest() throws {
        var calls = (f: 0, g: 0, h: 0)
        let base = rosenbrock.objective
        let counted = Objective(value: { calls.f += 1; return base.value($0) },
                                gradient: { calls.g += 1; return base.gradient!($0) },
                                hessian: { calls.h += 1; return base.hessian!($0) })
        let runs: [() throws -> OptimizationResult] = [
            { try minimize(counted, from: self.rosenbrock.start, using: BFGS()) },
            { try minimize(counted, from: self.rosenbrock.start, using: Newton()) },
            { try minimize(counted, from: self.rosenbrock.start, using: TrustRegion(subproblem: .dogleg)) },
        ]
        for run in runs {
            calls = (0, 0, 0)
            let result = try run()
            #expect(result.functionEvaluations == calls.f && result.gradientEvaluations == calls.g && result.hessianEvaluations == calls.h,
                    "\(result.method): reported \(result.functionEvaluations)/\(result.gradientEvaluations)/\(result.hessianEvaluations), actual \(calls)")
        }
        // A combined closure without a value-only closure: every value costs a gradient too.
        var combined = 0
        let onlyCombined = Objective(valueAndGradient: { combined += 1; return (base.value($0), base.gradient!($0)) })
        let result = try minimize(onlyCombined, from: rosenbrock.start, using: GradientDescent(), options: OptimizationOptions(maxIterations: 20))
        #expect(result.functionEvaluations == combined && result.gradientEvaluations == combined)
    }
}
