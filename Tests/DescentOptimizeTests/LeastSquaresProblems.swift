import DescentCore
import DescentOptimize
import Foundation

/// Moré–Garbow–Hillstrom least-squares problems with hand-written Jacobians, the same definitions as
/// Tools/references/least_squares_bounds.py (which runs MINPACK on them through SciPy).
///
/// Reference: J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization
/// software", ACM TOMS 7(1), 1981 (problems 1, 2, 6, 10, 12, 16, 17).
enum LeastSquaresProblems {
    struct Problem: Sendable {
        let name: String
        let start: [Double]
        let residuals: @Sendable ([Double]) -> [Double]
        let jacobian: @Sendable ([Double]) -> [[Double]]

        var objective: LeastSquaresObjective {
            LeastSquaresObjective(residuals: { x in Tensor(residuals(x.scalars)) },
                                  jacobian: { x in Tensor(jacobian(x.scalars)) })
        }
    }

    static let meyerY: [Double] = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147,
                                   4427, 3820, 3307, 2872]
    static let osborneY: [Double] = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751,
                                     0.718, 0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490,
                                     0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]

    static let all: [Problem] = [
        Problem(name: "rosenbrock", start: [-1.2, 1],
                residuals: { x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] },
                jacobian: { x in [[-20 * x[0], 10], [-1, 0]] }),
        Problem(name: "meyer", start: [0.02, 4000, 250],
                residuals: { x in (1...16).map { i in
                    let t = 45 + 5 * Double(i)
                    return x[0] * exp(x[1] / (t + x[2])) - meyerY[i - 1] } },
                jacobian: { x in (1...16).map { i in
                    let t = 45 + 5 * Double(i), e = exp(x[1] / (t + x[2]))
                    return [e, x[0] * e / (t + x[2]), -x[0] * x[1] * e / ((t + x[2]) * (t + x[2]))] } }),
        Problem(name: "osborne1", start: [0.5, 1.5, -1, 0.01, 0.02],
                residuals: { x in (0..<33).map { i in
                    let t = 10 * Double(i)
                    return osborneY[i] - (x[0] + x[1] * exp(-t * x[3]) + x[2] * exp(-t * x[4])) } },
                jacobian: { x in (0..<33).map { i in
                    let t = 10 * Double(i), e4 = exp(-t * x[3]), e5 = exp(-t * x[4])
                    return [-1, -e4, -e5, t * x[1] * e4, t * x[2] * e5] } }),
        Problem(name: "brown_dennis", start: [25, 5, -5, -1],
                residuals: { x in (1...20).map { i in
                    let t = Double(i) / 5
                    let a = x[0] + t * x[1] - exp(t), b = x[2] + x[3] * sin(t) - cos(t)
                    return a * a + b * b } },
                jacobian: { x in (1...20).map { i in
                    let t = Double(i) / 5
                    let a = x[0] + t * x[1] - exp(t), b = x[2] + x[3] * sin(t) - cos(t)
                    return [2 * a, 2 * a * t, 2 * b, 2 * b * sin(t)] } }),
        Problem(name: "freudenstein_roth", start: [0.5, -2],
                residuals: { x in [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]] },
                jacobian: { x in [[1, 10 * x[1] - 3 * x[1] * x[1] - 2], [1, 3 * x[1] * x[1] + 2 * x[1] - 14]] }),
        Problem(name: "box3d", start: [0, 10, 20],
                residuals: { x in (1...10).map { i in
                    let t = 0.1 * Double(i)
                    return exp(-t * x[0]) - exp(-t * x[1]) - x[2] * (exp(-t) - exp(-10 * t)) } },
                jacobian: { x in (1...10).map { i in
                    let t = 0.1 * Double(i)
                    return [-t * exp(-t * x[0]), t * exp(-t * x[1]), -(exp(-t) - exp(-10 * t))] } }),
        Problem(name: "jennrich_sampson", start: [0.3, 0.4],
                residuals: { x in (1...10).map { i in
                    let s = Double(i)
                    return 2 + 2 * s - (exp(s * x[0]) + exp(s * x[1])) } },
                jacobian: { x in (1...10).map { i in
                    let s = Double(i)
                    return [-s * exp(s * x[0]), -s * exp(s * x[1])] } }),
    ]

    static func named(_ name: String) -> Problem { all.first { $0.name == name }! }
}
