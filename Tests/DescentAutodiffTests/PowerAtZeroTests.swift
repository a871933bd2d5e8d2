import DescentAutodiff
import DescentCore
import Foundation
import Testing
import _TestSupport

/// Powers where the textbook rules produce 0·∞: base 0, exponent 0 or 1. References from JAX
/// (Tools/references/pow_at_zero.py): `x ** 2` (integer_pow) for a constant exponent, `x ** y`
/// (pow, with log x replaced by 0 at x = 0 in the exponent's derivative) for a variable one.
@Suite("Powers at base 0")
struct PowerAtZeroTests {
    /// The case's variable names and its two spellings, `x^p` and `pow(x, p)`.
    static func namesAndTexts(_ c: ReferenceData) -> ([String], [String]) {
        (c.string("variables").split(separator: ",").map(String.init), [c.string("caret"), c.string("call")])
    }

    @Test func valuesAndGradientsMatchJAX() throws {
        for c in try ReferenceData.load("pow_at_zero").cases("cases") {
            let (names, texts) = Self.namesAndTexts(c)
            for text in texts {
                let f = try MathExpression(parsing: text).function(of: names)
                let (value, g) = valueAndGradient(of: f, at: c.tensor("point"))
                // Exact: the same libm pow and at most one rounding in y·xʸ⁻¹.
                expectClose(value, c.double("value"), rtol: 1e-15, "\(text): one libm pow")
                expectClose(g, c.tensor("gradient"), rtol: 1e-15, "\(text) at \(c.tensor("point")): one product, a few ulps")
            }
        }
    }

    /// JAX's Hessian is forward-over-reverse and ours reverse-over-reverse, so at a point where
    /// the rules meet 0·∞ the two may disagree on *which* entries become NaN. JAX's own Hessian is
    /// then asymmetric: at (x, y) = (0, 1) it is [[nan, nan], [0, 0]], and the true mixed partial
    /// xʸ⁻¹(1 + y·log x) diverges there. So: where JAX's entry and its mirror are both finite,
    /// ours must equal it; and ours must be symmetric wherever both of its entries are finite.
    @Test func hessiansMatchJAXWhereJAXIsConsistent() throws {
        for c in try ReferenceData.load("pow_at_zero").cases("cases") {
            let (names, texts) = Self.namesAndTexts(c)
            let expected = c.tensor("hessian")
            let n = names.count
            for text in texts {
                let h = hessian(of: try MathExpression(parsing: text).function(of: names), at: c.tensor("point"))
                #expect(h.shape == [n, n])
                for i in 0..<n {
                    for j in 0..<n {
                        if expected[i, j].isFinite && expected[j, i].isFinite {
                            expectClose(h[i, j], expected[i, j], rtol: 1e-15,
                                        "\(text) at \(c.tensor("point")), entry (\(i), \(j)): a few ulps")
                        }
                        if h[i, j].isFinite && h[j, i].isFinite { #expect(h[i, j] == h[j, i], "\(text)") }
                    }
                }
            }
        }
    }

    @Test func caretAndPowAreOneComputation() throws {
        // `x^p` and `pow(x, p)` go through the same function, so results are bitwise equal,
        // including NaN placement in second derivatives.
        for c in try ReferenceData.load("pow_at_zero").cases("cases") {
            let (names, texts) = Self.namesAndTexts(c)
            let results = try texts.map { text -> (Tensor, Tensor) in
                let f = try MathExpression(parsing: text).function(of: names)
                let r = valueGradientAndHessian(of: f, at: c.tensor("point"))
                return (r.gradient, r.hessian)
            }
            for r in results.dropFirst() {
                #expect(r.0.scalars.map(\.bitPattern) == results[0].0.scalars.map(\.bitPattern), "\(texts)")
                #expect(r.1.scalars.map(\.bitPattern) == results[0].1.scalars.map(\.bitPattern), "\(texts)")
            }
        }
    }

    @Test func variableExponentDerivativeIsZeroWhereThePowerIsZero() {
        // ∂(xʸ)/∂y = xʸ·log x → 0 as x → 0⁺ for y > 0; the rule used to give 0·(−∞) = NaN.
        for y in [0.5, 1, 2, 3.7] {
            let g = gradient(of: { v in pow(v[0], v[1]) }, at: Tensor([0, y]))
            #expect(g[1] == 0, "y = \(y)")
        }
        // A constant exponent, even wrapped as a Variable, has the exact derivative 0 for p = 0
        // and p·xᵖ⁻¹ for negative bases (no log of a negative number).
        #expect(derivative(of: { x in pow(x, Variable(0)) }, at: 0) == 0)
        #expect(derivative(of: { x in pow(x, Variable(3)) }, at: -2) == 12)
        // Away from 0 nothing changes: ∂(xʸ)/∂y = xʸ·log x.
        let g = gradient(of: { v in pow(v[0], v[1]) }, at: Tensor([2, 3]))
        expectClose(g, Tensor([12, 8 * Foundation.log(2)]), rtol: 1e-15, "one product, a few ulps")
    }
}
