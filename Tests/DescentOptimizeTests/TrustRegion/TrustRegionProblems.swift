import DescentAutodiff
import DescentCore
import DescentOptimize
import Foundation

/// The Moré–Garbow–Hillstrom problems that exposed the old trust-region and Newton defaults, as
/// f = Σ rᵢ(x)² with every derivative by autodiff, beside the same problems in
/// Tools/references/trust_region.py (SciPy's runs in trust_region.json).
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, ACM TOMS 7(1), 1981, problems 4, 10, 17, 18.
enum TrustRegionProblems {
    /// (name as in trust_region.json, problem, known f*).
    static var all: [(name: String, problem: TestProblem, minimum: Double)] {
        [("meyer", meyer, 87.9458551706737), ("biggs-exp6", biggsEXP6, 0), ("osborne1", osborne1, 5.46489469748e-5),
         ("brown-badly-scaled", brownBadlyScaled, 0)]
    }

    static func sumOfSquares(_ name: String, start: [Double], minimum: Double, _ residuals: @escaping (Variable) -> Variable) -> TestProblem {
        TestProblem(name: name, objective: Objective(differentiable: { x in residuals(x).squaredNorm() }),
                    start: Tensor(start), minimizer: nil, minimum: minimum)
    }

    /// Problem 10, Meyer: rᵢ = x₁exp(x₂/(tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i; f* ≈ 87.9458.
    static var meyer: TestProblem {
        let y: [Double] = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
        let t = Variable(Tensor((1...16).map { 45 + 5 * Double($0) })), data = Variable(Tensor(y))
        return sumOfSquares("meyer", start: [0.02, 4000, 250], minimum: 87.9458551706737) { x in x[0] * exp(x[1] / (t + x[2])) - data }
    }

    /// Problem 18, Biggs EXP6 (m = 13): f* = 0 at (1, 10, 1, 5, 4, 3); a local minimum 5.65565e-3.
    static var biggsEXP6: TestProblem {
        let times = (1...13).map { 0.1 * Double($0) }
        let t = Variable(Tensor(times))
        let y = Variable(Tensor(times.map { Foundation.exp(-$0) - 5 * Foundation.exp(-10 * $0) + 3 * Foundation.exp(-4 * $0) }))
        return sumOfSquares("biggs-exp6", start: [1, 2, 1, 1, 1, 1], minimum: 0) { x in
            x[2] * exp(-t * x[0]) - x[3] * exp(-t * x[1]) + x[5] * exp(-t * x[4]) - y
        }
    }

    /// Problem 17, Osborne 1: rᵢ = yᵢ − (x₁ + x₂e^(−tᵢx₄) + x₃e^(−tᵢx₅)), tᵢ = 10(i − 1); f* ≈ 5.46489e-5.
    static var osborne1: TestProblem {
        let y: [Double] = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                           0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                           0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
        let t = Variable(Tensor((0..<33).map { 10 * Double($0) })), data = Variable(Tensor(y))
        return sumOfSquares("osborne1", start: [0.5, 1.5, -1, 0.01, 0.02], minimum: 5.46489469748e-5) { x in
            data - (x[0] + x[1] * exp(-t * x[3]) + x[2] * exp(-t * x[4]))
        }
    }

    /// Problem 4, Brown badly scaled: r = (x₁ − 10⁶, x₂ − 2·10⁻⁶, x₁x₂ − 2); f* = 0 at (10⁶, 2·10⁻⁶).
    static var brownBadlyScaled: TestProblem {
        sumOfSquares("brown-badly-scaled", start: [1, 1], minimum: 0) { x in
            Variable.concatenate([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])
        }
    }
}
