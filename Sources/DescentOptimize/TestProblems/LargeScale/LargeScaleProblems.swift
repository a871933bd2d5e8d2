import DescentAutodiff
import DescentCore

/// Larger unconstrained test problems in the style of the CUTEst collection, n ≈ 10³–10⁴: the
/// variable-dimension Moré–Garbow–Hillstrom functions at large n (the same definitions as in
/// `MoreGarbowHillstrom`, written with whole-vector operations) and five CUTEst problems that are not
/// in that paper (ARWHEAD, TRIDIA, DQDRTIC, QUARTC, ENGVAL1), each from its standard start.
///
/// Every objective comes from autodiff (`Objective(differentiable:)`), so gradients cost a small
/// multiple of f and Hessian-vector products about two f; Newton-type methods that form the n × n
/// Hessian pay n products for it.
///
/// Reference: N. I. M. Gould, D. Orban and Ph. L. Toint, "CUTEst: a constrained and unconstrained
/// testing environment with safe threads", Comput. Optim. Appl. 60, 2015; I. Bongartz, A. R. Conn,
/// N. Gould and Ph. L. Toint, "CUTE", ACM TOMS 21(1), 1995 (the SIF definitions used here);
/// Moré, Garbow and Hillstrom, ACM TOMS 7(1), 1981.
public enum LargeScaleProblems {
    /// The whole set at dimension n (a multiple of 4, default 1000): extended Rosenbrock, extended Powell
    /// singular, Broyden tridiagonal, Broyden banded, discrete boundary value, discrete integral
    /// equation (at min(n, 1000): its kernel is a dense n × n product), penalty I, penalty II (at min(n, 100):
    /// its data yᵢ = e^(i/10) + e^((i−1)/10) reach e¹⁰⁰ at n = 1000, f(x₀) ≈ 10⁸³), trigonometric,
    /// variably dimensioned, Chebyquad (at min(n/10, 100): each residual is a Chebyshev recurrence over
    /// all of x, so its cost is m·n), ARWHEAD, TRIDIA, DQDRTIC, QUARTC and ENGVAL1.
    public static func all(dimension n: Int = 1000) -> [TestProblem] {
        precondition(n >= 40 && n % 4 == 0, "LargeScaleProblems.all: n must be a multiple of 4 and at least 40, got \(n)")
        typealias M = MoreGarbowHillstrom
        return [M.extendedRosenbrock(dimension: n), M.extendedPowellSingular(dimension: n), M.broydenTridiagonal(dimension: n),
                M.broydenBanded(dimension: n), M.discreteBoundaryValue(dimension: n),
                M.discreteIntegralEquation(dimension: min(n, 1000)), M.penaltyI(dimension: n), M.penaltyII(dimension: min(n, 100)),
                M.trigonometric(dimension: n), M.variablyDimensioned(dimension: n), M.chebyquad(dimension: min(n / 10, 100)),
                arrowhead(dimension: n), tridiagonal(dimension: n), diagonalQuadratic(dimension: n), quartic(dimension: n),
                engval1(dimension: n)]
    }

    /// ARWHEAD (arrowhead Hessian): f = Σᵢ₌₁ⁿ⁻¹ [(xᵢ² + xₙ²)² − 4xᵢ + 3]; x₀ = (1, …, 1); f* = 0 at
    /// (1, …, 1, 0).
    public static func arrowhead(dimension n: Int = 1000) -> TestProblem {
        precondition(n >= 2, "arrowhead: needs n ≥ 2, got \(n)")
        var minimizer = Tensor.ones([n])
        minimizer[n - 1] = 0
        return TestProblem(name: "cutest-arwhead-n\(n)", objective: Objective(differentiable: { x in
            let head = x.slice(0..<(n - 1)), last = x[n - 1]
            let s = head * head + last * last
            return (s * s - 4 * head + 3).sum()
        }), start: .ones([n]), minimizer: minimizer, minimum: 0)
    }

    /// TRIDIA: f = (x₁ − 1)² + Σᵢ₌₂ⁿ i(2xᵢ − xᵢ₋₁)², a sum of squares with a tridiagonal Hessian whose
    /// condition grows like n²; x₀ = (1, …, 1); f* = 0 at x₁ = 1, xᵢ = xᵢ₋₁/2.
    public static func tridiagonal(dimension n: Int = 1000) -> TestProblem {
        precondition(n >= 2, "tridiagonal: needs n ≥ 2, got \(n)")
        let weights = constantVector(paperIndices(n - 1, from: 2).map { $0.squareRoot() })
        return .sumOfSquares(name: "cutest-tridia-n\(n)", start: .ones([n]), minimum: 0) { x in
            residualStack([x[0] - 1, weights * (2 * x.slice(1..<n) - x.slice(0..<(n - 1)))])
        }
    }

    /// DQDRTIC: f = Σᵢ₌₁ⁿ⁻² (100xᵢ₊₁² + 100xᵢ₊₂² + xᵢ²), a convex quadratic with condition ≈ 200; x₀ = (3, …, 3);
    /// f* = 0 at the origin.
    public static func diagonalQuadratic(dimension n: Int = 1000) -> TestProblem {
        precondition(n >= 3, "diagonalQuadratic: needs n ≥ 3, got \(n)")
        return .sumOfSquares(name: "cutest-dqdrtic-n\(n)", start: Tensor(shape: [n], repeating: 3), minimum: 0, minimizer: .zeros([n])) { x in
            residualStack([10 * x.slice(1..<(n - 1)), 10 * x.slice(2..<n), x.slice(0..<(n - 2))])
        }
    }

    /// QUARTC: f = Σᵢ (xᵢ − i)⁴, whose Hessian vanishes at the minimizer (sublinear Newton convergence);
    /// x₀ = (2, …, 2); f* = 0 at xᵢ = i.
    public static func quartic(dimension n: Int = 1000) -> TestProblem {
        precondition(n >= 1, "quartic: needs n ≥ 1, got \(n)")
        let i = constantVector(paperIndices(n))
        return .sumOfSquares(name: "cutest-quartc-n\(n)", start: Tensor(shape: [n], repeating: 2), minimum: 0,
                             minimizer: Tensor(paperIndices(n))) { x in
            let d = x - i
            return d * d
        }
    }

    /// ENGVAL1: f = Σᵢ₌₁ⁿ⁻¹ [(xᵢ² + xᵢ₊₁²)² − 4xᵢ + 3]; x₀ = (2, …, 2); f* has no closed form (nil).
    public static func engval1(dimension n: Int = 1000) -> TestProblem {
        precondition(n >= 2, "engval1: needs n ≥ 2, got \(n)")
        return TestProblem(name: "cutest-engval1-n\(n)", objective: Objective(differentiable: { x in
            let a = x.slice(0..<(n - 1)), b = x.slice(1..<n)
            let s = a * a + b * b
            return (s * s - 4 * a + 3).sum()
        }), start: Tensor(shape: [n], repeating: 2), minimizer: nil, minimum: nil)
    }
}
