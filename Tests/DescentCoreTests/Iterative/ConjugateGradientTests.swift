import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Conjugate gradient")
struct ConjugateGradientTests {
    let laplacian = IterativeReferences.data["laplacian"]
    let reference = IterativeReferences.data["cg"]

    /// L + I from the committed Laplacian triplets (the generator builds the same matrix for SciPy).
    func spdMatrix() throws -> SparseMatrix {
        try SparseMatrix(rows: 200, columns: 200,
                         rowIndices: laplacian.doubles("rows").map { Int($0) } + Array(0..<200),
                         columnIndices: laplacian.doubles("columns").map { Int($0) } + Array(0..<200),
                         values: laplacian.doubles("values") + [Double](repeating: 1, count: 200))
    }

    @Test func matchesSciPyAndDenseSolve() throws {
        let a = try spdMatrix()
        let b = reference.tensor("b")
        let result = try conjugateGradient(a, b, options: IterativeOptions(tolerance: 1e-12))
        #expect(result.termination == .convergedResidual)
        #expect(result.residual <= 1e-11 * b.norm(.two), "true residual within 10× the recursive one")
        // κ(L + I) ≈ 14, so the relative error is at most κ·1e-12.
        expectClose(result.solution, reference.tensor("solve"), rtol: 1e-10, atol: 1e-11, "LAPACK gesv; error ≤ κ·tolerance")
        expectClose(result.solution, reference.tensor("scipy_cg"), rtol: 1e-10, atol: 1e-11, "scipy cg to rtol 1e-12")
        #expect(result.operatorApplications == result.iterations + 1)
    }

    @Test func jacobiPreconditioningHelpsBadScaling() throws {
        let scaled = IterativeReferences.data["cg_scaled"]
        let a = try IterativeReferences.sparse(scaled, rows: 200, columns: 200)
        let b = scaled.tensor("b")
        let options = IterativeOptions(tolerance: 1e-10, maxIterations: 2000)
        let plain = try conjugateGradient(a, b, options: options)
        let jacobi = try conjugateGradient(a, b, preconditioner: .jacobi(a.diagonalElements), options: options)
        #expect(jacobi.termination == .convergedResidual)
        #expect(jacobi.iterations * 3 < plain.iterations, "diagonal scaling of e^±3 is undone by Jacobi")
        let x = scaled.tensor("solve")
        expectClose(jacobi.solution, x, rtol: 1e-6, atol: 1e-8, "κ ≈ 1e4 after scaling: error ≤ κ·1e-10")
    }

    @Test func alreadyAtOptimumTakesNoIteration() throws {
        let a: Tensor = [[4, 1], [1, 3]]
        let x: Tensor = [1, 2]
        let result = try conjugateGradient(a, matmul(a, x), initialGuess: x)
        #expect(result.termination == .convergedResidual && result.iterations == 0 && result.residual == 0)
        let zeroRHS = try conjugateGradient(a, Tensor([0, 0]))
        #expect(zeroRHS.solution == Tensor([0, 0]) && zeroRHS.iterations == 0 && zeroRHS.termination == .convergedResidual)
    }

    @Test func exactInAtMostNStepsOnSmallSystems() throws {
        let a: Tensor = [[4, 1], [1, 3]]
        let result = try conjugateGradient(a, Tensor([1, 2]))
        #expect(result.iterations <= 2)
        expectClose(result.solution, Tensor([1.0 / 11, 7.0 / 11]), rtol: 1e-14, "exact in 2 steps up to rounding")
        let one = try conjugateGradient(Tensor([[2]]), Tensor([3]))
        #expect(one.solution == Tensor([1.5]) && one.iterations == 1)
        let empty = try conjugateGradient(Tensor.zeros([0, 0]), Tensor.zeros([0]))
        #expect(empty.termination == .convergedResidual && empty.solution.shape == [0])
    }

    @Test func indefiniteOperatorBreaksDown() throws {
        let result = try conjugateGradient(Tensor([[1, 0], [0, -1]]), Tensor([1, 1]))
        #expect(result.termination == .breakdown)
        let zero = try conjugateGradient(Tensor.zeros([2, 2]), Tensor([1, 0]))
        #expect(zero.termination == .breakdown)
    }

    // MARK: Singular systems, symmetry, stagnation (the reliability issue)

    static let reliability: ReferenceData = {
        do { return try ReferenceData.load("iterative_reliability") } catch { fatalError("\(error); run Tools/references/iterative_reliability.py") }
    }()

    /// The rank-3 PSD matrix of the issue with b = (0, 1, 1, 1): b is not in the range of A (the
    /// null vector n = (41, 10, 18, −16) has n·b = 12 ≠ 0), so no x has ‖b − Ax‖ < 12/√2361 ≈ 0.247.
    /// SciPy's cg reports success with ‖x‖ ≈ 1.8e15 and a true residual of 1.5; this CG must never
    /// call it converged, and stops at the breakdown (pᵀAp at rounding level) with a moderate x.
    @Test func systemWithNoSolutionIsNeverConverged() throws {
        let psd = Self.reliability["psd"]
        let a = psd.tensor("matrix"), b = psd.tensor("b_outside")
        #expect(psd.int("scipy_outside_info") == 0 && psd.double("scipy_outside_solution_norm") > 1e14,
                "the peer's behaviour this test guards against (SciPy \(psd.string("scipy_version")))")
        let distance = psd.double("distance_to_range")
        expectClose(distance, 12 / 2361.0.squareRoot(), rtol: 1e-15, "exact: |n·b| / ‖n‖")
        for tolerance in [1e-10, 1e-6, 0.1] {
            let result = try conjugateGradient(a, b, options: IterativeOptions(tolerance: tolerance))
            #expect(!result.isConverged && result.termination == .breakdown, "tol \(tolerance): \(result.termination)")
            #expect(result.residual >= distance * (1 - 1e-12), "no x beats the distance from b to the range")
            expectClose(result.residual, (b - matmul(a, result.solution)).norm(.two), rtol: 1e-12, "the reported residual is the true one")
            #expect(result.solution.norm(.two) < 10, "no blow-up: ‖x‖ = \(result.solution.norm(.two))")
        }
        // Jacobi preconditioning, a start away from 0, and the sparse form: the same verdict.
        let jacobi = try conjugateGradient(a, b, preconditioner: .jacobi(a.diagonalElements))
        #expect(jacobi.termination.isFailure && jacobi.residual >= distance * (1 - 1e-12), "\(jacobi.termination)")
        let started = try conjugateGradient(SparseMatrix(dense: a), b, initialGuess: Tensor([1, -1, 2, 0]))
        #expect(started.termination.isFailure && started.residual >= distance * (1 - 1e-12), "\(started.termination)")
        // A loose enough tolerance is met honestly: ‖b − Ax‖ ≤ tol·‖b‖ holds for x = 0 when tol ≥ 1.
        let loose = try conjugateGradient(a, b, options: IterativeOptions(tolerance: 1))
        #expect(loose.isConverged && loose.residual <= b.norm(.two))
    }

    /// A consistent singular PSD system (b in the range): CG from 0 stays in the range and converges
    /// to the minimum-norm solution A⁺b, as SciPy's cg does.
    @Test func consistentSingularSystemsConvergeToTheMinimumNormSolution() throws {
        let psd = Self.reliability["psd"]
        let small = try conjugateGradient(psd.tensor("matrix"), psd.tensor("b_inside"), options: IterativeOptions(tolerance: 1e-12))
        #expect(small.termination == .convergedResidual)
        // Nonzero eigenvalues 4.3 … 31.1: κ on the range ≈ 7.2, so x is within 10·κ·tol of A⁺b.
        expectClose(small.solution, psd.tensor("minimum_norm_solution"), rtol: 1e-10, "NumPy pinv; κ_range ≈ 7")
        expectClose(small.solution, psd.tensor("scipy_inside"), rtol: 1e-10, "SciPy cg, rtol 1e-12")

        let cycle = Self.reliability["cycle_laplacian"]
        let laplacian = try IterativeReferences.sparse(cycle, rows: 50, columns: 50)
        let result = try conjugateGradient(laplacian, cycle.tensor("b_inside"), options: IterativeOptions(tolerance: 1e-12))
        #expect(result.termination == .convergedResidual)
        // λ₂ = 2 − 2cos(2π/50) ≈ 0.0158, λmax = 4: κ on the range ≈ 253, so the error is ≤ 253·1e-12 relative.
        expectClose(result.solution, cycle.tensor("minimum_norm_solution"), rtol: 1e-9, atol: 1e-10, "pinv; κ_range ≈ 253")
        expectClose(result.solution, cycle.tensor("scipy_inside"), rtol: 1e-9, atol: 1e-10, "SciPy cg, rtol 1e-12")

        // A constant component of 1e-3 makes it inconsistent: distance 1e-3·√50 from the range.
        let outside = cycle.tensor("b_inside") + cycle.double("constant_component")
        let inconsistent = try conjugateGradient(laplacian, outside, options: IterativeOptions(tolerance: 1e-10))
        #expect(inconsistent.termination.isFailure, "\(inconsistent.termination)")
        #expect(inconsistent.residual >= cycle.double("distance_to_range") * (1 - 1e-9))
        #expect(inconsistent.solution.isFinite && inconsistent.solution.norm(.two) < 1e6, "‖x‖ = \(inconsistent.solution.norm(.two))")
    }

    /// A tolerance below what floating point can reach: the recurrence residual falls below it, the
    /// true residual cannot; the run ends in stagnation with its true residual, not in a false convergence.
    @Test func unreachableToleranceStagnates() throws {
        let a = try spdMatrix()
        let b = reference.tensor("b")
        let result = try conjugateGradient(a, b, options: IterativeOptions(tolerance: 1e-20, maxIterations: 5000))
        #expect(result.termination == .stagnation, "\(result.termination) after \(result.iterations)")
        #expect(result.iterations < 1000, "stopped by the stagnation test, not the limit")
        #expect(result.residual > 1e-20 * b.norm(.two) && result.residual < 1e-12 * b.norm(.two),
                "the best true residual, at the level of rounding: \(result.residual)")
        expectClose(result.residual, (b - a.apply(result.solution)).norm(.two), rtol: 1e-6, "the reported residual is the true one")
    }

    /// CG's theory needs A = Aᵀ: a dense or sparse matrix that is not symmetric is refused; a closure
    /// cannot be checked (documented), so it runs, and only the true residual can tell.
    @Test func nonSymmetricMatricesAreRefused() throws {
        let a: Tensor = [[4, 1], [2, 3]]
        for error in [symmetryError { try conjugateGradient(a, Tensor([1, 2])) },
                      symmetryError { try conjugateGradient(SparseMatrix(dense: a), Tensor([1, 2])) }] {
            #expect(error.hasPrefix("conjugateGradient: the matrix is not symmetric: entry (") && error.contains(") is 1.0 but entry ("), "\(error)")
        }
        // Rounding-level asymmetry (XᵀX-like products) is accepted.
        let nearly: Tensor = [[4, 1 + 1e-12], [1, 3]]
        #expect(try conjugateGradient(nearly, Tensor([1, 2])).termination == .convergedResidual)
        let closure = FunctionOperator(symmetric: 2) { matmul(a, $0) }
        let run = try conjugateGradient(closure, Tensor([1, 2]))
        #expect(!run.isConverged || run.residual <= 1e-10 * 5.0.squareRoot(), "never converged beside a larger residual")
    }

    @Test func progressIsReportedEveryIteration() throws {
        let reports = Reports()
        let options = IterativeOptions(tolerance: 1e-12, progress: { reports.append($0) })
        let result = try conjugateGradient(try spdMatrix(), reference.tensor("b"), options: options)
        let seen = reports.all
        #expect(seen.map(\.iteration) == Array(1...result.iterations))
        #expect(seen.last!.residual <= seen.last!.target && seen.first!.residual > seen.first!.target)
        #expect(options == IterativeOptions(tolerance: 1e-12), "the observer takes no part in equality")
    }

    @Test func iterationLimitAndBadData() throws {
        let a = try spdMatrix()
        let limited = try conjugateGradient(a, reference.tensor("b"), options: IterativeOptions(maxIterations: 3))
        #expect(limited.termination == .iterationLimit && limited.iterations == 3)
        #expect(limited.residual < reference.tensor("b").norm(.two), "CG still made progress")
        #expect(throws: LinearAlgebraError.nonFinite(operation: "conjugateGradient", index: [1], value: .infinity)) {
            try conjugateGradient(Tensor.identity(2), Tensor([1, .infinity]))
        }
        #expect(throws: LinearAlgebraError.self) {
            try conjugateGradient(Tensor.identity(2), Tensor([1, 1]), preconditioner: .jacobi(Tensor([1, 0])))
        }
    }
}

/// Collects progress reports (the observer must be @Sendable).
final class Reports: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [IterationProgress] = []
    func append(_ report: IterationProgress) { lock.lock(); items.append(report); lock.unlock() }
    var all: [IterationProgress] { lock.lock(); defer { lock.unlock() }; return items }
}

/// The message of the `LinearAlgebraError.unsupported` that `body` throws ("" if none).
func symmetryError(_ body: () throws -> Any) -> String {
    guard let error = thrownError(LinearAlgebraError.self, body), case .unsupported = error else { return "" }
    return "\(error)"
}
