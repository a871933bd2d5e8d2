import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// Levenberg–Marquardt against MINPACK (SciPy's `least_squares(method='lm')`, which calls `lmder`)
/// on Moré–Garbow–Hillstrom problems: the same minimizer and the same evaluation counts.
@Suite struct LevenbergMarquardtTests {
    static let references = try! ReferenceData.load("least_squares_bounds")

    static func minpack(_ name: String) -> ReferenceData {
        references.cases("lm").first { $0.string("name") == name }!
    }

    @Test func printCounts() throws {
        for problem in LeastSquaresProblems.all {
            let reference = LevenbergMarquardtTests.minpack(problem.name)
            let tol = reference.double("gradient_inf_norm") * 1.0001 + 1e-300
            let result = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(),
                                      options: OptimizationOptions(gradientTolerance: tol, maxIterations: 2000))
            print(problem.name, result.termination, result.minimizer.scalars, result.minimum, result.functionEvaluations, result.gradientEvaluations,
                  "minpack", reference.doubles("x"), reference.double("cost"), reference.int("nfev"), reference.int("njev"))
            let accel = try minimize(problem.objective, from: Tensor(problem.start), using: LevenbergMarquardt(geodesicAcceleration: .init()),
                                      options: OptimizationOptions(gradientTolerance: tol, maxIterations: 2000))
            print("  accel", accel.termination, accel.minimizer.scalars, accel.minimum, accel.functionEvaluations, accel.gradientEvaluations)
        }
    }
}
