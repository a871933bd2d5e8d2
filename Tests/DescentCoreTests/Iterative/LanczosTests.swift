import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Lanczos")
struct LanczosTests {
    let symmetric = IterativeReferences.data["symmetric"]
    let laplacian = IterativeReferences.data["laplacian"]

    /// Checks A·V ≈ V·Λ with the operator and VᵀV ≈ I.
    func expectEigenpairs(_ result: EigenpairsResult, of a: some LinearOperator, atol: Double,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let v = result.eigenvectors
        expectClose(a.apply(toColumnsOf: v), v * result.eigenvalues, atol: atol, "A·V = V·Λ to the residual tolerance",
                    sourceLocation: sourceLocation)
        expectClose(v.gram, Tensor.identity(v.shape[1]), atol: 1e-12, "full reorthogonalization keeps VᵀV = I to O(ε)",
                    sourceLocation: sourceLocation)
    }

    @Test(arguments: EigenvalueSelection.allCases)
    func matchesLAPACKOnKnownSpectrum(which: EigenvalueSelection) throws {
        let a = symmetric.tensor("matrix")
        let all = symmetric.doubles("eigenvalues")
        let result = try lanczos(a, count: 4, which: which)
        #expect(result.termination == .convergedResidual)
        let expected: [Double]
        switch which {
        case .largest: expected = Array(all.suffix(4))
        case .smallest: expected = Array(all.prefix(4))
        case .bothEnds: expected = Array(all.prefix(2) + all.suffix(2))
        case .largestMagnitude: expected = [-9, -7.5, 8, 10]
        }
        // Default tolerance 1e-10 on residual/‖A‖; eigenvalue errors of Ritz values are ~ residual².
        expectClose(result.eigenvalues, Tensor(expected), rtol: 1e-12, atol: 1e-12, "LAPACK dsyevd reference, Ritz value error ≈ residual²")
        expectEigenpairs(result, of: a, atol: 1e-8)
        // One run within n = 30 products; at the largest or smallest end, plus the probe that checks for
        // missed copies (at most as many again).
        #expect(result.iterations <= (which == .largest || which == .smallest ? 60 : 30))
    }

    @Test func graphLaplacianMatchesEigsh() throws {
        let l = try IterativeReferences.sparse(laplacian, rows: 200, columns: 200)
        let largest = try lanczos(l, count: 5, which: .largest)
        #expect(largest.termination == .convergedResidual)
        expectClose(largest.eigenvalues, laplacian.tensor("eigsh_largest"), rtol: 1e-10, "scipy eigsh (ARPACK) with tol 1e-12")
        expectEigenpairs(largest, of: l, atol: 1e-7)
        // The smallest end: 0 (constant vector, the graph is connected), then the algebraic connectivity.
        let smallest = try lanczos(l, count: 3, which: .smallest)
        #expect(smallest.termination == .convergedResidual)
        let dense = laplacian.doubles("eigvalsh")
        expectClose(smallest.eigenvalues, Tensor(Array(dense.prefix(3))), atol: 1e-9, "LAPACK eigvalsh; absolute since λ₁ = 0")
        let constant = smallest.eigenvectors.column(0)
        expectClose(constant, Tensor.ones([200]) / 200.0.squareRoot(), atol: 1e-8, "null vector of a connected graph's Laplacian")
        #expect(largest.iterations < 200, "found in fewer Krylov steps than the order")
    }

    @Test func zeroIdentityAndRepeatedEigenvalues() throws {
        let zero = try lanczos(Tensor.zeros([6, 6]), count: 2)
        #expect(zero.termination == .convergedResidual && zero.eigenvalues == Tensor([0, 0]))
        // The first block spans an invariant subspace at once; only a second, random one is trusted.
        #expect(zero.iterations == 4)
        // Identity: every Krylov space is invariant after one step; restarts find the other copies.
        let identity = try lanczos(SparseMatrix.identity(50), count: 3)
        #expect(identity.termination == .convergedResidual)
        expectClose(identity.eigenvalues, Tensor([1, 1, 1]), rtol: 1e-14, "exact invariant subspaces")
        expectEigenpairs(identity, of: SparseMatrix.identity(50), atol: 1e-14)
        // diag(1, 1, 2, 3): a double eigenvalue at the wanted (smallest) end.
        let repeated = Tensor.diagonal([1, 1, 2, 3])
        let small = try lanczos(repeated, count: 2, which: .smallest)
        expectClose(small.eigenvalues, Tensor([1, 1]), rtol: 1e-12, "n = 4: the Krylov space fills ℝ⁴ (with a restart)")
    }

    @Test func smallSizes() throws {
        let one = try lanczos(Tensor([[-4]]), count: 1)
        #expect(one.eigenvalues == Tensor([-4]) && one.eigenvectors == Tensor([[1]]) && one.termination == .convergedResidual)
        let two = try lanczos(Tensor([[2, 1], [1, 2]]), count: 2)
        expectClose(two.eigenvalues, Tensor([1, 3]), rtol: 1e-14, "exact after n = 2 steps")
        let none = try lanczos(Tensor([[2, 1], [1, 2]]), count: 0)
        #expect(none.eigenvalues.shape == [0] && none.eigenvectors.shape == [2, 0])
        let empty = try lanczos(Tensor.zeros([0, 0]), count: 0)
        #expect(empty.termination == .convergedResidual)
    }

    @Test func badInputThrowsAndLimitsAreReported() throws {
        #expect(throws: LinearAlgebraError.nonFinite(operation: "lanczos", index: [0, 1], value: -.infinity)) {
            try lanczos(Tensor([[1, -.infinity], [0, 1]]), count: 1)
        }
        #expect(throws: LinearAlgebraError.self) { try lanczos(Tensor.identity(3), count: 4) }
        #expect(throws: LinearAlgebraError.notSquare(operation: "lanczos", shape: [2, 3])) {
            try lanczos(Tensor.zeros([2, 3]), count: 1)
        }
        // Two Krylov steps are too few for the 30 × 30 matrix: the limit is reported with the current Ritz pairs.
        let limited = try lanczos(symmetric.tensor("matrix"), count: 2, options: IterativeOptions(maxIterations: 2))
        #expect(limited.termination == .iterationLimit)
        #expect(limited.iterations == 2 && limited.eigenvalues.count == 2)
        #expect(limited.maxResidual > 1e-3)
        // A closure producing NaN is caught at run time.
        let broken = FunctionOperator(symmetric: 3) { _ in Tensor([1, .nan, 0]) }
        #expect(try lanczos(broken, count: 1).termination == .nonFiniteValue)
    }

    /// The Hessian-vector-product use case: an operator known only as a closure.
    @Test func closureOperator() throws {
        let a = symmetric.tensor("matrix")
        let op = FunctionOperator(symmetric: 30) { matmul(a, $0) }
        let result = try lanczos(op, count: 1, which: .largest)
        expectClose(result.eigenvalues, Tensor([10]), rtol: 1e-12, "known λmax")
    }
}
