import DescentCore
import DescentOptimize
import Foundation
import _TestSupport
import Testing

/// Resuming `minimize` from a `MinimizerState`: a run that hands out its state every few iterations
/// and is continued from any of them ends with exactly the uninterrupted run's bits — minimizer,
/// f, gradient, iteration and evaluation counts, termination, and the trace after the state. The
/// comparisons are exact (bit patterns, not tolerances): the resumed run must repeat the very same
/// floating-point operations, which holds only when the state holds everything the next iterate
/// depends on.
@Suite("Resume") struct ResumeTests {
    /// Extended Rosenbrock in 4 variables: curved enough that every method needs tens of iterations
    /// and its memory (L-BFGS pairs, BFGS's H, the trust radius) matters; it has a Hessian and HVPs.
    let problem = TestProblem.extendedRosenbrock(dimension: 4)

    /// The bit patterns of a tensor's entries (`==` on Double equates 0 and −0).
    private func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

    /// Whether two results are the same to the bit, except for time.
    private func expectSame(_ resumed: OptimizationResult, _ whole: OptimizationResult, after k: Int,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let label = "\(whole.method) resumed after \(k)"
        #expect(bits(resumed.minimizer) == bits(whole.minimizer), "\(label): minimizer", sourceLocation: sourceLocation)
        #expect(resumed.minimum.bitPattern == whole.minimum.bitPattern, "\(label): \(resumed.minimum) vs \(whole.minimum)",
                sourceLocation: sourceLocation)
        #expect(bits(resumed.gradient) == bits(whole.gradient), "\(label): gradient", sourceLocation: sourceLocation)
        #expect(resumed.gradientNorm.bitPattern == whole.gradientNorm.bitPattern, "\(label): gradient norm",
                sourceLocation: sourceLocation)
        let counts = { (r: OptimizationResult) in
            [r.iterations, r.functionEvaluations, r.gradientEvaluations, r.hessianEvaluations,
             r.hessianVectorProductEvaluations, r.saddleEscapes]
        }
        #expect(counts(resumed) == counts(whole), "\(label): iterations and evaluations", sourceLocation: sourceLocation)
        #expect(resumed.termination == whole.termination, "\(label): \(resumed.termination) vs \(whole.termination)",
                sourceLocation: sourceLocation)
        #expect(resumed.stationaryPoint == whole.stationaryPoint, "\(label): stationary point", sourceLocation: sourceLocation)
        // The resumed trace is the uninterrupted one after iteration k, entry for entry.
        let tail = whole.trace.filter { $0.iteration > k }
        #expect(resumed.trace.count == tail.count, "\(label): trace length", sourceLocation: sourceLocation)
        for (a, b) in zip(resumed.trace, tail) {
            let same = a.iteration == b.iteration && a.value.bitPattern == b.value.bitPattern
                && a.x.map(bits) == b.x.map(bits) && a.gradientNorm.bitPattern == b.gradientNorm.bitPattern
                && a.stepSize.bitPattern == b.stepSize.bitPattern && a.functionEvaluations == b.functionEvaluations
                && a.gradientEvaluations == b.gradientEvaluations
            #expect(same, "\(label): trace entry \(a.iteration)", sourceLocation: sourceLocation)
        }
    }

    /// Runs `method` uninterrupted and with states every `interval` iterations, then resumes from
    /// each state (itself handing out states) and compares; returns the states.
    @discardableResult
    private func checkResumes<Method: OptimizationMethod>(_ method: Method, objective: Objective? = nil, start: Tensor? = nil,
                                                          interval: Int = 3, options: OptimizationOptions? = nil,
                                                          sourceLocation: SourceLocation = #_sourceLocation) throws
        -> [MinimizerState<Method.State>] {
        let objective = objective ?? problem.objective, start = start ?? problem.start
        var options = options ?? OptimizationOptions(gradientTolerance: 1e-10, maxIterations: 60)
        options.storeTrace = true
        options.traceIncludesX = true
        let whole = try minimize(objective, from: start, using: method, options: options)
        var states: [MinimizerState<Method.State>] = []
        let reporting = try minimize(objective, from: start, using: method, options: options, stateInterval: interval) {
            states.append($0)
        }
        // Handing out states does not change the run (the whole trace, from iteration 0, compared).
        expectSame(reporting, whole, after: -1, sourceLocation: sourceLocation)
        #expect(states.count >= 2, "\(method.name): \(states.count) states in \(whole.iterations) iterations",
                sourceLocation: sourceLocation)
        #expect(states.map(\.iterations) == states.indices.map { ($0 + 1) * interval }, sourceLocation: sourceLocation)
        for state in states {
            #expect(bits(state.iterate.x) == bits(whole.trace[state.iterations].x!), "\(method.name): iterate \(state.iterations)",
                    sourceLocation: sourceLocation)
            var later: [Int] = []
            let resumed = try minimize(objective, resumingFrom: state, using: method, options: options, stateInterval: interval) {
                later.append($0.iterations)
            }
            expectSame(resumed, whole, after: state.iterations, sourceLocation: sourceLocation)
            // States go on at the multiples of the interval after the resumed one.
            #expect(later == states.map(\.iterations).filter { $0 > state.iterations }, sourceLocation: sourceLocation)
        }
        return states
    }

    @Test func lbfgs() throws {
        let states = try checkResumes(LBFGS())
        #expect(states.last.map { $0.method.s.count > 0 } == true, "the memory is in use when resumed")
        // A memory of 2 fills and drops its oldest pair before the first state.
        try checkResumes(LBFGS(memory: 2))
    }

    @Test func bfgs() throws {
        let states = try checkResumes(BFGS())
        #expect(states.last?.method.inverseHessian != nil)
        try checkResumes(BFGS(scalesInitialHessian: true))
    }

    @Test(arguments: TrustRegion.Subproblem.allCases)
    func trustRegion(subproblem: TrustRegion.Subproblem) throws {
        let states = try checkResumes(TrustRegion(subproblem: subproblem), interval: 2)
        #expect(states.allSatisfy { $0.method.radius != nil })
    }

    @Test func memorylessAndOtherMethods() throws {
        try checkResumes(Newton())
        try checkResumes(Newton(damping: 1))
        try checkResumes(NewtonCG())
        for update in ConjugateGradient.Update.allCases { try checkResumes(ConjugateGradient(update: update)) }
        try checkResumes(BarzilaiBorwein())
        // Gradient descent stops at the iteration limit: the best point and the limit span the runs.
        try checkResumes(GradientDescent(), options: OptimizationOptions(maxIterations: 40))
        let bard = MoreGarbowHillstrom.bard
        let leastSquares = try #require(bard.leastSquares)
        try checkResumes(LevenbergMarquardt(), objective: leastSquares.objective, start: bard.start, interval: 2)
        // The least-squares overloads are the same runs.
        var states: [MinimizerState<LevenbergMarquardt.State>] = []
        let whole = try minimize(leastSquares, from: bard.start, using: LevenbergMarquardt(), stateInterval: 2) { states.append($0) }
        let state = try #require(states.first)
        expectSame(try minimize(leastSquares, resumingFrom: state, using: LevenbergMarquardt()), whole, after: state.iterations)
    }

    /// The evaluation limit counts the evaluations of every run, so the resumed run stops where the
    /// uninterrupted one did.
    @Test func limitsSpanTheRuns() throws {
        try checkResumes(LBFGS(), options: OptimizationOptions(gradientTolerance: 1e-10, maxFunctionEvaluations: 25))
        try checkResumes(BFGS(), options: OptimizationOptions(gradientTolerance: 1e-10, maxIterations: 10))
    }

    /// A saddle escape (Newton, and BFGS asked to escape, from (1, 0) on f = x² − y² + y⁴/4 reach the
    /// saddle (0, 0), then step off it along y): no state is handed out while the escape is planned
    /// (the plan is not part of the state), and a run resumed before or after it takes the same
    /// path, with the same escape count and the same Hessian evaluations of the second-order checks.
    @Test func saddleEscapesSpanTheRuns() throws {
        let quartic = Objective(value: { v in v[0] * v[0] - v[1] * v[1] + 0.25 * v[1] * v[1] * v[1] * v[1] },
                                gradient: { v in Tensor([2 * v[0], -2 * v[1] + v[1] * v[1] * v[1]]) },
                                hessian: { v in Tensor([[2, 0], [0, -2 + 3 * v[1] * v[1]]]) })
        let options = OptimizationOptions(gradientTolerance: 1e-10, storeTrace: true, traceIncludesX: true, escapeSaddles: true)
        func check<Method: OptimizationMethod>(_ method: Method) throws -> [MinimizerState<Method.State>] {
            let whole = try minimize(quartic, from: Tensor([1, 0]), using: method, options: options)
            #expect(whole.saddleEscapes == 1 && whole.stationaryPoint.kind == .minimum, "\(method.name)")
            let escape = whole.trace.first { $0.isSaddleEscape }?.iteration ?? 0
            #expect(escape >= 2, "\(method.name): the escape is at iteration \(escape)")
            var states: [MinimizerState<Method.State>] = []
            _ = try minimize(quartic, from: Tensor([1, 0]), using: method, options: options, stateInterval: 1) { states.append($0) }
            #expect(states.map(\.iterations) == (1..<whole.iterations).filter { $0 != escape - 1 }, "\(method.name)")
            for state in states {
                #expect(state.saddleEscapes == (state.iterations < escape ? 0 : 1))
                expectSame(try minimize(quartic, resumingFrom: state, using: method, options: options), whole, after: state.iterations)
            }
            return states
        }
        _ = try check(Newton())
        // BFGS needs a few iterations to reach the saddle: states before the escape, too.
        #expect(try check(BFGS()).contains { $0.saddleEscapes == 0 })
    }

    /// Encoding a state as JSON and decoding it gives the same bits (re-encoding gives the same
    /// text, and `Double`'s shortest round-tripping decimal has one text per bit pattern), and the
    /// run resumed from the decoded state ends as the uninterrupted one.
    private func checkCoding<Method: OptimizationMethod>(_ method: Method) throws
        where Method.State: Codable & Equatable {
        let options = OptimizationOptions(gradientTolerance: 1e-10, maxIterations: 60)
        let whole = try minimize(problem.objective, from: problem.start, using: method, options: options)
        var states: [MinimizerState<Method.State>] = []
        _ = try minimize(problem.objective, from: problem.start, using: method, options: options, stateInterval: 4) { states.append($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for state in states {
            let data = try encoder.encode(state)
            let decoded = try JSONDecoder().decode(MinimizerState<Method.State>.self, from: data)
            #expect(decoded == state, "\(method.name): state \(state.iterations)")
            #expect(try encoder.encode(decoded) == data, "\(method.name): state \(state.iterations) re-encoded")
            let resumed = try minimize(problem.objective, resumingFrom: decoded, using: method, options: options)
            expectSame(resumed, whole, after: state.iterations)
        }
    }

    @Test func jsonRoundTripIsExact() throws {
        try checkCoding(LBFGS())
        try checkCoding(BFGS())
        for subproblem in TrustRegion.Subproblem.allCases { try checkCoding(TrustRegion(subproblem: subproblem)) }
        try checkCoding(Newton())
        try checkCoding(NewtonCG())
        // Values whose shortest decimals are long, negative zero and subnormals survive too.
        let tricky = [0.1 + 0.2, -0.0, Double.leastNonzeroMagnitude, 1 / 3, -1.7976931348623157e308, .pi]
        let state = LBFGS.State(s: [Tensor(tricky)], y: [Tensor(tricky.reversed())], rho: [tricky[3]])
        let decoded = try JSONDecoder().decode(LBFGS.State.self, from: JSONEncoder().encode(state))
        #expect(decoded.s.map(bits) == state.s.map(bits) && decoded.y.map(bits) == state.y.map(bits))
        #expect(decoded.rho.map(\.bitPattern) == state.rho.map(\.bitPattern))
    }

    @Test func malformedStatesAreRejected() throws {
        // Decoding: scalars that do not fill the shape, pairs of unequal counts, a non-square H.
        let cases: [(String, (Data) throws -> Void)] = [
            (#"{"s":[{"shape":[3],"scalars":[1,2]}],"y":[{"shape":[3],"scalars":[1,2,3]}],"rho":[1]}"#,
             { _ = try JSONDecoder().decode(LBFGS.State.self, from: $0) }),
            (#"{"s":[{"shape":[2],"scalars":[1,2]}],"y":[],"rho":[1]}"#,
             { _ = try JSONDecoder().decode(LBFGS.State.self, from: $0) }),
            (#"{"inverseHessian":{"shape":[2,3],"scalars":[1,2,3,4,5,6]},"previousValue":1}"#,
             { _ = try JSONDecoder().decode(BFGS.State.self, from: $0) }),
        ]
        for (json, decode) in cases {
            #expect(throws: DecodingError.self, "\(json)") { try decode(Data(json.utf8)) }
        }

        // Resuming: a state of another problem's size, more pairs than the memory, a bad radius, a
        // non-finite iterate: `OptimizationError.incompatibleState`, never a crash in the step.
        let options = OptimizationOptions(gradientTolerance: 1e-10)
        var lbfgs: [MinimizerState<LBFGS.State>] = []
        _ = try minimize(problem.objective, from: problem.start, using: LBFGS(), options: options, stateInterval: 6) { lbfgs.append($0) }
        let lbfgsState = try #require(lbfgs.first)
        let small = TestProblem.rosenbrock
        var foreign = lbfgsState
        foreign.iterate = Iterate(x: small.start, value: small.objective.value(small.start), gradient: small.objective.gradient!(small.start))
        foreign.best = foreign.iterate
        #expect(throws: OptimizationError.incompatibleState(method: "L-BFGS", reason: "saved pairs of 4 entries for 2 variables")) {
            try minimize(small.objective, resumingFrom: foreign, using: LBFGS())
        }
        #expect(throws: OptimizationError.incompatibleState(method: "L-BFGS", reason: "6 saved pairs, more than the memory m = 3")) {
            try minimize(problem.objective, resumingFrom: lbfgsState, using: LBFGS(memory: 3))
        }
        var nonFinite = lbfgsState
        nonFinite.iterate.value = .nan
        #expect(throws: OptimizationError.self) { try minimize(problem.objective, resumingFrom: nonFinite, using: LBFGS()) }

        var bfgs: [MinimizerState<BFGS.State>] = []
        _ = try minimize(problem.objective, from: problem.start, using: BFGS(), options: options, stateInterval: 6) { bfgs.append($0) }
        var bfgsForeign = try #require(bfgs.first)
        bfgsForeign.iterate = foreign.iterate
        bfgsForeign.best = foreign.iterate
        #expect(throws: OptimizationError.incompatibleState(method: "BFGS", reason: "a saved inverse Hessian of shape [4, 4] for 2 variables")) {
            try minimize(small.objective, resumingFrom: bfgsForeign, using: BFGS())
        }

        var region: [MinimizerState<TrustRegion.State>] = []
        _ = try minimize(problem.objective, from: problem.start, using: TrustRegion(), options: options, stateInterval: 6) { region.append($0) }
        var badRadius = try #require(region.first)
        badRadius.method.radius = -1
        #expect(throws: OptimizationError.self) { try minimize(problem.objective, resumingFrom: badRadius, using: TrustRegion()) }
        // A method that needs a Hessian still says so when resumed on an objective without one.
        let gradientOnly = Objective(value: problem.objective.value, gradient: problem.objective.gradient!)
        #expect(throws: OptimizationError.missingDerivative(method: "trust region (exact)", needs: "a Hessian")) {
            try minimize(gradientOnly, resumingFrom: try #require(region.first), using: TrustRegion(subproblem: .exact))
        }
    }

    /// An error thrown by `onState` (a checkpoint that cannot be written) ends `minimize` with it.
    @Test func stateHandlerErrorsPropagate() throws {
        struct Unwritable: Error, Equatable {}
        var calls = 0
        #expect(throws: Unwritable()) {
            try minimize(problem.objective, from: problem.start, using: LBFGS(), stateInterval: 2) { _ in
                calls += 1
                if calls == 2 { throw Unwritable() }
            }
        }
        #expect(calls == 2)
    }
}
