import DescentCore
import Foundation
import Testing
import _TestSupport

/// Shift-invert Lanczos against exact spectra of Dirichlet and Neumann Laplacians and SciPy's
/// `eigsh(A, k, sigma=σ, which='LM')` (`Tools/references/shift_invert.py`).
@Suite("Shift-invert Lanczos")
struct ShiftInvertLanczosTests {
    /// Smallest, repeated and interior eigenvalues nearest σ. Eigenvalues to 1e-10 absolute: the
    /// spectra lie in [0, 8], converged residuals are at most tol·(‖A‖∞ + |σ|) ≤ 1e-10·12, and a Ritz
    /// value errs by at most its residual (in fact ~ residual²/gap, the gaps being ≳ 0.03).
    @Test func eigenvaluesNearestShiftMatchClosedFormAndEigsh() throws {
        for entry in SparseCholeskyTests.data.cases("eigen") {
            let name = entry.string("name")
            let a = try SparseCholeskyTests.matrix(entry)
            let k = entry.int("k")
            // Block size 3 sees every copy of the double eigenvalues from the start block.
            let result = try lanczos(a, count: k, nearest: entry.double("sigma"), blockSize: 3)
            #expect(result.termination == .convergedResidual, "\(name): \(result.termination)")
            expectClose(result.eigenvalues, entry.tensor("exact"), rtol: 0, atol: 1e-10, "\(name): closed form")
            expectClose(result.eigenvalues, entry.tensor("eigsh"), rtol: 0, atol: 1e-10, "\(name): scipy eigsh(sigma=…)")
            // Residuals with A itself, not with (A − σI)⁻¹.
            #expect(result.maxResidual <= 1e-10 * 12, "\(name): residuals \(result.residuals)")
            expectClose(result.eigenvectors.gram, Tensor.identity(k), atol: 1e-10, "\(name): orthonormal eigenvectors")
            // Shift-invert needs few solves: far fewer than plain Lanczos' products for the same pairs.
            #expect(result.operatorApplications < 200, "\(name): \(result.operatorApplications) solves")
        }
    }

    /// The residuals are recomputed with A: ‖A·v − λ·v‖ for each returned pair equals the report.
    @Test func reportedResidualsAreThoseOfA() throws {
        let entry = SparseCholeskyTests.data.cases("eigen")[2]
        let a = try SparseCholeskyTests.matrix(entry)
        let result = try lanczos(a, count: 3, nearest: entry.double("sigma"))
        for i in 0..<3 {
            var r = a.apply(result.eigenvectors.column(i))
            r.addScaled(result.eigenvectors.column(i), by: -result.eigenvalues[i])
            expectClose(result.residuals[i], r.norm(.two), rtol: 1e-6, atol: 1e-15, "recomputed ‖Av − λv‖")
        }
    }

    /// σ a hair from an eigenvalue (1e-8 below λ = 0 of the grid graph Laplacian, |θ| up to 1e8):
    /// the pairs far from σ cannot meet tol·‖A‖ (their |θ| is below 100·ε·θmax), which is reported as
    /// stagnation with the true residuals, never as convergence.
    @Test func shiftNextToAnEigenvalueIsHonest() throws {
        let entry = SparseCholeskyTests.data.cases("eigen")[1]
        let a = try SparseCholeskyTests.matrix(entry)
        let result = try lanczos(a, count: 6, nearest: -1e-8, blockSize: 3)
        #expect(result.termination == .stagnation, "\(result.termination), residuals \(result.residuals)")
        #expect(result.maxResidual > 1e-10 * 8)
        // The nearest eigenvalue itself is found to rounding (inverse iteration at its best).
        expectClose(result.eigenvalues[0], 0, atol: 1e-12, "λ = 0 of a graph Laplacian")
        // σ = 0 exactly: A is singular to working precision, a typed error.
        #expect(throws: SparseCholeskyError.self) { _ = try lanczos(a, count: 6, nearest: 0) }
    }

    /// A shift at an eigenvalue is a typed error, k = 0 returns nothing, k > n is refused.
    @Test func singularShiftAndEdgeCases() throws {
        let entry = SparseCholeskyTests.data["singular"]
        let a = try SparseCholeskyTests.matrix(entry)
        #expect(throws: SparseCholeskyError.self) { _ = try lanczos(a, count: 2, nearest: entry.double("sigma")) }
        // LDLᵀ does not pivot: σ = 1 is no eigenvalue of the path (4 sin²(jπ/20) = 1 needs j = 10/3),
        // but the leading 2 × 2 block [[1, −1], [−1, 1]] of A − I is singular, so the shift is refused
        // with the same typed error (moving it slightly factors: see below).
        #expect(throws: SparseCholeskyError.singularShift(shift: 1, column: 1)) { _ = try lanczos(a, count: 2, nearest: 1) }
        let none = try lanczos(a, count: 0, nearest: 1)
        #expect(none.eigenvalues.count == 0 && none.termination == .convergedResidual)
        #expect(throws: LinearAlgebraError.self) { _ = try lanczos(a, count: 10, nearest: 1) }
        // All nine eigenvalues of the path at once (k = n): the closed form 4 sin²(jπ/20).
        let all = try lanczos(a, count: 9, nearest: 1.1)
        let exact = (1...9).map { j -> Double in
            let s = Foundation.sin(Double(j) * .pi / 20)
            return 4 * s * s
        }
        expectClose(all.eigenvalues, Tensor(exact), rtol: 0, atol: 1e-12, "closed form 4 sin²(jπ/(2(n+1)))")
    }
}
