import DescentCore
import Foundation
@testable import DescentPlot

/// Real teaching figures computed in closed form or by a few lines of iteration, shared by the tests
/// (which check their structure) and written to a temporary folder for looking at.
enum ExampleFigures {
    /// Gradient descent and heavy-ball momentum on f(w) = ½ wᵀ diag(1, 25) w from (1, 1):
    /// GD with η = 1/L converges at rate 1 − 1/κ; momentum with Polyak's tuned η, β at (√κ − 1)/(√κ + 1).
    static func quadraticLosses(iterations: Int = 120) -> (gd: [Double], momentum: [Double], divergent: [Double]) {
        let h = [1.0, 25.0]
        func loss(_ w: [Double]) -> Double { 0.5 * (h[0] * w[0] * w[0] + h[1] * w[1] * w[1]) }
        func run(eta: Double, beta: Double) -> [Double] {
            var w = [1.0, 1.0], v = [0.0, 0.0]
            var out = [loss(w)]
            for _ in 0..<iterations {
                for k in 0..<2 {
                    v[k] = beta * v[k] - eta * h[k] * w[k]
                    w[k] += v[k]
                }
                out.append(loss(w))
            }
            return out
        }
        let kappa = 25.0
        let polyakEta = 4 / pow(sqrt(h[1]) + sqrt(h[0]), 2)
        let polyakBeta = pow((sqrt(kappa) - 1) / (sqrt(kappa) + 1), 2)
        // η = 0.09 > 2/λmax = 0.08: the stiff direction grows by |1 − 25η| = 1.25 per step until overflow.
        var divergent = run(eta: 0.09, beta: 0)
        divergent = divergent.map { $0.isFinite ? $0 : .infinity }
        return (run(eta: 1 / 25, beta: 0), run(eta: polyakEta, beta: polyakBeta), divergent)
    }

    /// SCOPE's L1 vs L2 example: w = 0.5, η = 0.1, λ = 0.1, zero data gradient. L1's proximal step
    /// subtracts ηλ = 0.01 until exactly 0 (step 50); L2 multiplies by 1 − 2ηλ = 0.98.
    static func l1VersusL2(steps: Int = 80) -> (l1: [Double], l2: [Double]) {
        var l1 = [0.5], l2 = [0.5]
        for _ in 0..<steps {
            let w = l1.last!
            l1.append(copysign(max(abs(w) - 0.01, 0), w))
            l2.append(l2.last! * 0.98)
        }
        return (l1, l2)
    }

    static func rosenbrock(_ x: Double, _ y: Double) -> Double { 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x) }

    /// Gradient descent with a fixed step on Rosenbrock from (−1.5, 2): the classic slow crawl along the valley.
    static func rosenbrockGD(steps: Int = 2000, eta: Double = 1e-3) -> [(x: Double, y: Double)] {
        var p = (x: -1.5, y: 2.0)
        var out = [p]
        for _ in 0..<steps {
            let gx = -400 * p.x * (p.y - p.x * p.x) - 2 * (1 - p.x), gy = 200 * (p.y - p.x * p.x)
            p = (p.x - eta * gx, p.y - eta * gy)
            out.append(p)
        }
        return out
    }

    static var lossChart: LineChart {
        let l = quadraticLosses()
        return LineChart(title: "Gradient descent vs momentum on a quadratic (κ = 25)", xAxis: Axis("iteration"),
                         yAxis: Axis("loss f(w)", scale: .log10),
                         series: [.init(name: "GD, η = 1/L", values: l.gd), .init(name: "heavy ball (Polyak)", values: l.momentum),
                                  .init(name: "GD, η = 0.09 > 2/L", values: l.divergent)])
    }

    static var regularizationChart: LineChart {
        let r = l1VersusL2()
        return LineChart(title: "L1 reaches exactly 0, L2 only shrinks", xAxis: Axis("step"),
                         yAxis: Axis("|w|", scale: .log10),
                         series: [.init(name: "L1 (proximal)", values: r.l1, style: .lineAndMarkers),
                                  .init(name: "L2", values: r.l2, style: .lineAndMarkers)])
    }

    static var rosenbrockContour: ContourPlot {
        ContourPlot(title: "Rosenbrock: gradient descent, η = 10⁻³", function: rosenbrock, xRange: -2...2, yRange: -1...3,
                    levels: .logarithmic(count: 14), paths: [.init(name: "GD (2000 steps)", points: rosenbrockGD())])
    }

    /// Writes every example to `<tmp>/descent-plot-examples` and returns the folder.
    @discardableResult
    static func writeAll(extra: [(String, String)] = []) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-plot-examples")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [(String, String)] = [("loss.svg", lossChart.svg()), ("l1l2.svg", regularizationChart.svg()),
                                         ("rosenbrock.svg", rosenbrockContour.svg())] + extra
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
