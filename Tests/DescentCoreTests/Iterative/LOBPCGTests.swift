import DescentCore
import Foundation
import Testing
import _TestSupport

/// LOBPCG against SciPy `lobpcg` and `eigsh` (ARPACK at machine precision) on matrices whose
/// eigenvalues repeat (`Tools/references/lobpcg.py`): a grid Laplacian (pairs), the complete
/// graph's Laplacian (n with multiplicity n − 1) and block-diagonal copies (triples).
@Suite("LOBPCG")
struct LOBPCGTests {
    static let data: ReferenceData = {
        do { return try ReferenceData.load("lobpcg") } catch { fatalError("\(error); run Tools/references/lobpcg.py") }
    }()

    static func matrix(_ name: String) throws -> SparseMatrix {
        let n = data[name].int("n")
        return try IterativeReferences.sparse(data[name], rows: n, columns: n)
    }

    /// The bar: eigenvalues to 1e-8 relative (absolute 1e-8·‖A‖ near λ = 0); with residuals
    /// ≤ 1e-10·‖A‖ (the default tolerance) a Ritz value's error is at most the residual. The
    /// eigenvectors span eigsh's subspace: sin θ ≤ residual/gap ≈ 1e-10·8/0.038 ≈ 2e-8 (grid, the
    /// smallest gap), so 1e-6 leaves room. VᵀV = I to rounding.
    func expectMatchesReferences(_ result: EigenpairsResult, _ name: String, _ end: String, scale: Double,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let entry = Self.data[name]
        #expect(result.termination == .convergedResidual, "\(name) \(end): \(result.termination)", sourceLocation: sourceLocation)
        expectClose(result.eigenvalues, entry.tensor("eigsh_\(end)"), rtol: 1e-8, atol: 1e-8 * scale,
                    "scipy eigsh (ARPACK, tol=0)", sourceLocation: sourceLocation)
        expectClose(result.eigenvalues, entry.tensor("lobpcg_\(end)"), rtol: 1e-8, atol: 1e-8 * scale,
                    "scipy lobpcg (tol 1e-12)", sourceLocation: sourceLocation)
        #expect(result.maxResidual <= 1e-10 * scale, "residuals \(result.residuals)", sourceLocation: sourceLocation)
        expectClose(result.eigenvectors.gram, Tensor.identity(result.eigenvalues.count), atol: 1e-12,
                    "orthonormal Ritz vectors", sourceLocation: sourceLocation)
        #expect(!result.possibleMissedMultiplicity, sourceLocation: sourceLocation)
    }

    /// 16 × 16 grid: the top six hold two pairs and span a unique subspace. (The bottom end, where
    /// unpreconditioned LOBPCG needs several times the iterations, is left to the faster cases.)
    @Test func gridLaplacianPairs() throws {
        let a = try Self.matrix("grid")
        for (which, end) in [(EigenvalueSelection.largest, "largest")] {
            let result = try lobpcg(a, count: 6, which: which, blockSize: 8)
            expectMatchesReferences(result, "grid", end, scale: 8)
            #expect(subspaceDistance(result.eigenvectors, Self.data["grid"].tensor("eigsh_\(end)_vectors")) < 1e-6)
            // One block product per iteration: the products are the start block, the unconverged
            // columns of each iteration, the refreshes and the final residuals.
            #expect(result.operatorApplications >= result.iterations && result.iterations > 0)
        }
    }

    /// K₃₀: 30 with multiplicity 29 and 0 once. Any five orthonormal vectors orthogonal to 𝟙 are
    /// top eigenvectors (exact math: L = 30·I − 𝟙𝟙ᵀ), so they are checked against 𝟙, not eigsh's.
    @Test func completeGraphMultiplicity29() throws {
        let a = try Self.matrix("complete")
        let ones = Tensor(shape: [30], repeating: 1 / 30.0.squareRoot())
        let top = try lobpcg(a, count: 5)
        expectMatchesReferences(top, "complete", "largest", scale: 30)
        // |𝟙ᵀv| ≤ ‖r‖/gap = 1e-10·30/30: the residual bounds the component along the other eigenvector.
        #expect(matmul(ones, top.eigenvectors).norm(.infinity) < 1e-9)
        let bottom = try lobpcg(a, count: 5, which: .smallest)
        expectMatchesReferences(bottom, "complete", "smallest", scale: 30)
        #expect(Swift.abs(dot(bottom.eigenvectors.column(0), ones)) > 1 - 1e-12, "the 0-eigenvector is 𝟙/√30")
    }

    /// Three diagonal copies of one matrix: every eigenvalue thrice. A block of exactly 6 = count
    /// already holds both triples (top); the default block (10) converges too (bottom).
    @Test func blockDiagonalCopies() throws {
        let a = try Self.matrix("blocks")
        for (which, end, blockSize) in [(EigenvalueSelection.largest, "largest", 6), (.smallest, "smallest", nil)] {
            let result = try lobpcg(a, count: 6, which: which, blockSize: blockSize, options: IterativeOptions(maxIterations: 2000))
            expectMatchesReferences(result, "blocks", end, scale: 5)
            #expect(subspaceDistance(result.eigenvectors, Self.data["blocks"].tensor("eigsh_\(end)_vectors")) < 1e-6)
        }
    }

    /// A preconditioner T ≈ A⁻¹ is applied to the residuals: with T = (A + 0.05·I)⁻¹ (nearly exact
    /// inversion at the bottom) the smallest pairs converge in under half the iterations than with T = I,
    /// to the same values; a matrix-free operator works the same as the sparse matrix.
    @Test func preconditionerAndMatrixFreeOperator() throws {
        let a = try Self.matrix("blocks")
        let shiftedInverse = try (a.toDense() + Tensor.identity(90) * 0.05).inverse()
        let plain = try lobpcg(a, count: 6, which: .smallest, options: IterativeOptions(maxIterations: 2000))
        let preconditioned = try lobpcg(a, count: 6, which: .smallest, preconditioner: shiftedInverse)
        expectMatchesReferences(preconditioned, "blocks", "smallest", scale: 5)
        #expect(preconditioned.iterations * 2 < plain.iterations, "\(preconditioned.iterations) vs \(plain.iterations) iterations")
        let free = FunctionOperator(shape: [90, 90]) { a.apply($0) }
        let matrixFree = try lobpcg(free, count: 6, which: .smallest, preconditioner: shiftedInverse)
        expectClose(matrixFree.eigenvalues, preconditioned.eigenvalues, rtol: 1e-12, "same iterates up to rounding")
    }

    /// Honest statuses: an iteration limit returns the current Ritz pairs with their true residuals,
    /// tolerance 0 cannot be met, and a small matrix whose block spans everything converges at once.
    @Test func statuses() throws {
        let a = try Self.matrix("blocks")
        let limited = try lobpcg(a, count: 6, options: IterativeOptions(maxIterations: 3))
        #expect(limited.termination == .iterationLimit && limited.iterations == 3)
        #expect(limited.eigenvalues.count == 6 && limited.maxResidual > 1e-10 * 5)
        let exact = try lobpcg(a, count: 6, options: IterativeOptions(tolerance: 0, maxIterations: 10))
        #expect(!exact.isConverged && exact.eigenvalues.count == 6, "\(exact.termination)")
        let small = Tensor.diagonal([1, 2, 3, 3, 5])
        let whole = try lobpcg(small, count: 3, blockSize: 5)
        expectClose(whole.eigenvalues, Tensor([3, 3, 5]), rtol: 1e-14, "the block spans ℝ⁵: one Rayleigh–Ritz step is exact")
        #expect(whole.termination == .convergedResidual && whole.iterations == 0)
        let none = try lobpcg(small, count: 0)
        #expect(none.eigenvalues.count == 0 && none.termination == .convergedResidual)
    }

    /// Misuse that is the caller's data: one-line typed errors.
    @Test func badInput() throws {
        let a = Tensor.diagonal([1, 2, 3, 4])
        #expect(throws: LinearAlgebraError.unsupported(operation: "lobpcg", reason: "finds the largest or smallest eigenvalues, not bothEnds")) {
            try lobpcg(a, count: 2, which: .bothEnds)
        }
        #expect(throws: LinearAlgebraError.unsupported(operation: "lobpcg", reason: "blockSize 1 is smaller than the 2 pairs wanted")) {
            try lobpcg(a, count: 2, blockSize: 1)
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "lobpcg (preconditioner)", shapes: [[4, 4], [3, 3]])) {
            try lobpcg(a, count: 2, preconditioner: Tensor.identity(3))
        }
        #expect(throws: LinearAlgebraError.self) { try lobpcg(a, count: 5) }
        #expect(throws: LinearAlgebraError.self) { try lobpcg(Tensor([[1, 2], [0, 1]]), count: 1) }
        #expect(throws: MemoryBudgetError.self) {
            try lobpcg(a, count: 2, options: IterativeOptions(memoryBudget: MemoryBudget(bytes: 100)))
        }
    }
}
