import DescentCore

/// What the Moré–Sorensen iteration needs from the model Hessian B: factorizations of B + λI,
/// products with B, and a priori bounds on its spectrum. Dense matrices (LAPACK Cholesky) and the
/// Lanczos tridiagonal of the Krylov solver (an O(k) LDLᵀ) both provide it.
protocol ShiftedFactorizationSource {
    associatedtype Factor: PositiveDefiniteFactor
    /// The order n of B.
    var order: Int { get }
    /// B + λI factored when it is positive definite; otherwise a shortfall δ ≥ 0 such that
    /// λ + δ ≤ −λ₁(B), a better lower bound for the multiplier (Moré–Sorensen §3).
    func factor(shift: Double) -> ShiftedFactorOutcome<Factor>
    /// B·v.
    func product(_ v: Tensor) -> Tensor
    /// The spectral bounds of `SpectralBounds`.
    var bounds: SpectralBounds { get }
}

/// A factorization of a positive-definite B + λI that solves linear systems.
protocol PositiveDefiniteFactor {
    /// (B + λI)⁻¹ b.
    func solve(_ b: Tensor) -> Tensor
}

/// The outcome of factoring B + λI.
enum ShiftedFactorOutcome<Factor> {
    /// Positive definite: the factor.
    case factored(Factor)
    /// Not positive definite; λ + shortfall ≤ −λ₁(B).
    case indefinite(shortfall: Double)
}

/// Cheap bounds on the spectrum of a symmetric B: Gershgorin's interval
/// [minᵢ bᵢᵢ − Σⱼ≠ᵢ|bᵢⱼ|, maxᵢ bᵢᵢ + Σⱼ≠ᵢ|bᵢⱼ|], ‖B‖ ≤ min(‖B‖_F, ‖B‖_∞), and min bᵢᵢ ≥ λ₁.
///
/// Reference: A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM, 2000, §7.3.8.
struct SpectralBounds {
    /// minᵢ bᵢᵢ − Σⱼ≠ᵢ |bᵢⱼ| ≤ λ₁.
    var gershgorinLower: Double
    /// maxᵢ bᵢᵢ + Σⱼ≠ᵢ |bᵢⱼ| ≥ λₙ.
    var gershgorinUpper: Double
    /// min(‖B‖_F, ‖B‖_∞) ≥ max |λᵢ|.
    var norm: Double
    /// minᵢ bᵢᵢ ≥ λ₁.
    var minimumDiagonal: Double
}

/// A dense symmetric B factored by LAPACK's Cholesky (`dpotrf`) at each shift.
struct DenseShiftedMatrix: ShiftedFactorizationSource {
    let matrix: Tensor
    let order: Int
    let bounds: SpectralBounds

    /// B must be a finite symmetric n × n matrix (checked by the caller).
    init(_ matrix: Tensor) {
        let n = matrix.shape[0]
        self.matrix = matrix
        self.order = n
        var lower = Double.infinity, upper = -Double.infinity, infinity = 0.0, frobenius = 0.0, diagonal = Double.infinity
        matrix.scalars.withUnsafeBufferPointer { a in
            for i in 0..<n {
                var offDiagonal = 0.0
                for j in 0..<n where j != i { offDiagonal += Swift.abs(a[i * n + j]) }
                let d = a[i * n + i]
                lower = Swift.min(lower, d - offDiagonal)
                upper = Swift.max(upper, d + offDiagonal)
                infinity = Swift.max(infinity, offDiagonal + Swift.abs(d))
                diagonal = Swift.min(diagonal, d)
            }
        }
        frobenius = matrix.norm(.two)
        if n == 0 { (lower, upper, diagonal) = (0, 0, 0) }
        bounds = SpectralBounds(gershgorinLower: lower, gershgorinUpper: upper, norm: Swift.min(frobenius, infinity),
                                minimumDiagonal: diagonal)
    }

    func product(_ v: Tensor) -> Tensor { matmul(matrix, v) }

    func shifted(_ lambda: Double) -> Tensor {
        var a = matrix
        if lambda != 0 { for i in 0..<order { a[i, i] += lambda } }
        return a
    }

    func factor(shift lambda: Double) -> ShiftedFactorOutcome<Cholesky> {
        let a = shifted(lambda)
        do {
            return .factored(try Cholesky(a))
        } catch LinearAlgebraError.notPositiveDefinite(_, let minor) {
            return .indefinite(shortfall: DenseShiftedMatrix.shortfall(a, failingAt: minor))
        } catch {
            // Overflow of the factor: no bound learned (the caller still makes progress).
            return .indefinite(shortfall: 0)
        }
    }

    /// For A = B + λI whose k-th leading minor is the first that is not positive: with the leading
    /// (k−1) block A₁ (positive definite), its column h and corner c, the vector v = (−A₁⁻¹h, 1, 0…)
    /// has vᵀAv = c − hᵀA₁⁻¹h = −δ ≤ 0, so λ₁(A) ≤ −δ/‖v‖² and λ + δ/‖v‖² ≤ −λ₁(B)
    /// (Moré and Sorensen 1983, §3; Conn, Gould and Toint §7.3.4).
    static func shortfall(_ a: Tensor, failingAt minor: Int) -> Double {
        let k = minor - 1
        let corner = a[k, k]
        if k == 0 { return Swift.max(0, -corner) }
        let block = Tensor(rows: k, columns: k) { i, j in a[i, j] }
        let column = Tensor(shape: [k]) { a[$0, k] }
        guard let leading = try? Cholesky(block) else { return 0 }
        let w = leading.solve(column)
        let delta = dot(column, w) - corner
        return Swift.max(0, delta) / (w.squaredNorm() + 1)
    }
}

extension Cholesky: PositiveDefiniteFactor {}
