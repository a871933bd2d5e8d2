@testable import DescentCore
import Testing

/// `OrthonormalBasis`: the one-read measurement `coefficients(of:against:)` that single-vector Lanczos
/// uses before deciding whether to orthogonalize, beside `orthogonalize`.
@Suite("Orthonormal basis")
struct OrthonormalBasisTests {
    @Test("coefficients(of:against:) are the projections on the chosen vectors, and leave v alone")
    func coefficientsAreTheProjections() {
        var basis = OrthonormalBasis(length: 4, capacity: 3)
        basis.append(Tensor([1, 0, 0, 0]))
        basis.append(Tensor([0, 0.6, 0.8, 0]))
        basis.append(Tensor([0, 0.8, -0.6, 0]))
        let v = Tensor([2, 1, 3, 5])
        // Exact projections 2, 0.6 + 2.4 = 3 and 0.8 − 1.8 = −1, to rounding.
        #expect(zip(basis.coefficients(of: v, against: 0..<3), [2, 3, -1]).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        #expect(basis.coefficients(of: v, against: 1..<2).count == 1)
        #expect(Swift.abs(basis.coefficients(of: v, against: 1..<2)[0] - 3) < 1e-15)
        #expect(basis.coefficients(of: v, against: 0..<0).isEmpty)
        // orthogonalize removes exactly these components.
        var w = v
        let removed = basis.orthogonalize(&w, against: 0..<3)
        #expect(zip(removed, [2, 3, -1]).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        #expect(zip(w.scalars, [0, 0, 0, 5]).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
    }
}
