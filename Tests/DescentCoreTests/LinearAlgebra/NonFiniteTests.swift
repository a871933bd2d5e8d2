import Foundation
import DescentCore
import Testing
import _TestSupport

/// The non-finite policy of the LAPACK-backed code (see LAPACKLayout.swift): bad user data throws
/// `.nonFinite`, finite data that overflows inside LAPACK throws `.overflow`, solves with a stored
/// factorization propagate NaN/∞ of the right-hand side, and nothing reaches LAPACKE's NaN check
/// (which would trap as an "illegal argument").
@Suite("Non-finite values and overflow in LAPACK calls")
struct NonFiniteTests {
    /// Finite and nonsingular, but partial pivoting keeps row 0 and U₁₁ = 1e308 + 1e308 = ∞.
    let growth: Tensor = [[1, 1e308, 1e308], [-1, 1e308, 1e308], [-1, 1e308, -1e308]]
    /// Eigenvalues and singular values 0 and 2·10³⁰⁸, beyond the Double range.
    let huge: Tensor = [[1e308, 1e308], [1e308, 1e308]]
    let spd: Tensor = [[2, 1], [1, 3]]

    @Test func luFactorsThatOverflowThrowInsteadOfTrapping() {
        let lu = LinearAlgebraError.overflow(operation: "LU", stage: "the LU factorization")
        #expect(throws: lu) { try LU(growth) }
        #expect(throws: LinearAlgebraError.overflow(operation: "inverse", stage: "the LU factorization")) { try growth.inverse() }
        #expect(throws: LinearAlgebraError.overflow(operation: "solve", stage: "the LU factorization")) {
            try solve(growth, Tensor([1, 2, 3]))
        }
        #expect(throws: LinearAlgebraError.overflow(operation: "determinant", stage: "the LU factorization")) {
            try growth.determinant()
        }
        #expect(throws: LinearAlgebraError.overflow(operation: "logAbsDeterminant", stage: "the LU factorization")) {
            try growth.logAbsDeterminant()
        }
        #expect(lu.description.contains("LU: entries overflow during the LU factorization"))
    }

    @Test func oneShotSolveAndInverseRejectResultsBeyondTheDoubleRange() throws {
        // Finite factors (pivot 1e-300), but x = A⁻¹b = 1e308/1e-300 = ∞.
        // κ₁ = 1e300: refused by default as singular to working precision, and with that allowed,
        // the overflow of x is still reported rather than returned as ∞.
        let tiny: Tensor = [[1e-300, 0], [0, 1]]
        #expect(throws: LinearAlgebraError.illConditioned(operation: "solve", reciprocalCondition: 1e-300)) {
            try solve(tiny, Tensor([1e308, 1]))
        }
        #expect(throws: LinearAlgebraError.overflow(operation: "solve", stage: "the triangular solves")) {
            try solve(tiny, Tensor([1e308, 1]), allowingIllConditioned: true)
        }
        // Upper triangular with finite factors; A⁻¹₀₁ = −1e10/(1e-300)² = −∞.
        let tinier: Tensor = [[1e-300, 1e10], [0, 1e-300]]
        #expect(throws: LinearAlgebraError.overflow(operation: "inverse", stage: "the inversion of the LU factors")) {
            try tinier.inverse(allowingIllConditioned: true)
        }
        #expect(throws: LinearAlgebraError.self) { try tinier.inverse() }
    }

    @Test("a determinant beyond the range of Double is reported with its sign and log, never as ±∞ or a false 0")
    func determinantOutOfRange() throws {
        // det(1e200·I₃) = 1e600 and det(−1e-200·I₃) = −1e-600: the factors are finite, the products are not.
        let large = Tensor.identity(3) * 1e200
        #expect(throws: LinearAlgebraError.determinantOutOfRange(sign: 1, logAbs: try large.logAbsDeterminant().logAbs)) {
            try large.determinant()
        }
        let (sign, logAbs) = try (Tensor.identity(3) * -1e-200).logAbsDeterminant()
        #expect(sign == -1)
        expectClose(logAbs, -600 * log(10.0), rtol: 1e-15, "log|det| from the scaled product: exact to rounding")
        do {
            _ = try (Tensor.identity(3) * -1e-200).determinant()
            Issue.record("det = −1e-600 must not be returned as 0")
        } catch let error as LinearAlgebraError {
            #expect(error.description.contains("below the smallest normal double") && error.description.contains("sign -1"), "\(error)")
        }
        // Intermediate products that overflow do not matter when det itself is representable:
        // diag(1e200, 1e200, 1e-300) has det 1e100 although 1e200·1e200 overflows.
        let mixed = Tensor(rows: 3, columns: 3) { i, j in i == j ? [1e200, 1e200, 1e-300][i] : 0 }
        expectClose(try mixed.determinant(), 1e100, rtol: 4e-16, "three roundings")
    }

    @Test func factorizationSolvesPropagateANonFiniteRightHandSide() throws {
        // Same policy for LU and Cholesky: no throw, no trap, IEEE propagation.
        let lu = try LU(spd), cholesky = try Cholesky(spd)
        for x in [lu.solve(Tensor([.nan, 1])), cholesky.solve(Tensor([.nan, 1]))] {
            #expect(x.shape == [2] && x.scalars.allSatisfy(\.isNaN), "NaN in b[0] reaches both unknowns: \(x)")
        }
        for x in [lu.solve(Tensor([.infinity, 1])), cholesky.solve(Tensor([.infinity, 1]))] {
            #expect(!x.isFinite, "∞ in b gives a non-finite x: \(x)")
        }
        // The checking one-shot function names the bad entry instead.
        do {
            _ = try solve(spd, Tensor([.nan, 1]))
            Issue.record("solve accepted NaN in b")
        } catch let LinearAlgebraError.nonFinite(operation, index, value) {
            #expect(operation == "solve" && index == [0] && value.isNaN)
        }
    }

    @Test func decompositionsOfHugeFiniteMatricesThrowOverflow() {
        #expect(throws: LinearAlgebraError.overflow(operation: "Eigen", stage: "the eigenvalue computation")) { try Eigen(huge) }
        #expect(throws: LinearAlgebraError.overflow(operation: "SymmetricEigen", stage: "the eigenvalue computation")) {
            try SymmetricEigen(huge)
        }
        #expect(throws: LinearAlgebraError.overflow(operation: "SVD", stage: "the singular value decomposition")) { try SVD(huge) }
        #expect(throws: LinearAlgebraError.overflow(operation: "norm", stage: "the singular value computation")) {
            try huge.matrixNorm(.two)
        }
        // R₀₀ = −‖(1e308, 1e308)‖ = −1.4e308·… overflows; checked before dorgqr sees it.
        #expect(throws: LinearAlgebraError.overflow(operation: "QR", stage: "the Householder QR factorization")) {
            try QR(Tensor([[1e308, 1], [1e308, 2]]))
        }
    }

    @Test func pseudoinverseOfASubnormalMatrixThrowsOverflow() {
        // σ = (4.4e-310, 2.2e-310) pass the *relative* cutoff, but 1/σ ≈ 4.5e309 is beyond the Double
        // range (once inf · 0 = NaN entries came out).
        let subnormal = Double.leastNormalMagnitude * 1e-2 * 1e-2   // ≈ 2.2e-310, computed to avoid a literal warning
        let overflow = LinearAlgebraError.overflow(operation: "pseudoinverse", stage: "the inversion of the singular values")
        #expect(throws: overflow) { try Tensor([[subnormal]]).pseudoinverse() }
        #expect(throws: overflow) { try Tensor([[subnormal, 0], [0, 2 * subnormal]]).pseudoinverse() }
    }

    // MARK: lstsq's rcond

    /// σ = (1, 1e-10): rank 2 for a tiny cutoff, 1 for any cutoff in (1e-10, 1).
    let ill: Tensor = [[1, 0], [0, 1e-10]]

    @Test func leastSquaresAcceptsOnlyRcondInZeroToOne() throws {
        for bad in [1.0, 1.5, -0.1, .nan, .infinity] {
            #expect(throws: LinearAlgebraError.self, "rcond \(bad)") { try LeastSquares(ill, Tensor([1, 1]), rcond: bad) }
        }
        let below = try LeastSquares(ill, Tensor([1, 1]), rcond: 0.999)
        #expect(below.rank == 1 && below.rcond == 0.999)
        expectClose(below.solution, Tensor([1, 0]), atol: 1e-15, "σ₂ cut off: x = (b₁/σ₁, 0), rounding only")
        // 0 is LAPACK's "machine precision" (dlamch('E') = 2⁻⁵³), reported as the value actually used.
        let zero = try LeastSquares(ill, Tensor([1, 1]), rcond: 0)
        #expect(zero.rank == 2 && zero.rcond == Double.ulpOfOne / 2)
        let byDefault = try LeastSquares(ill, Tensor([1, 1]))
        #expect(byDefault.rcond == Double.ulpOfOne * 2)
    }

    @Test func leastSquaresOfAHugeFiniteMatrixThrowsOverflow() {
        #expect(throws: LinearAlgebraError.overflow(operation: "lstsq", stage: "the singular value decomposition")) {
            try LeastSquares(huge, Tensor([1, 1]))
        }
    }
}
