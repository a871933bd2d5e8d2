import DescentCore
import DescentOptimize
import _TestSupport
import Testing

/// The shared problem suite with SciPy's reference solution for each problem.
struct ReferenceProblem {
    let problem: TestProblem
    let reference: ReferenceData
    /// The closed-form minimizer when known, else the best of SciPy's runs.
    var minimizer: Tensor { problem.minimizer ?? reference.tensor("best_x") }
    /// The smallest Hessian eigenvalue at the minimizer (computed by NumPy in the generator).
    var strongConvexity: Double { reference.double("hessian_min_eigenvalue") }
    /// SciPy's run of one method.
    func scipy(_ method: String) -> ReferenceData {
        reference.cases("runs").first { $0.string("method") == method }!
    }
}

enum ProblemSuite {
    static let references = try! ReferenceData.load("scipy_minimize")

    // Immutable fixtures of pure closures, read by tests that run in parallel: never mutated, so sharing is safe.
    nonisolated(unsafe) static let problems: [TestProblem] = [
        .quadratic(dimension: 10, conditionNumber: 100), .quadratic(dimension: 50, conditionNumber: 1000),
        .rosenbrock, .beale, .himmelblau, .extendedRosenbrock(dimension: 10), .logisticRegression(),
    ]

    static var all: [ReferenceProblem] {
        let cases = references.cases("problems")
        return problems.map { p in ReferenceProblem(problem: p, reference: cases.first { $0.string("name") == p.name }!) }
    }

    static func named(_ name: String) -> ReferenceProblem { all.first { $0.problem.name == name }! }

    /// Himmelblau's four minimizers (any is a correct answer from (0, 0)).
    static let himmelblauMinima: [Tensor] = [
        Tensor([3, 2]), Tensor([-2.805118086952745, 3.131312518250573]),
        Tensor([-3.779310253377747, -3.283185991286170]), Tensor([3.584428340330492, -1.848126526964404]),
    ]
}

/// Checks that a result is a minimizer of a suite problem: converged, and within the first-order error
/// bound ‖x − x*‖₂ ≤ 2‖∇f(x)‖₂/μ (μ = smallest Hessian eigenvalue at x*, factor 2 for the Hessian's
/// variation over that tiny region) plus the reference's own bound when x* comes from SciPy.
func expectMinimizer(_ result: OptimizationResult, of reference: ReferenceProblem, _ label: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    expectConverged(result, label, sourceLocation: sourceLocation)
    var target = reference.minimizer
    if reference.problem.name == "himmelblau" {
        target = ProblemSuite.himmelblauMinima.min { ($0 - result.minimizer).norm(.two) < ($1 - result.minimizer).norm(.two) }!
    }
    var bound = 2 * result.gradient.norm(.two) / reference.strongConvexity
    if reference.problem.minimizer == nil {
        let scipyBest = reference.reference.cases("runs").min { $0.double("f") < $1.double("f") }!
        bound += 2 * scipyBest.double("gradient_inf_norm") * Double(target.count).squareRoot() / reference.strongConvexity
    }
    expectClose((result.minimizer - target).norm(.two), 0, atol: bound + 1e-12,
                "\(label): first-order bound 2‖∇f‖/μ around the minimizer", sourceLocation: sourceLocation)
}

/// Records an issue unless the run met a convergence criterion.
func expectConverged(_ result: OptimizationResult, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.isConverged, "\(label): \(result.termination) after \(result.iterations) iterations, ‖g‖ = \(result.gradientNorm)",
            sourceLocation: sourceLocation)
}
