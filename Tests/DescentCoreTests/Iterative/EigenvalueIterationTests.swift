import DescentCore
import Foundation
import Testing
import _TestSupport

/// Power, inverse and Rayleigh quotient iteration, deflation and subspace iteration.
@Suite("Eigenvalue iterations")
struct EigenvalueIterationTests {
    let symmetric = IterativeReferences.data["symmetric"]

    @Test func workedExamplePowerIteration() throws {
        // A = [[4, 1], [2, 3]]: eigenvalues 5 and 2, eigenvector (1, 1)/√2 for 5; ratio 2/5 per step.
        let result = try powerIteration(Tensor([[4, 1], [2, 3]]))
        #expect(result.termination == .convergedResidual)
        expectClose(result.eigenvalue, 5, rtol: 1e-10, "tolerance 1e-10 on the residual bounds the eigenvalue error")
        expectClose(result.eigenvector, Tensor([1, 1]) / 2.0.squareRoot(), rtol: 1e-9, "eigenvector error ~ residual / gap (gap 3)")
        #expect(result.residual <= 1e-10 * 5 * 1.0001)
        #expect(result.iterations < 60)
        #expect(result.operatorApplications == result.iterations + 1, "the start is scored, then one product per step")
    }

    @Test func powerIterationMatchesLAPACKOnKnownSpectrum() throws {
        let a = symmetric.tensor("matrix")
        let result = try powerIteration(a, options: IterativeOptions(tolerance: 1e-12, maxIterations: 5000))
        #expect(result.termination == .convergedResidual)
        // Eigenvalue error of a symmetric Rayleigh quotient is ~ residual², far below the tolerance.
        expectClose(result.eigenvalue, 10, rtol: 1e-12, "known λmax = 10; Rayleigh quotient error ≈ residual²")
        let v = symmetric.tensor("eigenvectors").column(29)
        expectClose(result.eigenvector, v, atol: 1e-11, "eigenvector error ≤ residual/gap = 1e-11·10/2")
    }

    @Test func oppositeSignDominantEigenvaluesDoNotConverge() throws {
        // λ = ±1: the iterate alternates forever; the method must stop at the limit, not hang.
        let a: Tensor = [[1, 0, 0], [0, -1, 0], [0, 0, 0.5]]
        let result = try powerIteration(a, options: IterativeOptions(maxIterations: 200))
        #expect(result.termination == .iterationLimit)
        #expect(result.iterations == 200)
        #expect(result.residual > 0.1)
        #expect(result.residual.isFinite)
    }

    @Test func powerIterationEdgeCases() throws {
        let zero = try powerIteration(Tensor.zeros([3, 3]))
        #expect(zero.termination == .convergedResidual && zero.eigenvalue == 0 && zero.residual == 0)
        let one = try powerIteration(Tensor([[-3]]))
        #expect(one.eigenvalue == -3 && one.eigenvector == Tensor([1]) && one.termination == .convergedResidual)
        #expect(throws: LinearAlgebraError.self) { try powerIteration(Tensor.zeros([0, 0])) }
        #expect(throws: LinearAlgebraError.notSquare(operation: "powerIteration", shape: [2, 3])) {
            try powerIteration(Tensor.zeros([2, 3]))
        }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "powerIteration", index: [1, 0], value: .infinity)) {
            try powerIteration(Tensor([[1, 0], [.infinity, 1]]))
        }
        // A closure that returns NaN cannot be validated up front: the status reports it.
        let broken = FunctionOperator(symmetric: 2) { _ in Tensor([.nan, 0]) }
        #expect(try powerIteration(broken).termination == .nonFiniteValue)
        // Starting at the eigenvector: converged after one product, without a step.
        let started = try powerIteration(Tensor([[4, 1], [2, 3]]), start: Tensor([2, 2]))
        #expect(started.iterations == 0 && started.operatorApplications == 1 && started.termination == .convergedResidual)
    }

    @Test func powerIterationOnSparseOperator() throws {
        let laplacian = IterativeReferences.data["laplacian"]
        let l = try IterativeReferences.sparse(laplacian, rows: 200, columns: 200)
        let result = try powerIteration(l, options: IterativeOptions(tolerance: 1e-9, maxIterations: 20000))
        #expect(result.termination == .convergedResidual)
        let largest = laplacian.doubles("eigvalsh").last!
        // The top two Laplacian eigenvalues are close, so the vector converges slowly; the
        // eigenvalue (a Rayleigh quotient) is accurate to about residual²/gap.
        expectClose(result.eigenvalue, largest, rtol: 1e-9, "Rayleigh quotient of a 1e-9-residual vector")
    }

    @Test func inverseIterationFindsEigenvalueNearestShift() throws {
        let a = symmetric.tensor("matrix")
        let values = symmetric.doubles("eigenvalues")
        let result = try inverseIteration(a, shift: 5.7)
        #expect(result.termination == .convergedResidual)
        expectClose(result.eigenvalue, 6, rtol: 1e-12, "nearest eigenvalue to 5.7 is 6; Rayleigh quotient error ≈ residual²")
        expectClose(result.eigenvector, symmetric.tensor("eigenvectors").column(values.firstIndex { Swift.abs($0 - 6) < 1e-9 }!),
                    atol: 1e-9, "vector error ≤ residual / gap")
        #expect(result.iterations < 40)
        // A shift equal to an eigenvalue makes A − σI singular; the method nudges the shift and converges at once.
        let exact = try inverseIteration(Tensor([[2, 0], [0, 5]]), shift: 5)
        #expect(exact.termination == .convergedResidual)
        expectClose(exact.eigenvalue, 5, rtol: 1e-14, "diagonal matrix: exact eigenvector after one solve")
        #expect(throws: LinearAlgebraError.self) { try inverseIteration(Tensor([[1, .nan], [0, 1]]), shift: 0) }
        #expect(throws: LinearAlgebraError.self) { try inverseIteration(Tensor.zeros([0, 0]), shift: 0) }
    }

    @Test func inverseIterationSmallSizesAndLimits() throws {
        let one = try inverseIteration(Tensor([[3]]), shift: 0)
        #expect(one.eigenvalue == 3 && one.eigenvector == Tensor([1]) && one.termination == .convergedResidual)
        // The worked example: shift 1.9 is nearest λ = 2, whose eigenvector is (1, −2)/√5.
        let two = try inverseIteration(Tensor([[4, 1], [2, 3]]), shift: 1.9)
        expectClose(two.eigenvalue, 2, rtol: 1e-10, "residual tolerance relative to max|aᵢⱼ| = 4")
        expectClose(two.eigenvector, Tensor([-1, 2]) / 5.0.squareRoot(), atol: 1e-9, "error ≤ residual / gap")
        // A shift halfway between ±1 is equidistant: no eigenvalue dominates, so the limit is reported.
        let tie = try inverseIteration(Tensor([[1, 0], [0, -1]]), shift: 0, options: IterativeOptions(maxIterations: 50))
        #expect(tie.termination == .iterationLimit && tie.iterations == 50)
    }

    @Test func multiPairLimitsAreReported() throws {
        // ±1 dominant pair: the first deflation step cannot converge.
        let a = Tensor.diagonal([1, -1, 0.5])
        let deflated = try deflatedPowerIteration(a, count: 2, options: IterativeOptions(maxIterations: 100))
        #expect(deflated.termination == .iterationLimit)
        let subspace = try subspaceIteration(IterativeReferences.data["symmetric"].tensor("matrix"), count: 2, blockSize: 2,
                                             options: IterativeOptions(maxIterations: 1))
        #expect(subspace.termination == .iterationLimit && subspace.iterations == 1)
        #expect(subspace.maxResidual > 1e-6)
    }

    @Test func rayleighQuotientIterationConvergesCubically() throws {
        let a = symmetric.tensor("matrix")
        let v = symmetric.tensor("eigenvectors")
        // Start near the eigenvector of λ = 8 with a perturbation of size 0.1.
        var generator = SeededGenerator(seed: 3)
        let start = v.column(28) + Tensor.randomNormal([30], using: &generator) * 0.02
        let result = try rayleighQuotientIteration(a, start: start, options: IterativeOptions(tolerance: 1e-13))
        #expect(result.termination == .convergedResidual)
        expectClose(result.eigenvalue, 8, rtol: 1e-13, "known eigenvalue; residual tolerance 1e-13")
        #expect(result.linearSolves <= 4, "cubic convergence: a handful of steps from a 10% start")
        // The worked example, started at (1, 0.9): converges to λ = 5.
        let small = try rayleighQuotientIteration(Tensor([[4, 1], [2, 3]]), start: Tensor([1, 0.9]))
        expectClose(small.eigenvalue, 5, rtol: 1e-10, "residual tolerance relative to max|aᵢⱼ| = 4")
        let one = try rayleighQuotientIteration(Tensor([[7]]))
        #expect(one.eigenvalue == 7 && one.termination == .convergedResidual)
    }

    @Test func deflationFindsDominantPairs() throws {
        let a = symmetric.tensor("matrix")
        let result = try deflatedPowerIteration(a, count: 3, options: IterativeOptions(tolerance: 1e-12, maxIterations: 5000))
        #expect(result.termination == .convergedResidual)
        // By magnitude: 10, −9, 8 → ascending −9, 8, 10. Errors of early pairs propagate, hence 1e-9.
        expectClose(result.eigenvalues, Tensor([-9, 8, 10]), rtol: 1e-9, "deflation propagates earlier errors")
        expectClose(result.eigenvectors.gram, Tensor.identity(3), atol: 1e-9, "Vᵀ V = I up to the residuals/gaps")
        #expect(result.maxResidual < 1e-8)
        #expect(try deflatedPowerIteration(a, count: 0).eigenvalues.shape == [0])
        #expect(throws: LinearAlgebraError.self) { try deflatedPowerIteration(a, count: 31) }
    }

    @Test func subspaceIterationMatchesLAPACK() throws {
        let a = symmetric.tensor("matrix")
        let result = try subspaceIteration(a, count: 4, options: IterativeOptions(tolerance: 1e-11))
        #expect(result.termination == .convergedResidual)
        expectClose(result.eigenvalues, Tensor([-9, -7.5, 8, 10]), rtol: 1e-12, "Rayleigh–Ritz values error ≈ residual²")
        expectClose(result.eigenvectors.gram, Tensor.identity(4), atol: 1e-13, "Ritz vectors from an orthonormal block")
        // A·V ≈ V·Λ, measured with the operator.
        let av = matmul(a, result.eigenvectors)
        expectClose(av, result.eigenvectors * result.eigenvalues, atol: 1e-9, "residual tolerance 1e-11 × ‖A‖ = 10, ×√n slack")
        #expect(result.operatorApplications % 10 == 4, "blocks of p = 2k + 2 = 10 columns, plus 4 residual products")
    }

    @Test func subspaceIterationEdgeCases() throws {
        let zero = try subspaceIteration(Tensor.zeros([4, 4]), count: 2)
        #expect(zero.termination == .convergedResidual && zero.eigenvalues == Tensor([0, 0]))
        let identity = try subspaceIteration(Tensor.identity(3), count: 3)
        expectClose(identity.eigenvalues, Tensor([1, 1, 1]), rtol: 1e-15, "repeated eigenvalue: any orthonormal block is exact")
        #expect(throws: LinearAlgebraError.self) { try subspaceIteration(Tensor([[.nan]]), count: 1) }
    }

    /// All entries 1e308 are finite data, but the eigenvalue 2e308 overflows. Every solver used to
    /// report "converged" (∞ ≤ tol·∞, or a bogus finite λ next to an overflowed ‖A·x‖); now each
    /// reports `.nonFiniteValue` and never claims convergence.
    @Test(arguments: [1e308, -1e308])
    func overflowingEigenvaluesAreNonFiniteNotConverged(_ entry: Double) throws {
        let a = Tensor(shape: [2, 2], repeating: entry)
        #expect(try lanczos(a, count: 1).termination == .nonFiniteValue)
        #expect(try lanczos(a, count: 1, which: .smallest).termination == .nonFiniteValue)
        #expect(try subspaceIteration(a, count: 1).termination == .nonFiniteValue)
        #expect(try deflatedPowerIteration(a, count: 2).termination == .nonFiniteValue)
        #expect(try powerIteration(a).termination == .nonFiniteValue)
        // The other eigenvalue is 0 (eigenvector (1, −1)/√2, exactly): inverse iteration at shift 0 and
        // RQI may legitimately converge to it, but only with a finite pair.
        for pair in [try inverseIteration(a, shift: 0), try rayleighQuotientIteration(a)] {
            #expect(!pair.termination.isConverged || (pair.eigenvalue.isFinite && pair.residual.isFinite))
        }
        let nearZero = try inverseIteration(a, shift: 0)
        #expect(nearZero.termination == .convergedResidual && Swift.abs(nearZero.eigenvalue) <= 1e293,
                "λ = 0 up to rounding relative to ‖A‖ = 2e308 (ε·‖A‖ ≈ 4e292)")
        // A large but representable spectrum still converges (λ = 2e307 and 0).
        let large = Tensor(shape: [2, 2], repeating: entry / 10)
        let pair = try lanczos(large, count: 1, which: .largestMagnitude)
        #expect(pair.termination == .convergedResidual)
        expectClose(pair.eigenvalues.scalars[0], entry / 5, rtol: 1e-14, "2 × 2: Lanczos is exact after 2 steps")
    }
}
