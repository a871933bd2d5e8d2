import DescentCore
import Foundation
import Testing
import _TestSupport

@Suite("Linear operators and Gram–Schmidt")
struct LinearOperatorTests {
    @Test func denseSparseAndClosureOperatorsAgree() throws {
        let dense: Tensor = [[1, 0, 2], [0, 3, 0]]
        let sparse = SparseMatrix(dense: dense)
        let closure = FunctionOperator(shape: [2, 3], apply: { dense.apply($0) }, transposed: { dense.applyTransposed($0) })
        let x: Tensor = [1, -1, 2]
        let y: Tensor = [2, 5]
        for op in [dense, sparse, closure] as [any LinearOperator] {
            #expect(op.shape == [2, 3])
            #expect(op.apply(x) == Tensor([5, -3]))
            #expect(op.canApplyTransposed)
            #expect(op.applyTransposed(y) == Tensor([2, 15, 4]))
            let block: Tensor = [[1, 0], [0, 1], [1, 1]]
            #expect(op.apply(toColumnsOf: block) == Tensor([[3, 2], [0, 3]]))
            #expect(op.applyTransposed(toColumnsOf: Tensor([[1, 0], [0, 1]])) == dense.transposed)
        }
        #expect(!FunctionOperator(shape: [2, 2], apply: { $0 }).canApplyTransposed)
        #expect(FunctionOperator(symmetric: 2, apply: { $0 * 2 }).applyTransposed(Tensor([1, 1])) == Tensor([2, 2]))
    }

    @Test func validationNamesTheBadEntry() throws {
        let bad = Tensor([[1, Double.nan], [0, 1]])
        #expect(throws: LinearAlgebraError.self) { try bad.validate("x") }
        let closure = FunctionOperator(symmetric: 2, apply: { $0 })
        try closure.validate("closures cannot be inspected")
    }

    @Test func gramSchmidtDetectsRankAndOrthonormalizes() throws {
        // Column 2 = column 0 + column 1; column 3 is independent.
        let a: Tensor = [[1, 0, 1, 0], [1, 1, 2, 0], [0, 1, 1, 1], [0, 0, 0, 2]]
        let result = try gramSchmidt(a)
        #expect(result.rank == 3)
        #expect(result.independentColumns == [0, 1, 3])
        expectClose(result.basis.gram, Tensor.identity(3), atol: 1e-15, "orthonormal to working precision after reorthogonalization")
        // The basis spans the columns of A: projecting A onto it reproduces A.
        let q = result.basis
        expectClose(matmul(q, matmul(q, a, transposeA: true)), a, atol: 1e-14, "projection onto the span, O(ε‖A‖)")
    }

    @Test func gramSchmidtStaysOrthogonalOnIllConditionedInput() throws {
        // Hilbert matrix of order 8: κ ≈ 1.5e10; plain modified GS loses orthogonality like ε·κ.
        let h = Tensor(rows: 8, columns: 8) { i, j in 1 / Double(i + j + 1) }
        let result = try gramSchmidt(h, tolerance: 1e-14)
        #expect(result.rank == 8)
        expectClose(result.basis.gram, Tensor.identity(8), atol: 1e-14, "reorthogonalization keeps QᵀQ = I to O(ε) despite κ ≈ 1e10")
    }

    @Test func gramSchmidtEdgeCases() throws {
        #expect(try gramSchmidt(Tensor.zeros([3, 2])).rank == 0)
        #expect(try gramSchmidt(Tensor.zeros([3, 2])).basis.shape == [3, 0])
        #expect(try gramSchmidt(Tensor.zeros([0, 0])).rank == 0)
        let one = try gramSchmidt(Tensor([[-2]]))
        #expect(one.basis == Tensor([[-1]]) && one.rank == 1)
        #expect(throws: LinearAlgebraError.self) { try gramSchmidt(Tensor([[1, .infinity]])) }
    }
}
