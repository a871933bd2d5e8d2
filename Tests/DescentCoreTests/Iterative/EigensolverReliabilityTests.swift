import DescentCore
import Foundation
import Testing
import _TestSupport

/// The reliability issue for the eigensolvers that assume symmetry: non-symmetric matrices are
/// refused, a run is never converged beside a reported residual above its tolerance, iteration
/// limits are never exceeded, and work beyond the memory budget is refused before it is allocated.
@Suite("Eigensolver reliability")
struct EigensolverReliabilityTests {
    let symmetric = IterativeReferences.data["symmetric"]
    /// Eigenvalues 5 and 2 (eigenvectors (1, 1) and (1, −2)): not symmetric.
    let worked: Tensor = [[4, 1], [2, 3]]

    /// The three methods that assume symmetry, by name.
    // An immutable fixture (pure closures), read by tests running in parallel.
    nonisolated(unsafe) static let symmetricMethods: [(String, (any LinearOperator, Int, IterativeOptions) throws -> EigenpairsResult)] = [
        ("lanczos", { try lanczos($0, count: $1, options: $2) }),
        ("subspaceIteration", { try subspaceIteration($0, count: $1, options: $2) }),
        ("deflatedPowerIteration", { try deflatedPowerIteration($0, count: $1, options: $2) }),
    ]

    @Test func nonSymmetricMatricesAreRefused() throws {
        for (name, method) in Self.symmetricMethods {
            for a in [worked as any LinearOperator, SparseMatrix(dense: worked)] {
                let message = symmetryError { try method(a, 1, IterativeOptions()) }
                #expect(message.hasPrefix("\(name): the matrix is not symmetric: entry ("), "\(name) \(type(of: a)): \(message)")
            }
        }
        // Power iteration does not assume symmetry: the dominant eigenvalue 5 is real.
        expectClose(try powerIteration(worked).eigenvalue, 5, rtol: 1e-10, "tolerance 1e-10 on the residual")
    }

    @Test func symmetryToleranceIsRelativeToTheLargestEntry() throws {
        let scale = 1e6
        let rounding = Tensor([[2, 1 + 1e-11], [1, 2]]) * scale   // |a₀₁ − a₁₀| = 1e-11·max|a|/2
        #expect(throws: Never.self) { try rounding.requireSymmetric("check") }
        #expect(throws: Never.self) { try SparseMatrix(dense: rounding).requireSymmetric("check") }
        let real = Tensor([[2, 1 + 1e-9], [1, 2]]) * scale
        #expect(throws: LinearAlgebraError.self) { try real.requireSymmetric("check") }
        // A stored entry whose transpose is not stored counts against 0; the pair furthest from symmetry is named.
        let sparse = try SparseMatrix(rows: 3, columns: 3, rowIndices: [0, 1, 2, 0, 2], columnIndices: [0, 1, 2, 1, 1],
                                      values: [10, 10, 10, 1e-3, 0.5])
        let message = symmetryError { try sparse.requireSymmetric("check") }
        #expect(message.hasPrefix("check: the matrix is not symmetric: entry (2, 1) is 0.5 but entry (1, 2) is 0.0"), "\(message)")
        // Large matrices are checked by tiles: an asymmetry far from the diagonal is found.
        var large = Tensor.identity(300)
        large[[7, 250]] = 1
        #expect(symmetryError { try large.requireSymmetric("check") }.contains("entry (7, 250) is 1.0 but entry (250, 7) is 0.0"))
    }

    /// A closure cannot be checked for symmetry. Lanczos used to call the worked example converged
    /// (its Krylov space filled ℝ²) with a residual of 0.45 beside it; every method now compares its
    /// reported residuals, computed with the operator, against its tolerance.
    @Test func nonSymmetricClosureIsNeverConverged() throws {
        let closure = FunctionOperator(symmetric: 2) { matmul(worked, $0) }
        for (name, method) in Self.symmetricMethods {
            for count in [1, 2] {
                let result = try method(closure, count, IterativeOptions())
                #expect(!result.isConverged || result.maxResidual <= 1e-10 * 5.4,
                        "\(name), k = \(count): \(result.termination) with residuals \(result.residuals)")
            }
        }
        let old = try lanczos(closure, count: 1)
        #expect(old.termination == .stagnation && old.maxResidual > 0.1, "\(old.termination) \(old.residuals)")
        // The reported residuals are the true ones.
        let v = old.eigenvectors.column(0)
        expectClose(old.maxResidual, (matmul(worked, v) - v * old.eigenvalues.scalars[0]).norm(.two), rtol: 1e-12, "recomputed")
    }

    /// The audit, as a property: converged ⇒ every reported residual ≤ tol·‖A‖₂ (each method's scale
    /// is a lower bound of ‖A‖₂), for every method, several operators and tolerances down to below
    /// what rounding allows.
    @Test(arguments: [1e-6, 1e-10, 1e-14, 1e-16])
    func convergedMeansTheReportedResidualsMeetTheTolerance(tolerance: Double) throws {
        let laplacian = try IterativeReferences.sparse(IterativeReferences.data["laplacian"], rows: 200, columns: 200)
        let laplacianNorm = IterativeReferences.data["laplacian"].doubles("eigvalsh").last!
        let operators: [(String, any LinearOperator, Double)] = [
            ("symmetric 30", symmetric.tensor("matrix"), 10),
            ("laplacian 200", laplacian, laplacianNorm),
            ("diagonal", Tensor.diagonal([3, -2, 1, 0.5, 1e-3]), 3),
        ]
        for (label, a, norm) in operators {
            for (name, method) in Self.symmetricMethods {
                let result = try method(a, 3, IterativeOptions(tolerance: tolerance, maxIterations: 3000))
                #expect(!result.isConverged || result.maxResidual <= tolerance * norm * (1 + 1e-12),
                        "\(name) on \(label), tol \(tolerance): \(result.termination), max residual \(result.maxResidual)")
                #expect(result.termination != .nonFiniteValue)
            }
        }
    }

    /// `maxIterations` bounds the work done and the iterations reported, including 0.
    @Test func iterationLimitsAreNeverExceeded() throws {
        let a = symmetric.tensor("matrix")
        let none = try lanczos(a, count: 1, options: IterativeOptions(maxIterations: 0))
        #expect(none.iterations == 0 && none.operatorApplications == 0 && none.eigenvalues.count == 0
                    && none.termination == .iterationLimit, "was 1 iteration: \(none.iterations)")
        let few = try lanczos(a, count: 4, options: IterativeOptions(maxIterations: 2))
        #expect(few.iterations == 2 && few.eigenvalues.count == 2 && few.termination == .iterationLimit)
        let power = try powerIteration(a, options: IterativeOptions(maxIterations: 0))
        #expect(power.iterations == 0 && power.operatorApplications == 1 && power.termination == .iterationLimit)
        let one = try powerIteration(a, options: IterativeOptions(maxIterations: 1))
        #expect(one.iterations == 1 && one.operatorApplications == 2 && one.residual <= power.residual, "the best pair of two")
        let inverse = try inverseIteration(a, shift: 5.7, options: IterativeOptions(maxIterations: 0))
        #expect(inverse.iterations == 0 && inverse.linearSolves == 0 && inverse.operatorApplications == 1 && inverse.residual.isFinite)
        let deflated = try deflatedPowerIteration(a, count: 2, options: IterativeOptions(maxIterations: 0))
        #expect(deflated.iterations == 0 && deflated.termination == .iterationLimit)
        let subspace = try subspaceIteration(a, count: 2, options: IterativeOptions(maxIterations: 0))
        #expect(subspace.iterations == 0 && subspace.termination == .iterationLimit)
    }

    /// A 10⁶ × 10⁶ operator whose products must never run: the estimate comes first.
    // An immutable fixture (pure closures), read by tests running in parallel.
    nonisolated(unsafe) static let huge = FunctionOperator(shape: [1_000_000, 1_000_000], apply: { x in
        Issue.record("an operator product ran before the memory check")
        return x
    }, transposed: { $0 })

    @Test func workBeyondTheMemoryBudgetIsRefusedBeforeAllocating() throws {
        // Lanczos: a basis of up to 1000 vectors of length 10⁶ is 7.45 GiB (with single vectors, the default
        // for the largest end, and the residual block).
        #expect(throws: MemoryBudgetError(operation: "lanczos", what: "a Krylov basis of up to 1000 vectors of length 1000000",
                                          estimatedBytes: (1e6 * (1000 + 3 + 3) + 3e6) * 8, budget: .default)) {
            try lanczos(Self.huge, count: 1, basisSize: 1000)
        }
        let subspace = thrownError(MemoryBudgetError.self) { try subspaceIteration(Self.huge, count: 50) }
        #expect(subspace?.operation == "subspaceIteration" && subspace?.what == "blocks of 102 vectors of length 1000000", "\(String(describing: subspace))")
        #expect(subspace.map { $0.estimatedBytes > 4.5 * 1_073_741_824 } == true)
        #expect(thrownError(MemoryBudgetError.self) { try deflatedPowerIteration(Self.huge, count: 200) }?.operation == "deflatedPowerIteration")
        let rsvd = thrownError(MemoryBudgetError.self) { try RandomizedSVD(Self.huge, rank: 500) }
        #expect(rsvd?.description == "RandomizedSVD: sketches of 510 vectors of lengths 1000000 and 1000000 would need about 30.4 GiB, "
                    + "above the memory budget of 4 GiB (pass a larger memoryBudget)", "\(String(describing: rsvd))")
        #expect(thrownError(MemoryBudgetError.self) { try randomizedRangeFinder(Self.huge, size: 1000) }?.operation == "randomizedRangeFinder")
        // The budget is an option: a small one refuses a small problem, a larger one allows it.
        let a = symmetric.tensor("matrix")
        let small = IterativeOptions(memoryBudget: MemoryBudget(bytes: 4096))
        #expect(thrownError(MemoryBudgetError.self) { try lanczos(a, count: 2, options: small) } != nil)
        #expect(thrownError(MemoryBudgetError.self) { try subspaceIteration(a, count: 2, options: small) } != nil)
        #expect(try lanczos(a, count: 2, options: IterativeOptions(maxIterations: 5, memoryBudget: MemoryBudget(bytes: 6000))).iterations == 5,
                "a basis of 5 + 2 vectors: 30·(7 + 3·2 + 3·2) + 3·49 = 717 doubles = 5736 bytes fit")
        #expect(thrownError(MemoryBudgetError.self) { try RandomizedSVD(a, rank: 2, memoryBudget: MemoryBudget(bytes: 1024)) } != nil)
        #expect(try RandomizedSVD(a, rank: 2, memoryBudget: .unlimited).singularValues.count == 2)
    }

    @Test func memoryBudgetsReadAsPeopleWriteThem() {
        #expect(MemoryBudget.default.description == "4 GiB" && MemoryBudget.default.bytes == 4_294_967_296)
        #expect(MemoryBudget.unlimited.description == "unlimited")
        #expect(MemoryBudget.format(8e9) == "7.45 GiB" && MemoryBudget.format(512 * 1_048_576) == "512 MiB")
        #expect(MemoryBudget.format(1536) == "1.5 KiB" && MemoryBudget.format(100) == "100 B" && MemoryBudget.format(0) == "0 B")
        #expect(MemoryBudget.format(1e30) == "867361737988 EiB")
        #expect(throws: Never.self) { try MemoryBudget(bytes: 80).requireRoom(forDoubles: 10, "ten doubles", operation: "test") }
        #expect(throws: MemoryBudgetError.self) { try MemoryBudget(bytes: 79).requireRoom(forDoubles: 10, "ten doubles", operation: "test") }
        #expect(throws: MemoryBudgetError.self) { try MemoryBudget.default.requireRoom(forDoubles: 1e30, "a lot", operation: "test") }
        #expect(MemoryBudget(bytes: 1) < .default && .default < MemoryBudget.unlimited)
    }

    @Test func eigensolversReportProgress() throws {
        let a = symmetric.tensor("matrix")
        for (name, method) in Self.symmetricMethods {
            let reports = Reports()
            let result = try method(a, 2, IterativeOptions(progress: { reports.append($0) }))
            let iterations = reports.all.map(\.iteration)
            #expect(!iterations.isEmpty && iterations == iterations.sorted() && iterations.last! <= result.iterations, "\(name): \(iterations)")
            #expect(reports.all.allSatisfy { $0.target > 0 && $0.residual.isFinite }, "\(name)")
        }
        // Deflation counts over all pairs, so the second pair's reports continue the first's.
        let reports = Reports()
        let deflated = try deflatedPowerIteration(a, count: 2, options: IterativeOptions(progress: { reports.append($0) }))
        #expect(reports.all.last?.iteration == deflated.iterations)
    }
}
