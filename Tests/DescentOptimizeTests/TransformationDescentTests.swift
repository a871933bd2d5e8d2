import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// Gradient transformations driven by `minimize`.
@Suite struct TransformationDescentTests {
    @Test func sgdEqualsFixedStepGradientDescent() throws {
        // sgd(η) adds −η∇f: the same iterates as GradientDescent(FixedStep(η)), bit for bit.
        let p = TestProblem.quadratic(dimension: 10, conditionNumber: 100)
        let options = OptimizationOptions(maxIterations: 50, storeTrace: true, traceIncludesX: true)
        let viaTransformation = try minimize(p.objective, from: p.start, using: TransformationDescent(sgd(learningRate: 0.01), name: "sgd"), options: options)
        let viaLineSearch = try minimize(p.objective, from: p.start, using: GradientDescent(lineSearch: FixedStep(0.01)), options: options)
        #expect(viaTransformation.trace.map(\.x) == viaLineSearch.trace.map(\.x))
        #expect(viaTransformation.functionEvaluations == 51 && viaTransformation.gradientEvaluations == 51)
    }

    @Test func adamAndFriendsReachTheMinimum() throws {
        let p = TestProblem.quadratic(dimension: 10, conditionNumber: 10)
        let minimizer = p.minimizer!
        func run(_ t: some GradientTransformation, name: String) throws -> OptimizationResult {
            try minimize(p.objective, from: p.start, using: TransformationDescent(t, name: name),
                         options: OptimizationOptions(gradientTolerance: 1e-6, maxIterations: 20000))
        }
        let results = [
            ("momentum", try run(sgd(learningRate: 0.05, momentum: 0.9), name: "momentum")),
            ("nesterov", try run(sgd(learningRate: 0.05, momentum: 0.9, nesterov: true), name: "nesterov")),
            ("adam", try run(adam(learningRate: 0.05), name: "adam")),
        ]
        for (name, result) in results {
            expectConverged(result, name)
            // μ = 1: ‖x − x*‖₂ ≤ ‖∇f‖₂/μ exactly on a quadratic.
            expectClose((result.minimizer - minimizer).norm(.two), 0, atol: result.gradient.norm(.two) + 1e-15, "\(name): ‖x − x*‖ ≤ ‖g‖/μ")
        }
    }

    @Test func rmspropWithConstantRateHoversAndReturnsBestPoint() throws {
        // Expected failure: RMSProp's steps are normalized (≈ η·g/|g| per coordinate near x*), so with a
        // constant η it circles x* at distance ~η instead of converging; the driver reports the iteration
        // limit and returns the best point seen.
        let p = TestProblem.quadratic(dimension: 10, conditionNumber: 10)
        let result = try minimize(p.objective, from: p.start, using: TransformationDescent(rmsprop(learningRate: 0.01), name: "rmsprop"),
                                  options: OptimizationOptions(gradientTolerance: 1e-6, maxIterations: 3000, storeTrace: true))
        #expect(result.termination == .iterationLimit)
        #expect(result.minimum == result.trace.map(\.value).min()!)
        #expect(result.minimum - p.minimum! < 1e-2, "within the η-sized neighbourhood of f*")
    }

    @Test func tooLargeLearningRateIsReportedAsDivergence() throws {
        // λmax = 100 on this quadratic: η = 0.021 > 2/λmax.
        let p = TestProblem.quadratic(dimension: 10, conditionNumber: 100)
        let result = try minimize(p.objective, from: p.start, using: TransformationDescent(sgd(learningRate: 0.021), name: "sgd"),
                                  options: OptimizationOptions(maxIterations: 5000))
        guard case .diverged = result.termination else {
            Issue.record("expected divergence, got \(result.termination)")
            return
        }
    }
}
