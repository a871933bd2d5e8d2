import DescentCore
import Foundation

/// How a finite-difference derivative is formed.
///
/// The step balances truncation error against rounding error (Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., §8.1): forward differences (f(x + h) − f(x))/h with
/// h = ε^(1/2)·max(1, |x|) are accurate to about ε^(1/2) ≈ 1.5e-8 relative; central differences
/// (f(x + h) − f(x − h))/(2h) with h = ε^(1/3)·max(1, |x|) to about ε^(2/3) ≈ 4e-11.
public enum FiniteDifferenceScheme: Sendable {
    /// (f(x + h) − f(x))/h, h = ε^(1/2)·max(1, |x|): n + 1 evaluations, error O(h).
    case forward
    /// (f(x + h) − f(x − h))/(2h), h = ε^(1/3)·max(1, |x|): 2n evaluations, error O(h²).
    case central

    /// The step for a coordinate of magnitude |x|, rounded so that x + h is exactly representable
    /// (then (x + h) − x = h and the difference quotient carries no extra representation error).
    public func step(at x: Double) -> Double {
        let base: Double
        switch self {
        case .forward: base = Double.ulpOfOne.squareRoot()
        case .central: base = Foundation.cbrt(Double.ulpOfOne)
        }
        let h = base * Swift.max(1, Swift.abs(x))
        return (x + h) - x
    }
}

/// The finite-difference gradient of a scalar function, one coordinate at a time.
/// - Complexity: n + 1 (forward) or 2n (central) evaluations of f.
public func finiteDifferenceGradient(of f: (Tensor) -> Double, at x: Tensor,
                                     scheme: FiniteDifferenceScheme = .central) -> Tensor {
    // Plain arrays, written in place; each probe is wrapped in a Tensor only to call f.
    var g = [Double](repeating: 0, count: x.count)
    let f0 = scheme == .forward ? f(x) : 0
    var probe = x.scalars
    for i in 0..<x.count {
        let xi = probe[i]
        let h = scheme.step(at: xi)
        probe[i] = xi + h
        let up = f(Tensor(shape: x.shape, scalars: probe))
        switch scheme {
        case .forward:
            g[i] = (up - f0) / h
        case .central:
            probe[i] = xi - h
            g[i] = (up - f(Tensor(shape: x.shape, scalars: probe))) / (2 * h)
        }
        probe[i] = xi
    }
    return Tensor(shape: x.shape, scalars: g)
}

/// The comparison of an automatic gradient with a finite-difference one.
public struct GradientCheck: Sendable {
    /// The reverse-mode gradient.
    public let analytic: Tensor
    /// The finite-difference gradient.
    public let numerical: Tensor
    /// maxᵢ |aᵢ − nᵢ| / max(1, |aᵢ|, |nᵢ|): relative for entries of magnitude above 1, absolute
    /// below (a finite difference cannot resolve a relative error of a near-zero entry).
    public let maxRelativeError: Double
    /// The flat index of the worst entry (`nil` for an empty tensor).
    public let worstIndex: Int?
    /// The scheme used.
    public let scheme: FiniteDifferenceScheme
}

/// Checks `gradient(of: f, at: x)` against finite differences and reports the worst relative
/// error. Expect about 1e-7 for `.forward` and 1e-9 for `.central` on smooth, well-scaled
/// functions (the errors scale with the third derivative for central differences).
public func checkGradient(of f: (Variable) -> Variable, at x: Tensor,
                          scheme: FiniteDifferenceScheme = .central) -> GradientCheck {
    let analytic = gradient(of: f, at: x)
    // Constants record nothing, so the probes run at plain-Tensor speed.
    let numerical = finiteDifferenceGradient(of: { f(Variable($0)).value.scalars[0] }, at: x, scheme: scheme)
    var worst = 0.0
    var worstIndex: Int? = nil
    for i in 0..<analytic.count {
        let (a, n) = (analytic.scalars[i], numerical.scalars[i])
        var error = Swift.abs(a - n) / Swift.max(1, Swift.abs(a), Swift.abs(n))
        if error.isNaN { error = a.isNaN && n.isNaN ? 0 : .infinity }
        if worstIndex == nil || error > worst { worst = error; worstIndex = i }
    }
    return GradientCheck(analytic: analytic, numerical: numerical, maxRelativeError: worst,
                         worstIndex: worstIndex, scheme: scheme)
}
