import DescentCore

/// A symmetric tridiagonal T (diagonal α₁…α_k, off-diagonal β₁…β_{k−1}) as a Moré–Sorensen source:
/// T + λI = LDLᵀ with unit lower-bidiagonal L in O(k), so the Lanczos model of the Krylov solver is
/// solved exactly at every Lanczos step for little cost.
///
/// Reference: Golub and Van Loan, *Matrix Computations*, 4th ed., §4.3.6 (tridiagonal LDLᵀ);
/// N. I. M. Gould, S. Lucidi, M. Roma and Ph. L. Toint, SIAM J. Optim. 9(2), 1999, §5.
struct SymmetricTridiagonal: ShiftedFactorizationSource {
    let diagonal: [Double]
    let offDiagonal: [Double]
    let bounds: SpectralBounds
    var order: Int { diagonal.count }

    init(diagonal: [Double], offDiagonal: [Double]) {
        precondition(offDiagonal.count == Swift.max(0, diagonal.count - 1), "SymmetricTridiagonal: \(diagonal.count) diagonal and \(offDiagonal.count) off-diagonal entries")
        self.diagonal = diagonal
        self.offDiagonal = offDiagonal
        let k = diagonal.count
        var lower = Double.infinity, upper = -Double.infinity, infinity = 0.0, squares = 0.0
        for i in 0..<k {
            let radius = (i > 0 ? Swift.abs(offDiagonal[i - 1]) : 0) + (i < k - 1 ? Swift.abs(offDiagonal[i]) : 0)
            lower = Swift.min(lower, diagonal[i] - radius)
            upper = Swift.max(upper, diagonal[i] + radius)
            infinity = Swift.max(infinity, Swift.abs(diagonal[i]) + radius)
            squares += diagonal[i] * diagonal[i] + (i < k - 1 ? 2 * offDiagonal[i] * offDiagonal[i] : 0)
        }
        bounds = SpectralBounds(gershgorinLower: lower, gershgorinUpper: upper, norm: Swift.min(squares.squareRoot(), infinity),
                                minimumDiagonal: diagonal.min() ?? 0)
    }

    func product(_ v: Tensor) -> Tensor {
        let x = v.scalars, k = order
        return Tensor(shape: [k]) { i in
            var s = diagonal[i] * x[i]
            if i > 0 { s += offDiagonal[i - 1] * x[i - 1] }
            if i < k - 1 { s += offDiagonal[i] * x[i + 1] }
            return s
        }
    }

    /// The LDLᵀ factors of a positive-definite T + λI: pivots dᵢ and multipliers lᵢ = βᵢ/dᵢ.
    struct Factor: PositiveDefiniteFactor {
        let pivots: [Double]
        let multipliers: [Double]

        func solve(_ b: Tensor) -> Tensor {
            let k = pivots.count
            var y = b.scalars
            if k > 1 { for i in 1..<k { y[i] -= multipliers[i - 1] * y[i - 1] } }
            for i in 0..<k { y[i] /= pivots[i] }
            if k > 1 { for i in stride(from: k - 2, through: 0, by: -1) { y[i] -= multipliers[i] * y[i + 1] } }
            return Tensor(y)
        }
    }

    /// T + λI = LDLᵀ, or at the first pivot d_j ≤ 0 the vector v = L⁻ᵀe_j (v_j = 1,
    /// vᵢ = −lᵢvᵢ₊₁) with vᵀ(T + λI)v = d_j on the leading block, so λ + (−d_j)/‖v‖² ≤ −λ₁(T).
    func factor(shift lambda: Double) -> ShiftedFactorOutcome<Factor> {
        let k = order
        var pivots = [Double](repeating: 0, count: k)
        var multipliers = [Double](repeating: 0, count: Swift.max(0, k - 1))
        for i in 0..<k {
            var d = diagonal[i] + lambda
            if i > 0 { d -= offDiagonal[i - 1] * multipliers[i - 1] }
            guard d > 0, d.isFinite else {
                var v = 1.0, squares = 1.0
                for j in stride(from: i - 1, through: 0, by: -1) {
                    v *= -multipliers[j]
                    squares += v * v
                }
                return .indefinite(shortfall: d.isFinite ? -d / squares : 0)
            }
            pivots[i] = d
            if i < k - 1 { multipliers[i] = offDiagonal[i] / d }
        }
        return .factored(Factor(pivots: pivots, multipliers: multipliers))
    }
}
