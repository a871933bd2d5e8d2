import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// L-BFGS-B against SciPy's `minimize(method='L-BFGS-B', bounds=...)` (Fortran L-BFGS-B 3.0) and exact answers.
@Suite struct LBFGSBTests {
    static let references = try! ReferenceData.load("least_squares_bounds")

    static func scipy(_ name: String) -> ReferenceData {
        references.cases("lbfgsb").first { $0.string("name") == name }!
    }

    /// Rosenbrock in any dimension with its exact gradient (Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²).
    static var rosenbrock: Objective { Objective(
        value: { x in
            let v = x.scalars
            var f = 0.0
            for i in 0..<(v.count - 1) {
                let t = v[i + 1] - v[i] * v[i], e = 1 - v[i]
                f += 100 * t * t + e * e
            }
            return f
        },
        gradient: { x in
            let v = x.scalars
            var g = [Double](repeating: 0, count: v.count)
            for i in 0..<(v.count - 1) {
                let t = v[i + 1] - v[i] * v[i]
                g[i] += -400 * v[i] * t - 2 * (1 - v[i])
                g[i + 1] += 200 * t
            }
            return Tensor(g)
        })
    }

    @Test(arguments: ["rosenbrock_cut", "rosenbrock_outside_start", "rosenbrock4_upper"])
    func matchesSciPyOnBoundedRosenbrock(_ name: String) throws {
        let reference = LBFGSBTests.scipy(name)
        let bounds = try Bounds(lower: reference.doubles("lower"), upper: reference.doubles("upper"))
        let result = try minimize(LBFGSBTests.rosenbrock, from: reference.tensor("x0"), using: LBFGSB(bounds: bounds),
                                  options: OptimizationOptions(gradientTolerance: 1e-9))
        #expect(result.termination == .convergedGradient, "\(name): \(result.termination)")
        #expect(bounds.contains(result.minimizer), "\(name): feasible")
        // The same active set: the variables at a bound are exactly those SciPy leaves at a bound.
        let active = result.minimizer.scalars.indices.map { i in
            result.minimizer.scalars[i] == bounds.lower[i] || result.minimizer.scalars[i] == bounds.upper[i]
        }
        #expect(active == (reference.object["active"] as! [Bool]), "\(name): active set")
        // Both stop with a projected gradient ≤ 1e-9; the free variables then sit within ~1e-9/μ of the
        // constrained minimizer (μ ≥ 0.1 on the free subspace here), hence 1e-7; the value agrees to 1e-12.
        expectClose(result.minimizer, reference.tensor("x"), rtol: 0, atol: 1e-7, "\(name): minimizer")
        expectClose(result.minimum, reference.double("f"), rtol: 1e-12, "\(name): minimum")
        #expect(result.gradientNorm <= 1e-9)
    }

    @Test func boundedQuadraticHasItsKnownSolution() throws {
        // ½xᵀAx − bᵀx, A tridiagonal(−1, 4…8, −1), on the box of the reference: the KKT point is
        // x* = (1, 0, ¾, 3/2, 0) with x₃ free (row 3 of Ax − b vanishes: −0 + 6·¾ − 3/2 − 3 = 0) and
        // every other coordinate at the bound its gradient pushes against.
        let reference = LBFGSBTests.scipy("quadratic")
        let a = LBFGSBTests.references["quadratic"].tensor("a"), b = LBFGSBTests.references["quadratic"].tensor("b")
        let objective = Objective(value: { x in 0.5 * dot(x, matmul(a, x)) - dot(b, x) }, gradient: { x in matmul(a, x) - b })
        let bounds = try Bounds(lower: reference.doubles("lower"), upper: reference.doubles("upper"))
        let result = try minimize(objective, from: Tensor.zeros([5]), using: LBFGSB(bounds: bounds),
                                  options: OptimizationOptions(gradientTolerance: 1e-12))
        #expect(result.isConverged)
        let exact = Tensor([1, 0, 0.75, 1.5, 0])
        expectClose(result.minimizer, exact, rtol: 0, atol: 1e-12, "projected gradient ≤ 1e-12 and μ ≥ 4 on the free variable")
        expectClose(reference.tensor("x"), exact, rtol: 0, atol: 1e-12, "SciPy finds the same point")
        expectClose(result.minimum, -19.8125, rtol: 1e-15, "f(x*) = −317/16")
    }

    @Test func startOutsideTheBoxIsProjectedFirst() throws {
        let bounds = try Bounds(lower: [-1.5, -0.5], upper: [0.8, 2])
        let result = try minimize(LBFGSBTests.rosenbrock, from: Tensor([3, -3]), using: LBFGSB(bounds: bounds),
                                  options: OptimizationOptions(gradientTolerance: 1e-9, storeTrace: true, traceIncludesX: true))
        #expect(result.trace.first?.x == Tensor([0.8, -0.5]), "iteration 0 is P(x₀)")
        #expect(result.trace.first?.value == LBFGSBTests.rosenbrock.value(Tensor([0.8, -0.5])))
        #expect(result.trace.allSatisfy { bounds.contains($0.x!) }, "every iterate is feasible")
        expectClose(result.minimizer, Tensor([0.8, 0.64]), rtol: 0, atol: 1e-7, "x₁ at its upper bound, x₂ = x₁²")
    }

    @Test func infiniteBoundsAreUnconstrained() throws {
        let bounds = try Bounds(count: 2)
        let result = try minimize(LBFGSBTests.rosenbrock, from: Tensor([-1.2, 1]), using: LBFGSB(bounds: bounds),
                                  options: OptimizationOptions(gradientTolerance: 1e-8))
        #expect(result.isConverged)
        // μ ≈ 0.3994 at (1, 1): ‖x − x*‖ ≤ 2‖∇f‖/μ.
        expectClose(result.minimizer, Tensor([1, 1]), rtol: 0, atol: 2 * result.gradient.norm(.two) / 0.3994 + 1e-12, "first-order bound")
    }

    @Test func startAtAConstrainedMinimizerTakesNoIteration() throws {
        let bounds = try Bounds(lower: [-1.5, -0.5], upper: [0.8, 2])
        let result = try minimize(LBFGSBTests.rosenbrock, from: Tensor([0.8, 0.64]), using: LBFGSB(bounds: bounds))
        #expect(result.iterations == 0 && result.termination == .convergedGradient, "P(x − ∇f) = x at the KKT point")
    }

    @Test func badBoundsAreErrors() throws {
        #expect(throws: BoundsError.infeasible(index: 1, lower: 2, upper: 1)) { try Bounds(lower: [0, 2], upper: [1, 1]) }
        #expect(throws: BoundsError.countMismatch(lower: 2, upper: 3)) { try Bounds(lower: [0, 0], upper: [1, 1, 1]) }
        #expect(throws: BoundsError.notANumber(index: 0)) { try Bounds(lower: [.nan], upper: [1]) }
        #expect(throws: BoundsError.unreachable(index: 0, lower: .infinity, upper: .infinity)) { try Bounds(lower: .infinity, count: 1) }
        let bounds = try Bounds(lower: 0, upper: 1, count: 3)
        #expect(throws: BoundsError.dimensionMismatch(bounds: 3, variables: 2)) {
            try minimize(LBFGSBTests.rosenbrock, from: Tensor([0, 0]), using: LBFGSB(bounds: bounds))
        }
        #expect(BoundsError.infeasible(index: 1, lower: 2, upper: 1).description
                == "bounds: lower bound 2.0 exceeds upper bound 1.0 for variable 1, so no point is feasible")
    }
}
