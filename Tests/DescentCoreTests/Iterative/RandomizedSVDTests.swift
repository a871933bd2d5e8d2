import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Randomized SVD")
struct RandomizedSVDTests {
    let lowRank = IterativeReferences.data["low_rank"]

    @Test func exactlyRankKMatrixIsReproduced() throws {
        let a = lowRank.tensor("exact_rank5")
        let svd = try RandomizedSVD(a, rank: 5, oversampling: 5, powerIterations: 0, seed: 1)
        // The sketch spans the range exactly, so only rounding remains (‖A‖ = 9).
        expectClose(svd.reconstruction, a, atol: 1e-12, "exact rank 5: rounding only, ~ε‖A‖·small constant")
        expectClose(svd.singularValues, Tensor([9, 7, 4, 2, 1]), rtol: 1e-12, "NumPy/LAPACK singular values")
        expectClose(svd.u.gram, Tensor.identity(5), atol: 1e-13, "orthonormal U")
        // Same singular vectors as the dense SVD, with the same sign convention (distinct σ: unique up to sign).
        let dense = try SVD(a)
        expectClose(svd.u, dense.u.slice(columns: 0..<5), atol: 1e-12, "exact rank 5, distinct singular values")
        expectClose(svd.vt, dense.vt.slice(rows: 0..<5), atol: 1e-12, "exact rank 5, distinct singular values")
        expectClose(matmul(svd.vt, svd.vt, transposeB: true), Tensor.identity(5), atol: 1e-13, "orthonormal Vᵀ")
        #expect(svd.operatorApplications == 10 + 10)
    }

    @Test func wideMatrix() throws {
        let a = lowRank.tensor("exact_rank5").transposed   // 40 × 60
        let svd = try RandomizedSVD(a, rank: 5, seed: 9)
        #expect(svd.u.shape == [40, 5] && svd.vt.shape == [5, 60])
        expectClose(svd.reconstruction, a, atol: 1e-12, "exact rank 5: rounding only")
    }

    @Test func eckartYoungErrorOnDecayingSpectrum() throws {
        let a = lowRank.tensor("decaying")
        let sigma = lowRank.doubles("decaying_singular_values")
        let k = 6
        let svd = try RandomizedSVD(a, rank: k, oversampling: 10, powerIterations: 2, seed: 4)
        // Leading singular values: the sketch with q = 2 captures them to high relative accuracy.
        expectClose(svd.singularValues, Tensor(Array(sigma.prefix(k))), rtol: 1e-6, "HMT: error ~ (σₗ₊₁/σₖ)^(2q+1) = 0.7^50")
        // The spectral error ‖A − Aₖ‖₂ cannot beat σₖ₊₁ (Eckart–Young) and should be close to it.
        let error = try SVD(a - svd.reconstruction).singularValues.scalars[0]
        #expect(error >= sigma[k] * (1 - 1e-10))
        #expect(error <= sigma[k] * 1.01)
    }

    @Test func rangeFinderIsOrthonormalAndCapturesTheRange() throws {
        let a = lowRank.tensor("exact_rank5")
        let q = try randomizedRangeFinder(a, size: 8, powerIterations: 1, seed: 2)
        #expect(q.shape == [60, 8])
        expectClose(q.gram, Tensor.identity(8), atol: 1e-13, "Householder QR of the sketch")
        expectClose(matmul(q, matmul(q, a, transposeA: true)), a, atol: 1e-12, "QQᵀA = A for a rank-5 A and 8 samples")
        // Asking for more samples than min(m, n) is clamped.
        #expect(try randomizedRangeFinder(Tensor.identity(3), size: 10).shape == [3, 3])
    }

    @Test func sparseAndClosureOperators() throws {
        let dense = lowRank.tensor("exact_rank5")
        let sparse = SparseMatrix(dense: dense)
        let fromSparse = try RandomizedSVD(sparse, rank: 5, seed: 3)
        expectClose(fromSparse.singularValues, Tensor([9, 7, 4, 2, 1]), rtol: 1e-12, "same matrix in CSR form")
        let closure = FunctionOperator(shape: [60, 40], apply: { matmul(dense, $0) },
                                       transposed: { matmul(dense, $0, transposeA: true) })
        let fromClosure = try RandomizedSVD(closure, rank: 3, seed: 3)
        expectClose(fromClosure.singularValues, Tensor([9, 7, 4]), rtol: 1e-12, "column-by-column block products")
    }

    @Test func edgeCases() throws {
        let zero = try RandomizedSVD(Tensor.zeros([5, 4]), rank: 2)
        #expect(zero.singularValues == Tensor([0, 0]))
        #expect(zero.reconstruction == Tensor.zeros([5, 4]))
        let none = try RandomizedSVD(Tensor.identity(3), rank: 0)
        #expect(none.u.shape == [3, 0] && none.vt.shape == [0, 3])
        let one = try RandomizedSVD(Tensor([[-3]]), rank: 1)
        expectClose(one.reconstruction, Tensor([[-3]]), rtol: 1e-15, "1 × 1")
        #expect(throws: LinearAlgebraError.self) { try RandomizedSVD(Tensor.identity(3), rank: 4) }
        #expect(throws: LinearAlgebraError.self) { try RandomizedSVD(Tensor([[1, .nan]]), rank: 1) }
    }

    /// k + p used to overflow (a trap) for p near Int.max; the sample count is min(k + p, min(m, n)).
    @Test func hugeOversamplingIsClampedWithoutOverflow() throws {
        let a: Tensor = [[1, 2], [3, 4], [5, 6]]
        let svd = try RandomizedSVD(a, rank: 1, oversampling: .max, powerIterations: 1)
        expectClose(svd.singularValues, Tensor([try SVD(a).singularValues.scalars[0]]), rtol: 1e-12,
                    "l clamps to min(m, n) = 2, so the sketch holds the whole range: rounding only")
        // l = 2 samples: 2 for the sketch, 2·2 for the power iteration, 2 for Bᵀ = AᵀQ.
        #expect(svd.operatorApplications == 2 + 4 + 2)
    }
}
