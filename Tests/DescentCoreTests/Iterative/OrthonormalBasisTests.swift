@testable import DescentCore
import Testing

/// `OrthonormalBasis.orthogonalize`: classical Gram–Schmidt with the DGKS second pass, and the
/// single-read shortcut (`keepBelow`) that the restarted Lanczos uses for single vectors.
@Suite("Orthonormal basis")
struct OrthonormalBasisTests {
    /// The basis e₀, e₁ of ℝ⁴.
    func basis() -> OrthonormalBasis {
        var basis = OrthonormalBasis(length: 4, capacity: 2)
        basis.append(Tensor([1, 0, 0, 0]))
        basis.append(Tensor([0, 1, 0, 0]))
        return basis
    }

    @Test("components below η·‖v‖ are left in place and reported as zero; the first read decides")
    func keepsComponentsBelowTheThreshold() {
        let basis = basis()
        var v = Tensor([1e-13, -2e-13, 3, 4])   // ‖v‖ = 5: the components are below 1e-12 × 5
        let coefficients = basis.orthogonalize(&v, against: 0..<2, always2: false, keepBelow: 1e-12)
        #expect(coefficients == [0, 0])
        #expect(v.scalars == [1e-13, -2e-13, 3, 4])
    }

    @Test("a component above η·‖v‖ is removed, and the coefficients are the exact projections")
    func removesComponentsAboveTheThreshold() {
        let basis = basis()
        var v = Tensor([1e-10, 0, 3, 4])   // 1e-10 > 1e-12 × 5
        let coefficients = basis.orthogonalize(&v, against: 0..<2, always2: false, keepBelow: 1e-12)
        #expect(coefficients == [1e-10, 0])
        #expect(v.scalars == [0, 0, 3, 4])
        // Without the shortcut, even rounding-level components are removed.
        var w = Tensor([1e-13, -2e-13, 3, 4])
        let all = basis.orthogonalize(&w, against: 0..<2, always2: false)
        #expect(all == [1e-13, -2e-13])
        #expect(w.scalars == [0, 0, 3, 4])
    }
}
