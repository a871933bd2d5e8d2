import DescentAutodiff
import DescentCore
import Foundation

// Problems 1–7, 13 and 14 of Moré, Garbow and Hillstrom (ACM TOMS 7(1), 1981): fixed n ≤ 4, no data.

extension MoreGarbowHillstrom {
    /// Problem 1, Rosenbrock: n = m = 2, f₁ = 10(x₂ − x₁²), f₂ = 1 − x₁; x₀ = (−1.2, 1); f* = 0 at (1, 1).
    public static var rosenbrock: TestProblem {
        .sumOfSquares(name: "mgh01-rosenbrock", start: Tensor([-1.2, 1]), minimum: 0, minimizer: Tensor([1, 1])) { x in
            residualStack([10 * (x[1] - x[0] * x[0]), 1 - x[0]])
        }
    }

    /// Problem 2, Freudenstein and Roth: n = m = 2, f₁ = −13 + x₁ + ((5 − x₂)x₂ − 2)x₂,
    /// f₂ = −29 + x₁ + ((x₂ + 1)x₂ − 14)x₂; x₀ = (0.5, −2); f* = 0 at (5, 4), and a local minimum
    /// f = 48.9842… at (11.41…, −0.8968…).
    public static var freudensteinRoth: TestProblem {
        .sumOfSquares(name: "mgh02-freudenstein-roth", start: Tensor([0.5, -2]), minimum: 0, minimizer: Tensor([5, 4]),
                      localMinima: [MGHMinima.freudensteinRothLocal]) { x in
            residualStack([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])
        }
    }

    /// Problem 3, Powell badly scaled: n = m = 2, f₁ = 10⁴x₁x₂ − 1, f₂ = e^(−x₁) + e^(−x₂) − 1.0001;
    /// x₀ = (0, 1); f* = 0 at (1.098…·10⁻⁵, 9.106…).
    public static var powellBadlyScaled: TestProblem {
        .sumOfSquares(name: "mgh03-powell-badly-scaled", start: Tensor([0, 1]), minimum: 0) { x in
            residualStack([1e4 * x[0] * x[1] - 1, exp(-x[0]) + exp(-x[1]) - 1.0001])
        }
    }

    /// Problem 4, Brown badly scaled: n = 2, m = 3, f₁ = x₁ − 10⁶, f₂ = x₂ − 2·10⁻⁶, f₃ = x₁x₂ − 2;
    /// x₀ = (1, 1); f* = 0 at (10⁶, 2·10⁻⁶).
    public static var brownBadlyScaled: TestProblem {
        .sumOfSquares(name: "mgh04-brown-badly-scaled", start: Tensor([1, 1]), minimum: 0, minimizer: Tensor([1e6, 2e-6])) { x in
            residualStack([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])
        }
    }

    /// Problem 5, Beale: n = 2, m = 3, fᵢ = yᵢ − x₁(1 − x₂ⁱ) with y = (1.5, 2.25, 2.625); x₀ = (1, 1);
    /// f* = 0 at (3, 0.5).
    public static var beale: TestProblem {
        .sumOfSquares(name: "mgh05-beale", start: Tensor([1, 1]), minimum: 0, minimizer: Tensor([3, 0.5])) { x in
            let y = x[1]
            return residualStack([1.5 - x[0] * (1 - y), 2.25 - x[0] * (1 - y * y), 2.625 - x[0] * (1 - y * y * y)])
        }
    }

    /// Problem 6, Jennrich and Sampson: n = 2, fᵢ = 2 + 2i − (e^(i x₁) + e^(i x₂)), i = 1…m;
    /// x₀ = (0.3, 0.4); f* = 124.362… at x₁ = x₂ = 0.2578… for m = 10 (the paper's value; other m have
    /// other minima, so `minimum` is nil for them).
    public static func jennrichSampson(residualCount m: Int = 10) -> TestProblem {
        precondition(m >= 2, "jennrichSampson: needs m ≥ 2 residuals, got \(m)")
        let i = constantVector(paperIndices(m))
        return .sumOfSquares(name: m == 10 ? "mgh06-jennrich-sampson" : "mgh06-jennrich-sampson-m\(m)", start: Tensor([0.3, 0.4]),
                             minimum: m == 10 ? MGHMinima.jennrichSampson : nil) { x in
            2 + 2 * i - (exp(i * x[0]) + exp(i * x[1]))
        }
    }

    /// Problem 7, helical valley: n = m = 3, f₁ = 10(x₃ − 10θ(x₁, x₂)), f₂ = 10(√(x₁² + x₂²) − 1),
    /// f₃ = x₃, where 2πθ = arctan(x₂/x₁) for x₁ > 0 and arctan(x₂/x₁) + π for x₁ < 0 (undefined at
    /// x₁ = 0); x₀ = (−1, 0, 0); f* = 0 at (1, 0, 0).
    public static var helicalValley: TestProblem {
        .sumOfSquares(name: "mgh07-helical-valley", start: Tensor([-1, 0, 0]), minimum: 0, minimizer: Tensor([1, 0, 0])) { x in
            // The branch adds a constant, so its derivative is that of arctan(x₂/x₁) on both sides.
            let theta = atan(x[1] / x[0]) / (2 * Double.pi) + (x[0].scalar < 0 ? 0.5 : 0)
            return residualStack([10 * (x[2] - 10 * theta), 10 * (sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]])
        }
    }

    /// Problem 13, Powell singular: n = m = 4, f₁ = x₁ + 10x₂, f₂ = √5(x₃ − x₄), f₃ = (x₂ − 2x₃)²,
    /// f₄ = √10(x₁ − x₄)²; x₀ = (3, −1, 0, 1); f* = 0 at the origin, where the Hessian is singular.
    public static var powellSingular: TestProblem {
        var problem = extendedPowellSingular(dimension: 4)
        problem.name = "mgh13-powell-singular"
        return problem
    }

    /// Problem 14, Wood: n = 4, m = 6, f₁ = 10(x₂ − x₁²), f₂ = 1 − x₁, f₃ = √90(x₄ − x₃²), f₄ = 1 − x₃,
    /// f₅ = √10(x₂ + x₄ − 2), f₆ = (x₂ − x₄)/√10; x₀ = (−3, −1, −3, −1); f* = 0 at (1, 1, 1, 1).
    public static var wood: TestProblem {
        .sumOfSquares(name: "mgh14-wood", start: Tensor([-3, -1, -3, -1]), minimum: 0, minimizer: .ones([4])) { x in
            residualStack([10 * (x[1] - x[0] * x[0]), 1 - x[0], 90.0.squareRoot() * (x[3] - x[2] * x[2]), 1 - x[2],
                   10.0.squareRoot() * (x[1] + x[3] - 2), (x[1] - x[3]) / 10.0.squareRoot()])
        }
    }
}
