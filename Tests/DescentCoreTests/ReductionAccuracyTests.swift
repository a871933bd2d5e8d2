import CDescentVectorMath
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Sums, means, variances and norms against exact rational references
/// (Tools/references/reductions.py): each is compensated, so within about one rounding of the
/// exact result (Ogita–Rump–Oishi Sum2/Dot2; see CDescentVectorMath/CompensatedSum.c).
@Suite("Reduction accuracy against exact sums")
struct ReductionAccuracyTests {
    static let reference = try! ReferenceData.load("reductions")
    static let names = ["normal", "offset", "wide_range", "huge", "tiny", "cancelling"]

    static func double(_ data: ReferenceData, _ key: String) -> Double {
        Double(bitPattern: UInt64(data.string(key), radix: 16)!)
    }

    @Test(arguments: names)
    func sumsMeansAndNormsAreWithinOneUlp(_ name: String) {
        let data = Self.reference["vectors"][name]
        let x = Tensor(data.exactDoubles("x"))
        // Sums of magnitudes and squares cannot cancel: Dot2 gives them to ≤ 1 ulp, and the
        // corrected square root keeps the 2-norm within 1 ulp (it is correctly rounded on all of
        // these but a few ties). Where the scaled sum of squares overflows (`huge`), ∞ is exact.
        #expect(ulpDistance(x.norm(.one), Self.double(data, "norm1")) <= 1, "\(name): Σ|x|")
        #expect(ulpDistance(x.norm(.two), Self.double(data, "norm2")) <= 1, "\(name): ‖x‖₂ = \(x.norm(.two)), exact \(Self.double(data, "norm2"))")
        #expect(ulpDistance(x.norm(.frobenius), Self.double(data, "norm2")) <= 1, "\(name): Frobenius = 2-norm")
        #expect(ulpDistance(x.squaredNorm(), Self.double(data, "squared_norm")) <= 1, "\(name): Σx²")
        // Σx: |error| ≤ ε|Σ| + (nε)²Σ|x| (Sum2); the second term matters only for `cancelling`.
        let n = Double(x.count), eps = Double.ulpOfOne / 2
        let exact = Self.double(data, "sum"), bound = eps * Swift.abs(exact) + (n * eps) * (n * eps) * Self.double(data, "magnitude_sum")
        #expect(Swift.abs(x.sum() - exact) <= Swift.max(bound, exact.ulp), "\(name): Σx = \(x.sum()), exact \(exact)")
        #expect(ulpDistance(x.sum(), exact) <= 1, "\(name): Σx is in fact within one ulp on every set")
        // The mean divides the sum by n (one more rounding): ≤ 1 ulp measured, 2 allowed.
        #expect(ulpDistance(x.mean(), Self.double(data, "mean")) <= 2, "\(name): mean")
        // The variance: xᵢ − m carried exactly, compensated sums, then a correction, a subtraction
        // and a division: ≤ 2 ulp (≤ 1 measured). `wide_range` overflows: ∞ either way.
        #expect(ulpDistance(x.variance(), Self.double(data, "variance")) <= 2, "\(name): variance \(x.variance()), exact \(Self.double(data, "variance"))")
        #expect(ulpDistance(x.variance(ddof: 1), Self.double(data, "variance_ddof1")) <= 2, "\(name): sample variance")
    }

    @Test func matrixAxisSumsAndNormsAreWithinOneUlp() throws {
        let data = Self.reference["matrix"]
        let a = Tensor(shape: [150, 100], scalars: data.exactDoubles("a"))
        let columns = a.sum(alongAxis: 0), rows = a.sum(alongAxis: 1)
        let expectedColumns = data.exactDoubles("column_sums"), expectedRows = data.exactDoubles("row_sums")
        #expect((0..<100).allSatisfy { ulpDistance(columns.scalars[$0], expectedColumns[$0]) <= 1 }, "column sums (TwoSum along the rows)")
        #expect((0..<150).allSatisfy { ulpDistance(rows.scalars[$0], expectedRows[$0]) <= 1 }, "row sums (Sum2 per row)")
        #expect(ulpDistance(try a.matrixNorm(.frobenius), Self.double(data, "frobenius")) <= 1, "Frobenius norm")
        #expect(ulpDistance(try a.matrixNorm(.one), Self.double(data, "norm_one")) <= 1, "largest column sum of |a|")
        #expect(ulpDistance(try a.matrixNorm(.infinity), Self.double(data, "norm_infinity")) <= 1, "largest row sum of |a|")
        #expect(ulpDistance(a.trace, Self.double(data, "trace")) <= 1, "trace")
    }

    @Test func specialValuesFollowIEEE754() {
        #expect(Tensor([1, .infinity, 2]).sum() == .infinity)
        #expect(Tensor([1, .infinity, -.infinity]).sum().isNaN)
        #expect(Tensor([1, .nan, 2]).sum().isNaN)
        #expect(Tensor([1e308, 1e308, -1e308]).sum() == .infinity, "overflow, as a plain loop")
        #expect(Tensor([1, -.infinity]).norm(.two) == .infinity && Tensor([1, .nan]).norm(.two).isNaN)
        #expect(Tensor([1e200, 1e200]).squaredNorm() == .infinity)
        #expect(Tensor([1e300, -1e300]).variance() == .infinity)
        #expect(Tensor([1, .infinity]).variance().isNaN)
        #expect(Tensor([Double]()).sum() == 0 && Tensor([Double]()).norm(.two) == 0 && Tensor([Double]()).norm(.one) == 0)
        #expect(Tensor([0, -0.0]).norm(.two) == 0)
        #expect(Tensor([Double.leastNonzeroMagnitude]).norm(.two) == Double.leastNonzeroMagnitude)
        #expect(Tensor([Double.greatestFiniteMagnitude, 0]).norm(.two) == Double.greatestFiniteMagnitude)
        let (three, four, five) = (Double("3e-320")!, Double("4e-320")!, Double("5e-320")!)   // literals this small warn
        #expect(Tensor([three, four]).norm(.two) == five, "subnormal entries scaled up exactly")
        #expect(Tensor([3e300, 4e300]).norm(.two) == 5e300, "squares would overflow")
        let axis = Tensor([[1, .infinity], [2, 3]]).sum(alongAxis: 0)
        #expect(axis.scalars[0] == 3 && axis.scalars[1] == .infinity)
    }

    @Test(arguments: [0, 1, 2], [Int32(0), 1, 2, 3])
    func everyCompiledVariantGivesTheSameBits(variant: Int32, mode: Int32) {
        // The lanes, their order and the error-free transformations are the same in every
        // variant (Dekker's splitting without FMA is exact too), so the results are identical.
        let x = Tensor(Self.reference["vectors"]["normal"].exactDoubles("x"))
        for n in [0, 1, 15, 16, 17, 1000, x.count] {
            var expected = [Double](repeating: 0, count: 4), got = expected
            x.scalars.withUnsafeBufferPointer { xb in
                descent_compensated_sum(mode, xb.baseAddress, n, mode == 3 ? 0.25 : 1, &expected)
                let ran = descent_compensated_sum_variant(variant, mode, xb.baseAddress, n, mode == 3 ? 0.25 : 1, &got)
                if ran == 0 { got = expected }  // not available on this CPU
            }
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "variant \(variant), mode \(mode), n = \(n)")
        }
    }
}
