import DescentCore
import Testing
import _TestSupport

/// Reciprocal condition estimates (LAPACK `dgecon`/`dpocon`) against SciPy's calls of the same
/// routines, the refusal of systems that are singular to working precision, and scale-safe
/// tolerances (reference: Tools/references/conditioning.py).
@Suite("Conditioning")
struct ConditioningTests {
    static let cases: [ReferenceData] = {
        do { return try ReferenceData.load("conditioning").cases("cases") } catch { fatalError("\(error)") }
    }()

    static func matrix(_ c: ReferenceData) -> Tensor {
        let n = c.int("n")
        return c.tensor("a").reshaped([n, n])
    }

    @Test("LU and Cholesky estimates equal SciPy's dgecon/dpocon and bound the exact 1/κ₁ from above")
    func estimatesMatchSciPy() throws {
        for c in Self.cases {
            let a = Self.matrix(c)
            let name = c.string("name")
            let rcond = try LU(a).reciprocalConditionEstimate()
            let reference = c.double("dgecon")
            // Same LAPACK algorithm; only the BLAS rounding differs, which moves the factors of a matrix
            // with condition κ by about κ·ε relative, and the estimate with them (Hilbert 8, κ ≈ 3·10¹⁰:
            // 3.6·10⁻⁸ apart on one AMD EPYC build of OpenBLAS).
            let rtol = Swift.max(1e-10, 10 * Double.ulpOfOne / reference)
            if reference > 1e-12 {
                expectClose(rcond, reference, rtol: rtol, "\(name): dgecon")
            } else {
                // Nearly singular: the estimator's choices follow rounding, so only the verdict must agree.
                #expect(rcond < Double.ulpOfOne || reference >= Double.ulpOfOne, "\(name): \(rcond) vs \(reference)")
            }
            if c.has("exact") && c.double("exact") > 1e-6 {
                // The estimate of ‖A⁻¹‖₁ is a lower bound, so rcond is at least the exact value (checked
                // where NumPy's inv-based "exact" value is itself accurate, κ ≲ 1e6).
                #expect(rcond >= c.double("exact") * (1 - 1e-10), "\(name): estimate \(rcond) below exact \(c.double("exact"))")
            }
            if c.has("dpocon") && c.double("dpocon") > 1e-12 {
                expectClose(try Cholesky(a).reciprocalConditionEstimate(), c.double("dpocon"),
                            rtol: Swift.max(1e-10, 10 * Double.ulpOfOne / c.double("dpocon")), "\(name): dpocon")
            }
        }
    }

    @Test("the estimate is scale-invariant even where ‖A‖₁ overflows")
    func scaleInvariant() throws {
        // Column 0 sums to 2e308, beyond the largest double; the LU factors stay finite.
        let a: Tensor = [[1, 0, 0], [0.5, 1, 0], [0.5, 0, 1]]
        let scaled = a * 1e308
        expectClose(try LU(scaled).reciprocalConditionEstimate(), try LU(a).reciprocalConditionEstimate(), rtol: 1e-12,
                    "κ(cA) = κ(A); only rounding of the scaling differs")
        #expect(try LU(a).reciprocalConditionEstimate() > 0.1)
        #expect(try LU(Tensor.identity(4) * 1e-300).reciprocalConditionEstimate() == 1)
    }

    @Test("solve and inverse refuse systems singular to working precision (Hilbert 13, a rank-3 PSD matrix)")
    func illConditionedSystemsAreRefused() throws {
        for name in ["hilbert13", "psdRank3"] {
            let a = Self.matrix(Self.cases.first { $0.string("name") == name }!)
            let b = Tensor([0] + [Double](repeating: 1, count: a.shape[0] - 1))
            do {
                _ = try solve(a, b)
                Issue.record("\(name): solve returned a meaningless answer")
            } catch let LinearAlgebraError.illConditioned(operation, rcond) {
                #expect(operation == "solve" && rcond < Double.ulpOfOne)
            } catch LinearAlgebraError.singular {
                // An exactly zero pivot is an equally clear answer.
            }
            #expect(throws: LinearAlgebraError.self) { try a.inverse() }
            // Allowed explicitly, the call goes through (the caller takes responsibility).
            _ = try? solve(a, b, allowingIllConditioned: true)
        }
        // Hilbert 8 (κ ≈ 3.4e10) is ill-conditioned but still solvable to ~6 digits: no error.
        let h8 = Self.matrix(Self.cases.first { $0.string("name") == "hilbert8" }!)
        let x = try solve(h8, matmul(h8, Tensor.ones([8])))
        expectClose(x, Tensor.ones([8]), atol: 1e-5, "forward error ≲ κ·ε ≈ 7e-6")
    }

    @Test("rank tolerances do not overflow for entries near the largest double")
    func scaleSafeRank() throws {
        let big: Tensor = [[1e308, 1e308], [1e308, -1e308]]
        #expect(try big.matrixRank() == 2, "orthogonal columns: full rank (was 0 when σ₁·max(m, n) overflowed)")
        #expect(try (Tensor.ones([2, 2]) * 1e308).matrixRank() == 1)
        #expect(try big.nullSpace().shape == [2, 0])
    }
}
