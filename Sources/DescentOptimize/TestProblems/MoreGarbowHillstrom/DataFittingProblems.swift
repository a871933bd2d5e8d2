import DescentAutodiff
import DescentCore
import Foundation

// Problems 8–12 and 15–20 of Moré, Garbow and Hillstrom (ACM TOMS 7(1), 1981): model fits to the
// paper's data (yᵢ at tᵢ), fᵢ = model − data or data − model as printed there.

extension MoreGarbowHillstrom {
    /// Problem 8, Bard: n = 3, m = 15, fᵢ = yᵢ − (x₁ + uᵢ/(vᵢx₂ + wᵢx₃)), uᵢ = i, vᵢ = 16 − i,
    /// wᵢ = min(uᵢ, vᵢ); x₀ = (1, 1, 1); f* = 8.21487…·10⁻³, and f = 17.4286… at (0.8406…, −∞, −∞).
    public static var bard: TestProblem {
        let y: [Double] = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
        let u = paperIndices(15), v = u.map { 16 - $0 }, w = zip(u, v).map { min($0, $1) }
        let (data, uc, vc, wc) = (constantVector(y), constantVector(u), constantVector(v), constantVector(w))
        return .sumOfSquares(name: "mgh08-bard", start: .ones([3]), minimum: MGHMinima.bard, localMinima: [MGHMinima.bardAtInfinity]) { x in
            data - (x[0] + uc / (vc * x[1] + wc * x[2]))
        }
    }

    /// Problem 9, Gaussian: n = 3, m = 15, fᵢ = x₁ exp(−x₂(tᵢ − x₃)²/2) − yᵢ, tᵢ = (8 − i)/2;
    /// x₀ = (0.4, 1, 0); f* = 1.12793…·10⁻⁸.
    public static var gaussian: TestProblem {
        let y: [Double] = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
                           0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
        let t = constantVector(paperIndices(15).map { (8 - $0) / 2 }), data = constantVector(y)
        return .sumOfSquares(name: "mgh09-gaussian", start: Tensor([0.4, 1, 0]), minimum: MGHMinima.gaussian) { x in
            let d = t - x[2]
            return x[0] * exp(-x[1] * d * d / 2) - data
        }
    }

    /// Problem 10, Meyer: n = 3, m = 16, fᵢ = x₁ exp(x₂/(tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i;
    /// x₀ = (0.02, 4000, 250); f* = 87.9458… (x* ≈ (0.0056, 6181, 345): badly scaled).
    public static var meyer: TestProblem {
        let y: [Double] = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427,
                           3820, 3307, 2872]
        let t = constantVector(paperIndices(16).map { 45 + 5 * $0 }), data = constantVector(y)
        return .sumOfSquares(name: "mgh10-meyer", start: Tensor([0.02, 4000, 250]), minimum: MGHMinima.meyer) { x in
            x[0] * exp(x[1] / (t + x[2])) - data
        }
    }

    /// Problem 11, Gulf research and development: n = 3, fᵢ = exp(−|yᵢ − x₂|^x₃/x₁) − tᵢ with
    /// tᵢ = i/100, yᵢ = 25 + (−50 log tᵢ)^(2/3), i = 1…m (3 ≤ m ≤ 100; default 99, which keeps
    /// |yᵢ − x₂| away from 0 at x*); x₀ = (5, 2.5, 0.15); f* = 0 at (50, 25, 1.5).
    public static func gulfResearchAndDevelopment(residualCount m: Int = 99) -> TestProblem {
        precondition((3...100).contains(m), "gulfResearchAndDevelopment: needs 3 ≤ m ≤ 100, got \(m)")
        let tValues = paperIndices(m).map { $0 / 100 }
        let t = constantVector(tValues), y = constantVector(tValues.map { 25 + Foundation.pow(-50 * Foundation.log($0), 2.0 / 3) })
        return .sumOfSquares(name: m == 99 ? "mgh11-gulf" : "mgh11-gulf-m\(m)", start: Tensor([5, 2.5, 0.15]), minimum: 0,
                             minimizer: Tensor([50, 25, 1.5])) { x in
            exp(-pow(abs(y - x[1]), x[2]) / x[0]) - t
        }
    }

    /// Problem 12, Box three-dimensional: n = 3, fᵢ = e^(−tᵢx₁) − e^(−tᵢx₂) − x₃(e^(−tᵢ) − e^(−10tᵢ)),
    /// tᵢ = 0.1i, i = 1…m (m ≥ 3, default 10); x₀ = (0, 10, 20); f* = 0 at (1, 10, 1), (10, 1, −1)
    /// and on the line x₁ = x₂, x₃ = 0.
    public static func box3D(residualCount m: Int = 10) -> TestProblem {
        precondition(m >= 3, "box3D: needs m ≥ 3, got \(m)")
        let tValues = paperIndices(m).map { 0.1 * $0 }
        let t = constantVector(tValues), c = constantVector(tValues.map { Foundation.exp(-$0) - Foundation.exp(-10 * $0) })
        return .sumOfSquares(name: m == 10 ? "mgh12-box-3d" : "mgh12-box-3d-m\(m)", start: Tensor([0, 10, 20]), minimum: 0) { x in
            exp(-t * x[0]) - exp(-t * x[1]) - x[2] * c
        }
    }

    /// Problem 15, Kowalik and Osborne: n = 4, m = 11, fᵢ = yᵢ − x₁(uᵢ² + uᵢx₂)/(uᵢ² + uᵢx₃ + x₄);
    /// x₀ = (0.25, 0.39, 0.415, 0.39); f* = 3.07505…·10⁻⁴, and f = 1.02734…·10⁻³ at (+∞, −14.07…, −∞, −∞).
    public static var kowalikOsborne: TestProblem {
        let y: [Double] = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
        let u: [Double] = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
        let data = constantVector(y), uc = constantVector(u), u2 = constantVector(u.map { $0 * $0 })
        return .sumOfSquares(name: "mgh15-kowalik-osborne", start: Tensor([0.25, 0.39, 0.415, 0.39]), minimum: MGHMinima.kowalikOsborne,
                             localMinima: [MGHMinima.kowalikOsborneAtInfinity]) { x in
            data - x[0] * (u2 + uc * x[1]) / (u2 + uc * x[2] + x[3])
        }
    }

    /// Problem 16, Brown and Dennis: n = 4, fᵢ = (x₁ + tᵢx₂ − e^(tᵢ))² + (x₃ + x₄ sin tᵢ − cos tᵢ)²,
    /// tᵢ = i/5, i = 1…m (default 20); x₀ = (25, 5, −5, −1); f* = 85822.2… for m = 20 (nil for other m).
    public static func brownDennis(residualCount m: Int = 20) -> TestProblem {
        precondition(m >= 4, "brownDennis: needs m ≥ 4, got \(m)")
        let tValues = paperIndices(m).map { $0 / 5 }
        let t = constantVector(tValues), e = constantVector(tValues.map { Foundation.exp($0) })
        let s = constantVector(tValues.map { Foundation.sin($0) }), c = constantVector(tValues.map { Foundation.cos($0) })
        return .sumOfSquares(name: m == 20 ? "mgh16-brown-dennis" : "mgh16-brown-dennis-m\(m)", start: Tensor([25, 5, -5, -1]),
                             minimum: m == 20 ? MGHMinima.brownDennis : nil) { x in
            let a = x[0] + t * x[1] - e, b = x[2] + x[3] * s - c
            return a * a + b * b
        }
    }

    /// Problem 17, Osborne 1: n = 5, m = 33, fᵢ = yᵢ − (x₁ + x₂e^(−tᵢx₄) + x₃e^(−tᵢx₅)), tᵢ = 10(i − 1);
    /// x₀ = (0.5, 1.5, −1, 0.01, 0.02); f* = 5.46489…·10⁻⁵.
    public static var osborne1: TestProblem {
        let y: [Double] = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                           0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                           0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
        let t = constantVector(paperIndices(33, from: 0).map { 10 * $0 }), data = constantVector(y)
        return .sumOfSquares(name: "mgh17-osborne-1", start: Tensor([0.5, 1.5, -1, 0.01, 0.02]), minimum: MGHMinima.osborne1) { x in
            data - (x[0] + x[1] * exp(-t * x[3]) + x[2] * exp(-t * x[4]))
        }
    }

    /// Problem 18, Biggs EXP6: n = 6, fᵢ = x₃e^(−tᵢx₁) − x₄e^(−tᵢx₂) + x₆e^(−tᵢx₅) − yᵢ, tᵢ = 0.1i,
    /// yᵢ = e^(−tᵢ) − 5e^(−10tᵢ) + 3e^(−4tᵢ), i = 1…m (m ≥ 6, default 13); x₀ = (1, 2, 1, 1, 1, 1);
    /// f* = 0 at (1, 10, 1, 5, 4, 3), and a local minimum f = 5.65565…·10⁻³ for m = 13.
    public static func biggsEXP6(residualCount m: Int = 13) -> TestProblem {
        precondition(m >= 6, "biggsEXP6: needs m ≥ 6, got \(m)")
        let tValues = paperIndices(m).map { 0.1 * $0 }
        let t = constantVector(tValues)
        let y = constantVector(tValues.map { Foundation.exp(-$0) - 5 * Foundation.exp(-10 * $0) + 3 * Foundation.exp(-4 * $0) })
        return .sumOfSquares(name: m == 13 ? "mgh18-biggs-exp6" : "mgh18-biggs-exp6-m\(m)", start: Tensor([1, 2, 1, 1, 1, 1]),
                             minimum: 0, localMinima: m == 13 ? [MGHMinima.biggsEXP6Local] : []) { x in
            x[2] * exp(-t * x[0]) - x[3] * exp(-t * x[1]) + x[5] * exp(-t * x[4]) - y
        }
    }

    /// Problem 19, Osborne 2: n = 11, m = 65, fᵢ = yᵢ − (x₁e^(−tᵢx₅) + x₂e^(−(tᵢ−x₉)²x₆) + x₃e^(−(tᵢ−x₁₀)²x₇)
    /// + x₄e^(−(tᵢ−x₁₁)²x₈)), tᵢ = (i − 1)/10; x₀ = (1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5);
    /// f* = 4.01377…·10⁻².
    public static var osborne2: TestProblem {
        let y: [Double] = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
                           0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
                           0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
                           0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
                           0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054]
        let t = constantVector(paperIndices(65, from: 0).map { $0 / 10 }), data = constantVector(y)
        return .sumOfSquares(name: "mgh19-osborne-2", start: Tensor([1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5]),
                             minimum: MGHMinima.osborne2) { x in
            func bump(_ height: Int, _ width: Int, _ center: Int) -> Variable {
                let d = t - x[center]
                return x[height] * exp(-(d * d) * x[width])
            }
            return data - (x[0] * exp(-t * x[4]) + bump(1, 5, 8) + bump(2, 6, 9) + bump(3, 7, 10))
        }
    }

    /// Problem 20, Watson: 2 ≤ n ≤ 31, m = 31, fᵢ = Σⱼ₌₂ⁿ (j − 1)xⱼtᵢ^(j−2) − (Σⱼ₌₁ⁿ xⱼtᵢ^(j−1))² − 1 with
    /// tᵢ = i/29 (i = 1…29), f₃₀ = x₁, f₃₁ = x₂ − x₁² − 1; x₀ = 0; f* = 2.28767…·10⁻³ for n = 6 (the
    /// default; nil for other n).
    public static func watson(dimension n: Int = 6) -> TestProblem {
        precondition((2...31).contains(n), "watson: needs 2 ≤ n ≤ 31, got \(n)")
        // V[i, j] = tᵢʲ and D[i, j] = j·tᵢ^(j−1): the polynomial Σ xⱼ t^(j−1) and its t-derivative as products.
        let values = Tensor(shape: [29, n]) { k in Foundation.pow(Double(k / n + 1) / 29, Double(k % n)) }
        let slopes = Tensor(shape: [29, n]) { k in
            let (i, j) = (k / n, k % n)
            return j == 0 ? 0 : Double(j) * Foundation.pow(Double(i + 1) / 29, Double(j - 1))
        }
        let minimum: Double? = n == 6 ? MGHMinima.watson6 : nil
        return .sumOfSquares(name: n == 6 ? "mgh20-watson" : "mgh20-watson-n\(n)", start: .zeros([n]), minimum: minimum) { x in
            let column = x.reshaped([n, 1])
            let p = matmul(Variable(values), column).reshaped([29]), dp = matmul(Variable(slopes), column).reshaped([29])
            return residualStack([dp - p * p - 1, x[0], x[1] - x[0] * x[0] - 1])
        }
    }
}
