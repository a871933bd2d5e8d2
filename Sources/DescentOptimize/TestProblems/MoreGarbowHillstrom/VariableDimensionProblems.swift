import DescentAutodiff
import DescentCore
import Foundation

// Problems 21–35 of Moré, Garbow and Hillstrom (ACM TOMS 7(1), 1981): variable dimension n. Each is
// written with whole-vector `Variable` operations (slices, shifts, products with constant matrices), so
// one gradient is a few sweeps over n-vectors and the same definitions run at n = 10⁴
// (`LargeScaleProblems`).

extension MoreGarbowHillstrom {
    /// Problem 21, extended Rosenbrock: n even, m = n, f₂ᵢ₋₁ = 10(x₂ᵢ − x₂ᵢ₋₁²), f₂ᵢ = 1 − x₂ᵢ₋₁;
    /// x₀ = (−1.2, 1, …); f* = 0 at (1, …, 1).
    public static func extendedRosenbrock(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 2 && n % 2 == 0, "extendedRosenbrock: n must be even and ≥ 2, got \(n)")
        return .sumOfSquares(name: "mgh21-extended-rosenbrock-n\(n)", start: Tensor(shape: [n]) { $0 % 2 == 0 ? -1.2 : 1 },
                             minimum: 0, minimizer: .ones([n])) { x in
            let pairs = x.reshaped([n / 2, 2])
            let odd = pairs.column(0), even = pairs.column(1)
            return interleaved([10 * (even - odd * odd), 1 - odd])
        }
    }

    /// Problem 22, extended Powell singular: n a multiple of 4, m = n, f₄ᵢ₋₃ = x₄ᵢ₋₃ + 10x₄ᵢ₋₂,
    /// f₄ᵢ₋₂ = √5(x₄ᵢ₋₁ − x₄ᵢ), f₄ᵢ₋₁ = (x₄ᵢ₋₂ − 2x₄ᵢ₋₁)², f₄ᵢ = √10(x₄ᵢ₋₃ − x₄ᵢ)²; x₀ = (3, −1, 0, 1, …);
    /// f* = 0 at the origin (singular Hessian there).
    public static func extendedPowellSingular(dimension n: Int = 12) -> TestProblem {
        precondition(n >= 4 && n % 4 == 0, "extendedPowellSingular: n must be a positive multiple of 4, got \(n)")
        let pattern: [Double] = [3, -1, 0, 1]
        return .sumOfSquares(name: "mgh22-extended-powell-singular-n\(n)", start: Tensor(shape: [n]) { pattern[$0 % 4] },
                             minimum: 0, minimizer: .zeros([n])) { x in
            let quads = x.reshaped([n / 4, 4])
            let (a, b, c, d) = (quads.column(0), quads.column(1), quads.column(2), quads.column(3))
            let bc = b - 2 * c, ad = a - d
            return interleaved([a + 10 * b, 5.0.squareRoot() * (c - d), bc * bc, 10.0.squareRoot() * (ad * ad)])
        }
    }

    /// Problem 23, penalty function I: m = n + 1, fᵢ = √a(xᵢ − 1) (i ≤ n), fₙ₊₁ = Σxⱼ² − 1/4,
    /// a = 10⁻⁵; x₀ = (1, 2, …, n); f* = 7.08765…·10⁻⁵ for n = 10 (nil for other n).
    public static func penaltyI(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "penaltyI: needs n ≥ 1, got \(n)")
        let a = 1e-5.squareRoot()
        return .sumOfSquares(name: "mgh23-penalty-1-n\(n)", start: Tensor(paperIndices(n)), minimum: n == 10 ? MGHMinima.penaltyI10 : nil) { x in
            residualStack([a * (x - 1), x.squaredNorm() - 0.25])
        }
    }

    /// Problem 24, penalty function II: m = 2n, f₁ = x₁ − 0.2,
    /// fᵢ = √a(e^(xᵢ/10) + e^(xᵢ₋₁/10) − yᵢ) for 2 ≤ i ≤ n with yᵢ = e^(i/10) + e^((i−1)/10),
    /// fᵢ = √a(e^(xᵢ₋ₙ₊₁/10) − e^(−1/10)) for n < i < 2n, f₂ₙ = Σⱼ (n − j + 1)xⱼ² − 1, a = 10⁻⁵;
    /// x₀ = (½, …, ½); f* = 2.93660…·10⁻⁴ for n = 10 (nil for other n).
    public static func penaltyII(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 2, "penaltyII: needs n ≥ 2, got \(n)")
        let a = 1e-5.squareRoot()
        let y = constantVector((2...n).map { Foundation.exp(Double($0) / 10) + Foundation.exp(Double($0 - 1) / 10) })
        let weights = constantVector((1...n).map { Double(n - $0 + 1) })
        return .sumOfSquares(name: "mgh24-penalty-2-n\(n)", start: Tensor(shape: [n], repeating: 0.5),
                             minimum: n == 10 ? MGHMinima.penaltyII10 : nil) { x in
            let tail = exp(x.slice(1..<n) / 10), head = exp(x.slice(0..<(n - 1)) / 10)
            return residualStack([x[0] - 0.2, a * (tail + head - y), a * (tail - Foundation.exp(-0.1)),
                          (weights * x * x).sum() - 1])
        }
    }

    /// Problem 25, variably dimensioned: m = n + 2, fᵢ = xᵢ − 1 (i ≤ n), fₙ₊₁ = Σⱼ j(xⱼ − 1),
    /// fₙ₊₂ = (Σⱼ j(xⱼ − 1))²; x₀ⱼ = 1 − j/n; f* = 0 at (1, …, 1).
    public static func variablyDimensioned(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "variablyDimensioned: needs n ≥ 1, got \(n)")
        let j = constantVector(paperIndices(n))
        return .sumOfSquares(name: "mgh25-variably-dimensioned-n\(n)", start: Tensor(paperIndices(n).map { 1 - $0 / Double(n) }),
                             minimum: 0, minimizer: .ones([n])) { x in
            let s = (j * (x - 1)).sum()
            return residualStack([x - 1, s, s * s])
        }
    }

    /// Problem 26, trigonometric: m = n, fᵢ = n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ; x₀ = (1/n, …);
    /// f* = 0 at the origin, and for n = 10 a local minimum f = 2.79506·10⁻⁵ (printed digits).
    public static func trigonometric(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "trigonometric: needs n ≥ 1, got \(n)")
        let i = constantVector(paperIndices(n))
        return .sumOfSquares(name: "mgh26-trigonometric-n\(n)", start: Tensor(shape: [n], repeating: 1 / Double(n)), minimum: 0,
                             minimizer: .zeros([n]), localMinima: n == 10 ? [MGHMinima.trigonometric10Local] : []) { x in
            let c = cos(x)
            return Double(n) - c.sum() + i * (1 - c) - sin(x)
        }
    }

    /// Problem 27, Brown almost-linear: m = n, fᵢ = xᵢ + Σⱼxⱼ − (n + 1) (i < n), fₙ = Πⱼxⱼ − 1;
    /// x₀ = (½, …, ½); f* = 0 at (α, …, α, α^(1−n)) with nαⁿ − (n + 1)αⁿ⁻¹ + 1 = 0, and f = 1 at
    /// (0, …, 0, n + 1). The product is a chain of n scalar products (an O(n²) gradient): keep n modest.
    public static func brownAlmostLinear(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 2, "brownAlmostLinear: needs n ≥ 2, got \(n)")
        return .sumOfSquares(name: "mgh27-brown-almost-linear-n\(n)", start: Tensor(shape: [n], repeating: 0.5), minimum: 0,
                             localMinima: [1]) { x in
            var product = x[0]
            for k in 1..<n { product = product * x[k] }
            return residualStack([x.slice(0..<(n - 1)) + (x.sum() - Double(n + 1)), product - 1])
        }
    }

    /// Problem 28, discrete boundary value: m = n, h = 1/(n + 1), tᵢ = ih,
    /// fᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁ + h²(xᵢ + tᵢ + 1)³/2 with x₀ = xₙ₊₁ = 0; start ξⱼ = tⱼ(tⱼ − 1); f* = 0.
    public static func discreteBoundaryValue(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "discreteBoundaryValue: needs n ≥ 1, got \(n)")
        let h = 1 / Double(n + 1), t = constantVector(paperIndices(n).map { $0 * h })
        return .sumOfSquares(name: "mgh28-discrete-boundary-value-n\(n)", start: boundaryStart(n), minimum: 0) { x in
            let (previous, next) = boundaryNeighbours(x)
            let u = x + t + 1
            return 2 * x - previous - next + (h * h / 2) * (u * u * u)
        }
    }

    /// Problem 29, discrete integral equation: m = n, h = 1/(n + 1), tᵢ = ih,
    /// fᵢ = xᵢ + h[(1 − tᵢ)Σⱼ≤ᵢ tⱼ(xⱼ + tⱼ + 1)³ + tᵢΣⱼ>ᵢ (1 − tⱼ)(xⱼ + tⱼ + 1)³]/2; start ξⱼ = tⱼ(tⱼ − 1);
    /// f* = 0. The two sums are one product with the constant n × n kernel (O(n²) per evaluation).
    public static func discreteIntegralEquation(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "discreteIntegralEquation: needs n ≥ 1, got \(n)")
        let h = 1 / Double(n + 1), tValues = paperIndices(n).map { $0 * h }, t = constantVector(tValues)
        // K[i, j] = (1 − tᵢ)tⱼ for j ≤ i and tᵢ(1 − tⱼ) for j > i, times h/2.
        let kernel = Tensor(shape: [n, n]) { k in
            let (i, j) = (k / n, k % n)
            return h / 2 * (j <= i ? (1 - tValues[i]) * tValues[j] : tValues[i] * (1 - tValues[j]))
        }
        return .sumOfSquares(name: "mgh29-discrete-integral-equation-n\(n)", start: boundaryStart(n), minimum: 0) { x in
            let u = x + t + 1
            return x + matmul(Variable(kernel), (u * u * u).reshaped([n, 1])).reshaped([n])
        }
    }

    /// Problem 30, Broyden tridiagonal: m = n, fᵢ = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1 with x₀ = xₙ₊₁ = 0;
    /// start (−1, …, −1); f* = 0.
    public static func broydenTridiagonal(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "broydenTridiagonal: needs n ≥ 1, got \(n)")
        return .sumOfSquares(name: "mgh30-broyden-tridiagonal-n\(n)", start: Tensor(shape: [n], repeating: -1), minimum: 0) { x in
            let (previous, next) = boundaryNeighbours(x)
            return (3 - 2 * x) * x - previous - 2 * next + 1
        }
    }

    /// Problem 31, Broyden banded: m = n, fᵢ = xᵢ(2 + 5xᵢ²) + 1 − Σⱼ∈Jᵢ xⱼ(1 + xⱼ) with
    /// Jᵢ = {j ≠ i : max(1, i − 5) ≤ j ≤ min(n, i + 1)}; start (−1, …, −1); f* = 0.
    public static func broydenBanded(dimension n: Int = 10) -> TestProblem {
        precondition(n >= 1, "broydenBanded: needs n ≥ 1, got \(n)")
        return .sumOfSquares(name: "mgh31-broyden-banded-n\(n)", start: Tensor(shape: [n], repeating: -1), minimum: 0) { x in
            // q padded with 5 zeros before and 1 after: qᵢ₋ₖ is slice 5 − k, qᵢ₊₁ is slice 6.
            let q = x * (1 + x)
            let padded = Variable.concatenate([Variable(Tensor.zeros([5])), q, Variable(Tensor.zeros([1]))])
            var band = padded.slice(6..<(n + 6))
            for k in 1...5 { band = band + padded.slice((5 - k)..<(5 - k + n)) }
            return x * (2 + 5 * x * x) + 1 - band
        }
    }

    /// Problem 32, linear function — full rank: m ≥ n, fᵢ = xᵢ − (2/m)Σⱼxⱼ − 1 (i ≤ n),
    /// fᵢ = −(2/m)Σⱼxⱼ − 1 (i > n); x₀ = (1, …, 1); f* = m − n at (−1, …, −1).
    public static func linearFullRank(dimension n: Int = 10, residualCount m: Int = 20) -> TestProblem {
        precondition(n >= 1 && m >= n, "linearFullRank: needs 1 ≤ n ≤ m, got n = \(n), m = \(m)")
        return .sumOfSquares(name: "mgh32-linear-full-rank-n\(n)-m\(m)", start: .ones([n]), minimum: Double(m - n),
                             minimizer: Tensor(shape: [n], repeating: -1)) { x in
            let common = x.sum() * (-2 / Double(m)) - 1
            return m == n ? x + common : residualStack([x + common, Variable(Tensor.ones([m - n])) * common])
        }
    }

    /// Problem 33, linear function — rank 1: m ≥ n, fᵢ = i(Σⱼ jxⱼ) − 1; x₀ = (1, …, 1);
    /// f* = m(m − 1)/(2(2m + 1)) wherever Σⱼ jxⱼ = 3/(2m + 1).
    public static func linearRankOne(dimension n: Int = 10, residualCount m: Int = 20) -> TestProblem {
        precondition(n >= 1 && m >= n, "linearRankOne: needs 1 ≤ n ≤ m, got n = \(n), m = \(m)")
        let j = constantVector(paperIndices(n)), i = constantVector(paperIndices(m))
        let fm = Double(m)
        return .sumOfSquares(name: "mgh33-linear-rank-1-n\(n)-m\(m)", start: .ones([n]),
                             minimum: fm * (fm - 1) / (2 * (2 * fm + 1))) { x in
            i * (j * x).sum() - 1
        }
    }

    /// Problem 34, linear function — rank 1 with zero columns and rows: m ≥ n ≥ 3, f₁ = fₘ = −1,
    /// fᵢ = (i − 1)(Σⱼ₌₂ⁿ⁻¹ jxⱼ) − 1 for 2 ≤ i ≤ m − 1; x₀ = (1, …, 1);
    /// f* = (m² + 3m − 6)/(2(2m − 3)) wherever Σⱼ₌₂ⁿ⁻¹ jxⱼ = 3/(2m − 3).
    public static func linearRankOneZeroColumnsAndRows(dimension n: Int = 10, residualCount m: Int = 20) -> TestProblem {
        precondition(n >= 3 && m >= n, "linearRankOneZeroColumnsAndRows: needs 3 ≤ n ≤ m, got n = \(n), m = \(m)")
        let j = constantVector(paperIndices(n - 2, from: 2)), i = constantVector(paperIndices(m - 2))
        let fm = Double(m)
        return .sumOfSquares(name: "mgh34-linear-rank-1-zero-columns-rows-n\(n)-m\(m)", start: .ones([n]),
                             minimum: (fm * fm + 3 * fm - 6) / (2 * (2 * fm - 3))) { x in
            residualStack([Variable(-1.0), i * (j * x.slice(1..<(n - 1))).sum() - 1, Variable(-1.0)])
        }
    }

    /// Problem 35, Chebyquad: m ≥ n, fᵢ = (1/n)Σⱼ Tᵢ(xⱼ) − ∫₀¹Tᵢ, Tᵢ the Chebyshev polynomial shifted to
    /// [0, 1] (Tᵢ(2x − 1)), ∫₀¹Tᵢ = −1/(i² − 1) for even i and 0 for odd i; x₀ⱼ = j/(n + 1);
    /// f* = 0 for m = n ∈ {1, …, 7, 9}, 3.51687…·10⁻³ for m = n = 8 (nil otherwise).
    public static func chebyquad(dimension n: Int = 8, residualCount m: Int? = nil) -> TestProblem {
        let m = m ?? n
        precondition(n >= 1 && m >= n, "chebyquad: needs 1 ≤ n ≤ m, got n = \(n), m = \(m)")
        let minimum: Double? = m != n ? nil : n == 8 ? MGHMinima.chebyquad8 : (n <= 7 || n == 9) ? 0 : nil
        return .sumOfSquares(name: m == n ? "mgh35-chebyquad-n\(n)" : "mgh35-chebyquad-n\(n)-m\(m)",
                             start: Tensor(paperIndices(n).map { $0 / Double(n + 1) }), minimum: minimum) { x in
            let y = 2 * x - 1
            var (previous, current) = (Variable(Tensor.ones([n])), y)
            var residuals: [Variable] = []
            for i in 1...m {
                let integral = i % 2 == 0 ? -1 / Double(i * i - 1) : 0
                residuals.append(current.mean() - integral)
                (previous, current) = (current, 2 * y * current - previous)
            }
            return residualStack(residuals)
        }
    }
}

/// The standard start of the boundary-value problems: ξⱼ = tⱼ(tⱼ − 1), tⱼ = j/(n + 1).
private func boundaryStart(_ n: Int) -> Tensor {
    Tensor(paperIndices(n).map { let t = $0 / Double(n + 1); return t * (t - 1) })
}

/// (xᵢ₋₁, xᵢ₊₁) for every i, with the boundary values x₀ = xₙ₊₁ = 0.
private func boundaryNeighbours(_ x: Variable) -> (previous: Variable, next: Variable) {
    let n = x.count
    let padded = Variable.concatenate([Variable(0.0), x, Variable(0.0)])
    return (padded.slice(0..<n), padded.slice(2..<(n + 2)))
}

/// Vectors a, b, … of one length k merged as (a₁, b₁, …, a₂, b₂, …).
private func interleaved(_ parts: [Variable]) -> Variable {
    let k = parts[0].count
    return Variable.concatenate(parts.map { $0.reshaped([k, 1]) }, axis: 1).reshaped([k * parts.count])
}
