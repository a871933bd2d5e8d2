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
