import DescentAutodiff
import DescentCore
@testable import DescentOptimize
import _TestSupport
import Testing

/// Second-order verdicts at convergence (`OptimizationResult.stationaryPoint`) and saddle escapes,
/// checked against exact math (x² − y², x² − y² + y⁴/4, Rosenbrock) and against NumPy's `eigvalsh`
/// of JAX's exact Hessian at Biggs EXP6's saddle (Tools/references/cg_descent_mgh.py).
@Suite struct StationaryPointTests {
    /// x² − y²: a saddle at 0 with ∇²f = diag(2, −2).
    let hyperbolic = Objective(differentiable: { v in v[0] * v[0] - v[1] * v[1] })
    /// x² − y² + y⁴/4: a saddle at 0 (λmin = −2), minima f = −1 at (0, ±√2), where ∇²f = diag(2, 4).
    let quartic = Objective(differentiable: { v in v[0] * v[0] - v[1] * v[1] + 0.25 * v[1] * v[1] * v[1] * v[1] })

    static func biggs() throws -> (objective: Objective, start: Tensor, reference: ReferenceData) {
        let data = try ReferenceData.load("cg_descent_mgh")
        let problem = data.cases("problems").first { $0.string("name") == "biggs-exp6" }!
        let objective = try Objective(expression: MathExpression(parsing: problem.string("expression")),
                                      variables: (1...6).map { "x\($0)" })
        return (objective, problem.tensor("x0"), data["biggs_saddle"])
    }

    @Test func saddleOfHyperbolicParaboloid() throws {
        // The gradient (2x, −2y) is zero at the start: the verdict comes at iteration 0, exact.
        let atSaddle = try minimize(hyperbolic, from: Tensor([0, 0]), using: BFGS())
        #expect(atSaddle.iterations == 0 && atSaddle.stationaryPoint.kind == .saddle)
        #expect(atSaddle.stationaryPoint.minEigenvalue == -2 && atSaddle.stationaryPoint.maxEigenvalue == 2)
        #expect(atSaddle.stationaryPoint.source == .denseEigen)
        #expect(atSaddle.stationaryPoint.hessianEvaluations == 1, "one dense Hessian for the check")
        #expect(atSaddle.hessianEvaluations == 1, "and the totals include it (BFGS itself uses none)")
        #expect(atSaddle.description.contains("converged (gradient norm below tolerance) to a saddle point (λmin = -2.0)"))
        // From (1, 0) the y-component of every gradient is 0: BFGS walks to the saddle.
        let walked = try minimize(hyperbolic, from: Tensor([1, 0]), using: BFGS())
        #expect(walked.termination == .convergedGradient && walked.stationaryPoint.kind == .saddle)
        expectClose(walked.stationaryPoint.minEigenvalue ?? .nan, -2, rtol: 1e-12, "a quadratic's Hessian is constant")
    }

    @Test func rosenbrockMinimumIsAMinimum() throws {
        let p = TestProblem.rosenbrock
        let result = try minimize(p.objective, from: p.start, using: BFGS())
        #expect(result.stationaryPoint.kind == .minimum)
        // At (1, 1) the eigenvalues of [[802, −400], [−400, 200]] are 501 ∓ √(301² + 400²); the
        // returned point is within ~1e-5 of (1, 1), so λ differs by ~1200·1e-5 at most: rtol 1e-3.
        let exact = 501 - (301.0 * 301 + 400 * 400).squareRoot()
        expectClose(result.stationaryPoint.minEigenvalue ?? .nan, exact, rtol: 1e-3, "point converged to ‖g‖∞ ≤ 1e-5")
        #expect(result.description.contains("converged (gradient norm below tolerance) (minimum (λmin = "))
    }

    @Test func biggsSaddleMatchesNumPy() throws {
        let (objective, start, saddle) = try Self.biggs()
        // The exact Hessian at the generator's saddle point: our autodiff Hessian vs NumPy's eigvalsh of
        // JAX's. Both are exact to rounding; the eigenvalues of an 11-norm matrix agree to ~1e-14·11,
        // and the zero eigenvalue (the curve of saddles) to that absolute level: atol 1e-12.
        let point = saddle.tensor("point")
        let hessian = try #require(objective.hessian?(point))
        let eigenvalues = try SymmetricEigen((hessian + hessian.transposed) * 0.5).eigenvalues
        expectClose(eigenvalues, saddle.tensor("eigenvalues"), rtol: 1e-9, atol: 1e-12, "exact Hessians, rounding only")
        let lambda = saddle.doubles("eigenvalues")[0]
        #expect(lambda < -9.8e-3 && lambda > -9.9e-3)

        // BFGS from the standard start stops near that saddle and now says so.
        let result = try minimize(objective, from: start, using: BFGS())
        #expect(result.termination == .convergedGradient)
        expectClose(result.minimum, saddle.double("value"), rtol: 1e-6, "f is flat to second order at a stationary point")
        #expect(result.stationaryPoint.kind == .saddle, "\(result.stationaryPoint)")
        // The point is stationary to ‖g‖∞ ≤ 1e-5 only; λmin moves by ~‖∇³f‖·‖Δx‖ there: rtol 1e-3.
        expectClose(result.stationaryPoint.minEigenvalue ?? .nan, lambda, rtol: 1e-3, "approximate stationary point")
        // The library's Biggs EXP6 (the MGH paper lists f = 5.65565e-3 as a local minimum) agrees: a saddle.
        let library = MoreGarbowHillstrom.biggsEXP6()
        expectClose(library.objective.value(point), saddle.double("value"), rtol: 1e-12, "the same function")
        let fromLibrary = try minimize(library.objective, from: library.start, using: BFGS())
        #expect(fromLibrary.stationaryPoint.kind == .saddle, "\(fromLibrary.stationaryPoint)")
        let lbfgs = try minimize(objective, from: start, using: LBFGS())
        #expect(lbfgs.stationaryPoint.kind == .saddle && lbfgs.minimum > 5.6e-3, "L-BFGS stops at the saddle too")
    }

    @Test func lanczosPathAgreesWithDense() throws {
        let lanczos = OptimizationOptions(secondOrderCheck: SecondOrderCheck(denseDimensionLimit: 0))
        let atSaddle = try minimize(hyperbolic, from: Tensor([0, 0]), using: BFGS(), options: lanczos)
        #expect(atSaddle.stationaryPoint.source == .lanczos && atSaddle.stationaryPoint.kind == .saddle)
        expectClose(atSaddle.stationaryPoint.minEigenvalue ?? .nan, -2, rtol: 1e-10, "2 Lanczos steps span ℝ² exactly")
        #expect(atSaddle.stationaryPoint.hessianVectorProductEvaluations >= 2)

        let (objective, _, saddle) = try Self.biggs()
        let point = saddle.tensor("point")
        let check = SecondOrderCheck(denseDimensionLimit: 3)
        let (verdict, direction) = check.examine(objective, at: point)
        #expect(verdict.source == .lanczos && verdict.kind == .saddle)
        // Six Lanczos steps on a 6 × 6 operator span the space: λmin to rounding (relative to ‖H‖ ≈ 11).
        expectClose(verdict.minEigenvalue ?? .nan, saddle.doubles("eigenvalues")[0], rtol: 1e-6, atol: 1e-12,
                    "Krylov space = ℝ⁶")
        let v = try #require(direction)
        let curvature = dot(v.flattened, objective.hessianVectorProduct!(point, v).flattened)
        expectClose(curvature, verdict.minEigenvalue ?? .nan, rtol: 1e-6, "the Ritz vector's Rayleigh quotient is λmin")

        // With a Hessian but no Hessian-vector product, Lanczos multiplies by the Hessian formed once.
        let rosenbrock = TestProblem.rosenbrock.objective
        let hessianOnly = Objective(value: rosenbrock.value, gradient: rosenbrock.gradient!, hessian: rosenbrock.hessian)
        let atMinimum = SecondOrderCheck(denseDimensionLimit: 1).examine(hessianOnly, at: .ones([2])).verdict
        #expect(atMinimum.source == .lanczos && atMinimum.kind == .minimum && atMinimum.hessianEvaluations == 1)
        expectClose(atMinimum.minEigenvalue ?? .nan, 501 - (301.0 * 301 + 400 * 400).squareRoot(), rtol: 1e-9,
                    "exact at (1, 1); λmin ≈ 0.4 beside λmax ≈ 1002 loses ~3 digits to cancellation")

        // Too few steps to converge: negative curvature is still certified when a Ritz value shows it,
        // otherwise the verdict is undetermined, never a false "minimum".
        let short = SecondOrderCheck(denseDimensionLimit: 0, lanczosIterations: 1)
        let p = TestProblem.extendedRosenbrock(dimension: 10)
        let shortVerdict = short.examine(p.objective, at: .ones([10])).verdict
        #expect(shortVerdict.kind == .undetermined || shortVerdict.kind == .minimum)
        #expect(short.examine(hyperbolic, at: Tensor([0, 0])).verdict.kind != .minimum)
    }

    @Test func notCheckedWithoutSecondOrderOrConvergence() throws {
        let firstOrderOnly = Objective(value: { x in x.squaredNorm() }, gradient: { x in x * 2 })
        #expect(try minimize(firstOrderOnly, from: Tensor([1, 2]), using: BFGS()).stationaryPoint == .notChecked)
        let p = TestProblem.rosenbrock
        let stopped = try minimize(p.objective, from: p.start, using: BFGS(), options: OptimizationOptions(maxIterations: 2))
        #expect(stopped.termination == .iterationLimit && stopped.stationaryPoint.kind == .notChecked)
        let off = try minimize(p.objective, from: p.start, using: BFGS(), options: OptimizationOptions(secondOrderCheck: .off))
        #expect(off.stationaryPoint.kind == .notChecked && off.description.hasPrefix("BFGS: converged (gradient norm below tolerance)\n"))
        let proximal = try minimize(p.objective, from: p.start, using: ProximalGradient(regularizer: L1Penalty(0.1)),
                                    options: OptimizationOptions(maxIterations: 20_000))
        #expect(proximal.stationaryPoint.kind == .notChecked, "f + g: ∇²f does not classify the composite minimum")
    }

    @Test func degenerateAndMaximumRules() throws {
        // x⁴ + y² at 0: ∇²f = diag(0, 2), positive semidefinite, undecided by second order.
        let flat = Objective(differentiable: { v in v[0] * v[0] * v[0] * v[0] + v[1] * v[1] })
        #expect(try minimize(flat, from: Tensor([0, 0]), using: BFGS()).stationaryPoint.kind == .degenerate)
        // −x² − y² at 0: a maximum (gradient methods never arrive, but a start there is classified).
        let cap = Objective(differentiable: { v in -(v[0] * v[0]) - v[1] * v[1] })
        let top = try minimize(cap, from: Tensor([0, 0]), using: BFGS())
        #expect(top.stationaryPoint.kind == .maximum && top.stationaryPoint.minEigenvalue == -2)
        #expect(StationaryPoint.kind(minEigenvalue: -1, maxEigenvalue: 0, tolerance: 1e-6) == .saddle,
                "negative curvature anywhere: not a minimum")
        #expect(StationaryPoint.kind(minEigenvalue: -1e-9, maxEigenvalue: 1, tolerance: 1e-6) == .degenerate)
        #expect(StationaryPoint.kind(minEigenvalue: .nan, maxEigenvalue: 1, tolerance: 1e-6) == .undetermined)
    }

    @Test func gradientMethodsStopAtTheSaddleUnlessAskedToEscape() throws {
        let start = Tensor([1, 0])
        let escape = OptimizationOptions(storeTrace: true, escapeSaddles: true)
        func check<M: OptimizationMethod>(_ method: M) throws {
            let stuck = try minimize(quartic, from: start, using: method)
            #expect(stuck.stationaryPoint.kind == .saddle && stuck.saddleEscapes == 0, "\(method.name): \(stuck.stationaryPoint)")
            expectClose(stuck.minimum, 0, atol: 1e-9, "\(method.name) stops at the saddle (0, 0)")
            let escaped = try minimize(quartic, from: start, using: method, options: escape)
            #expect(escaped.termination == .convergedGradient && escaped.saddleEscapes == 1, "\(method.name)")
            #expect(escaped.stationaryPoint.kind == .minimum, "\(method.name): \(escaped.stationaryPoint)")
            // f = −1 at (0, ±√2); ‖g‖∞ ≤ 1e-5 with curvature ≥ 2 puts f within ~1e-10 of it.
            expectClose(escaped.minimum, -1, atol: 1e-9, "\(method.name) reaches a minimum")
            expectClose(Swift.abs(escaped.minimizer.scalars[1]), 2.0.squareRoot(), atol: 1e-5, "\(method.name)")
            #expect(escaped.trace.filter(\.isSaddleEscape).count == 1)
            #expect(escaped.description.contains("after 1 saddle escape"))
        }
        try check(GradientDescent())
        try check(BFGS())
        try check(LBFGS())
        try check(ConjugateGradient())
        try check(BarzilaiBorwein())
    }

    @Test func curvatureMethodsEscapeByDefault() throws {
        let start = Tensor([1, 0])
        let results = [try minimize(quartic, from: start, using: Newton()), try minimize(quartic, from: start, using: NewtonCG()),
                       try minimize(quartic, from: start, using: TrustRegion())]
        for result in results {
            #expect(result.saddleEscapes <= 1 && result.stationaryPoint.kind == .minimum, "\(result.method): \(result.stationaryPoint)")
            expectClose(result.minimum, -1, atol: 1e-9, "\(result.method) reaches a minimum")
        }
        // Asked not to, or with no escapes allowed, Newton reports the saddle.
        let off = try minimize(quartic, from: start, using: Newton(), options: OptimizationOptions(escapeSaddles: false))
        #expect(off.stationaryPoint.kind == .saddle && off.saddleEscapes == 0)
        let capped = try minimize(quartic, from: Tensor([0, 0]), using: Newton(), options: OptimizationOptions(maxSaddleEscapes: 0))
        #expect(capped.iterations == 0 && capped.stationaryPoint.kind == .saddle)
        // From the saddle itself the escape is the first iteration.
        let fromSaddle = try minimize(quartic, from: Tensor([0, 0]), using: Newton(), options: OptimizationOptions(storeTrace: true))
        #expect(fromSaddle.saddleEscapes == 1 && fromSaddle.trace[1].isSaddleEscape && fromSaddle.stationaryPoint.kind == .minimum)
        // An iteration limit that leaves no room for the escape reports the saddle as converged.
        let noRoom = try minimize(quartic, from: Tensor([0, 0]), using: Newton(), options: OptimizationOptions(maxIterations: 0))
        #expect(noRoom.termination == .convergedGradient && noRoom.stationaryPoint.kind == .saddle && noRoom.saddleEscapes == 0)
    }

    @Test func escapesAreCapped() throws {
        // −x² − y² + (x² + y²)²/4 … along every direction the same: from 0 one escape reaches the ring of
        // minima r = √2; a cap of 1 is respected even when further saddles would follow.
        let ring = Objective(differentiable: { v in
            let r2 = v[0] * v[0] + v[1] * v[1]
            return 0.25 * r2 * r2 - r2
        })
        let result = try minimize(ring, from: Tensor([0, 0]), using: BFGS(),
                                  options: OptimizationOptions(escapeSaddles: true, maxSaddleEscapes: 1))
        #expect(result.saddleEscapes == 1)
        expectClose(result.minimum, -1, atol: 1e-9, "the ring of minima f = −1")
        #expect(result.stationaryPoint.kind == .degenerate, "flat along the ring: λ = 0 there")
    }
}
