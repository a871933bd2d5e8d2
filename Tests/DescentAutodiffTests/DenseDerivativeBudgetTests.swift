import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Dense Hessians and Jacobians grow as n² and m·n: the overloads with a memory budget refuse them
/// before the sweeps (the Hessian before f is even evaluated), and agree with the plain ones otherwise.
@Suite("Dense derivative memory budget")
struct DenseDerivativeBudgetTests {
    @Test func hessianIsRefusedBeforeEvaluation() throws {
        let x = Tensor.zeros([100_000])
        var evaluated = false
        let refusal = thrownError(MemoryBudgetError.self) {
            try hessian(of: { v in evaluated = true; return (v * v).sum() }, at: x, memoryBudget: .default)
        }
        #expect(refusal?.description == "hessian: a dense 100000 × 100000 Hessian would need about 74.5 GiB, above the memory budget of 4 GiB (pass a larger memoryBudget)",
                "\(String(describing: refusal))")
        #expect(!evaluated, "refused before f was evaluated")
        // n = 4 needs 16 doubles, 128 bytes: refused by 127, computed by 128, equal to the plain result.
        let f: (Variable) -> Variable = { v in (v * v * v).sum() }
        let point = Tensor([1, 2, 3, 4])
        #expect(thrownError(MemoryBudgetError.self) { try valueGradientAndHessian(of: f, at: point, memoryBudget: MemoryBudget(bytes: 127)) } != nil)
        let budgeted = try valueGradientAndHessian(of: f, at: point, memoryBudget: MemoryBudget(bytes: 128))
        #expect(budgeted.hessian == hessian(of: f, at: point) && budgeted.hessian == Tensor.diagonal([6, 12, 18, 24]))
        let recorded = HessianOperator(of: f, at: point)
        #expect(thrownError(MemoryBudgetError.self) { try recorded.matrix(memoryBudget: MemoryBudget(bytes: 100)) }?.operation == "hessian")
        #expect(try recorded.matrix(memoryBudget: .default) == recorded.matrix())
    }

    @Test func jacobianIsRefusedBeforeTheSweeps() throws {
        // 3000 outputs of 3000 inputs: 72 MB, within the default budget, refused by 64 MiB.
        let x = Tensor.ones([3000])
        let refusal = thrownError(MemoryBudgetError.self) { try jacobian(of: { $0 * 2 }, at: x, memoryBudget: MemoryBudget(bytes: 64 << 20)) }
        #expect(refusal?.what == "a dense 3000 × 3000 Jacobian" && refusal?.estimate == "68.7 MiB", "\(String(describing: refusal))")
        // More outputs than inputs: computed as rows of Jᵀ and transposed, so twice m·n.
        let tall: (Variable) -> Variable = { v in Variable.concatenate([v, v * v]) }
        let point = Tensor([1, 2])
        #expect(thrownError(MemoryBudgetError.self) { try valueAndJacobian(of: tall, at: point, memoryBudget: MemoryBudget(bytes: 8 * 8 * 2 - 1)) } != nil)
        let (value, j) = try valueAndJacobian(of: tall, at: point, memoryBudget: MemoryBudget(bytes: 8 * 8 * 2))
        #expect(value == Tensor([1, 2, 1, 4]) && j == Tensor([[1, 0], [0, 1], [2, 0], [0, 4]]))
        #expect(j == jacobian(of: tall, at: point))
    }
}
