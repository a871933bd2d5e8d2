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

    @Test func printRuns() throws {
        for name in ["rosenbrock_cut", "rosenbrock_outside_start", "rosenbrock4_upper"] {
            let reference = LBFGSBTests.scipy(name)
            let bounds = try Bounds(lower: reference.doubles("lower"), upper: reference.doubles("upper"))
            let result = try minimize(LBFGSBTests.rosenbrock, from: reference.tensor("x0"), using: LBFGSB(bounds: bounds),
                                      options: OptimizationOptions(gradientTolerance: 1e-10))
            print(name, result.termination, result.minimizer.scalars, result.minimum, result.iterations, result.functionEvaluations,
                  "scipy", reference.doubles("x"), reference.double("f"), reference.int("nit"), reference.int("nfev"))
        }
    }
}
