import DescentCore
import Testing
import _TestSupport

/// The sparse LDLᵀ factorization of A − σI (CHOLMOD) against SciPy's `spsolve` and exact math
/// (`Tools/references/shift_invert.py`).
@Suite("Sparse Cholesky")
struct SparseCholeskyTests {
    static let data: ReferenceData = {
        do { return try ReferenceData.load("shift_invert") } catch { fatalError("\(error); run Tools/references/shift_invert.py") }
    }()

    static func matrix(_ entry: ReferenceData) throws -> SparseMatrix {
        let n = entry["matrix"].int("order")
        return try IterativeReferences.sparse(entry["matrix"], rows: n, columns: n)
    }

    /// An indefinite A − σI (σ = 2.5 inside the spectrum of a 10 × 10 Dirichlet grid Laplacian)
    /// factors without pivoting; the solutions match spsolve (SuperLU with partial pivoting) to
    /// 1e-10 relative: both are backward stable here and A − σI has condition number about 30.
    @Test func indefiniteShiftSolvesMatchSpsolve() throws {
        let entry = Self.data["solve"]
        let factor = try SparseCholesky(Self.matrix(entry), shift: entry.double("sigma"))
        #expect(factor.order == 100)
        expectClose(factor.solve(entry.tensor("b")), entry.tensor("x"), rtol: 1e-10, atol: 1e-12, "scipy spsolve")
        expectClose(factor.solve(columnsOf: entry.tensor("B")), entry.tensor("X"), rtol: 1e-10, atol: 1e-12,
                    "scipy spsolve, three right-hand sides")
        // Sylvester's law of inertia: negative pivots = eigenvalues below σ (exact count, closed form).
        #expect(factor.negativePivotCount == entry.int("below"))
        #expect(factor.factorEntryCount >= 100)
    }

    /// σ exactly an eigenvalue (2 = 4 sin²(5π/20) for the order-9 path): A − 2I has a zero
    /// diagonal, so the first pivot is exactly zero and the shift is reported as singular.
    @Test func singularShiftThrowsTypedError() throws {
        let entry = Self.data["singular"]
        let a = try Self.matrix(entry)
        #expect(throws: SparseCholeskyError.singularShift(shift: 2, column: 0)) {
            _ = try SparseCholesky(a, shift: entry.double("sigma"))
        }
        // The graph Laplacian of a path is singular (constant null vector): a pivot cancels to rounding.
        let path = try SparseMatrix(rows: 3, columns: 3, triplets: [(0, 0, 1), (0, 1, -1), (1, 0, -1), (1, 1, 2),
                                                                    (1, 2, -1), (2, 1, -1), (2, 2, 1)])
        do {
            _ = try SparseCholesky(path)
            Issue.record("a singular Laplacian factored")
        } catch let error as SparseCholeskyError {
            switch error {
            case .singularShift, .nearlySingularShift: #expect(error.description.contains("σ = 0.0"))
            default: Issue.record("unexpected \(error)")
            }
        }
    }

    /// Bad input is thrown, not trapped: non-square, asymmetric, non-finite entries or shift.
    @Test func rejectsBadMatrices() throws {
        let rectangular = try SparseMatrix(rows: 2, columns: 3, triplets: [(0, 0, 1)])
        #expect(throws: LinearAlgebraError.self) { _ = try SparseCholesky(rectangular) }
        let asymmetric = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, 1), (0, 1, 2), (1, 1, 1)])
        #expect(throws: LinearAlgebraError.self) { _ = try SparseCholesky(asymmetric) }
        let nan = try SparseMatrix(rows: 2, columns: 2, triplets: [(0, 0, .nan), (1, 1, 1)])
        #expect(throws: LinearAlgebraError.self) { _ = try SparseCholesky(nan) }
        #expect(throws: LinearAlgebraError.self) { _ = try SparseCholesky(SparseMatrix.identity(2), shift: .infinity) }
        // A factor predicted (by the symbolic analysis) beyond the budget is refused before it is computed.
        let grid = try Self.matrix(Self.data["solve"])
        #expect(throws: MemoryBudgetError.self) { _ = try SparseCholesky(grid, shift: 2.5, memoryBudget: MemoryBudget(bytes: 1024)) }
        // The empty matrix factors and solves trivially.
        let empty = try SparseCholesky(SparseMatrix.identity(0))
        #expect(empty.solve(Tensor.zeros([0])).count == 0)
    }
}
