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

    /// The L1 vs L2 worked example: w = 0.5, η = 0.1, λ = 0.1, zero data gradient. L1's proximal step
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

    static var pcaScatter: ScatterPlot {
        // Three Gaussian blobs, deterministic.
        var rng = SeededGenerator(seed: 7)
        var points: [[Double]] = [], classes: [Int] = []
        for (k, centre) in [(-2.0, 0.0), (2.0, 1.0), (0.0, 3.0)].enumerated() {
            for _ in 0..<40 {
                points.append([centre.0 + 0.7 * rng.nextNormal(), centre.1 + 0.7 * rng.nextNormal()])
                classes.append(k)
            }
        }
        return ScatterPlot(title: "First two principal components", xAxis: Axis("PC 1"), yAxis: Axis("PC 2"),
                           points: Tensor(points), classes: classes)
    }

    static var spectrum: BarChart {
        BarChart(title: "Explained variance ratio", categories: ["PC1", "PC2", "PC3", "PC4", "PC5", "PC6"],
                 values: [0.52, 0.23, 0.12, 0.07, 0.04, 0.02], xTitle: "component", yAxis: Axis("fraction of variance"))
    }

    /// Eigenvalues of a 60 × 60 Hilbert-like spectrum: decaying over 15 decades, on a log axis.
    static var logSpectrum: BarChart {
        BarChart(title: "Eigenvalue spectrum", values: (0..<60).map { k in k == 59 ? 0 : 2 * pow(10, -Double(k) / 4) },
                 xTitle: "index", yAxis: Axis("λ", scale: .log10))
    }

    /// Two paths on an elongated quadratic: GD zig-zags, momentum overshoots and spirals in.
    static var quadraticPaths: ContourPlot {
        func run(eta: Double, beta: Double) -> [(x: Double, y: Double)] {
            var w = (x: -4.0, y: 1.5), v = (x: 0.0, y: 0.0)
            var out = [w]
            for _ in 0..<40 {
                v = (beta * v.x - eta * 1 * w.x, beta * v.y - eta * 10 * w.y)
                w = (w.x + v.x, w.y + v.y)
                out.append(w)
            }
            return out
        }
        return ContourPlot(title: "f(x, y) = (x² + 10 y²)/2", function: { x, y in 0.5 * (x * x + 10 * y * y) },
                           xRange: -5...5, yRange: -2...2, levels: .linear(count: 10),
                           paths: [.init(name: "GD, η = 0.18", points: run(eta: 0.18, beta: 0)),
                                   .init(name: "momentum, β = 0.5", points: run(eta: 0.1, beta: 0.5))])
    }

    static var hessianHeatmap: Heatmap {
        Heatmap(title: "Rosenbrock Hessian at (1, 1)", matrix: Tensor([[802, -400], [-400, 200]]),
                rowLabels: ["x", "y"], columnLabels: ["x", "y"])
    }

    static var correlationHeatmap: Heatmap {
        Heatmap(title: "Correlation", matrix: Tensor(rows: 8, columns: 8) { i, j in i == j ? 1 : cos(Double(i * j + i + j)) * 0.8 },
                range: -1...1)
    }

    static var report: HTMLReport {
        var report = HTMLReport(title: "Descent: seeing the concepts")
        report.addSection("Gradient descent vs momentum")
        report.addParagraph("On a quadratic with condition number κ = 25, heavy-ball momentum converges at (√κ − 1)/(√κ + 1) per step instead of 1 − 1/κ; a step above 2/λmax diverges.")
        report.addFigure(lossChart, caption: "Loss per iteration (log scale). The divergent run ends at ∞.")
        report.addSection("Rosenbrock")
        report.addFigure(rosenbrockContour, caption: "Fixed-step gradient descent crawls along the curved valley.")
        report.addFigure(hessianHeatmap, caption: "Hessian at the minimum: κ ≈ 2508.")
        report.addTable(header: ["eigenvalue", "value"], rows: [["λ1", 1001.6006], ["λ2", 0.39936]])
        report.addPreformatted("H = [[802, -400],\n     [-400, 200]]")
        return report
    }

    /// Nine optimizers' loss curves: the palette cycles and markers change shape after eight.
    static var manySeries: LineChart {
        let names = ["SGD", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW", "Lion", "a much longer name (λ = 10⁻³)"]
        return LineChart(title: "Many series", xAxis: Axis("step"), yAxis: Axis("loss", scale: .log10),
                         series: names.enumerated().map { k, name in
                             .init(name: name, values: (0..<50).map { t in exp(-Double(t) * Double(k + 1) / 20) + 1e-3 },
                                   style: k == 8 ? .lineAndMarkers : .line)
                         })
    }

    /// Writes every example to `<tmp>/descent-plot-examples` and returns the folder.
    @discardableResult
    static func writeAll(extra: [(String, String)] = []) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-plot-examples")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [(String, String)] = [("loss.svg", lossChart.svg()), ("l1l2.svg", regularizationChart.svg()),
                                         ("rosenbrock.svg", rosenbrockContour.svg()),
                                         ("scatter.svg", pcaScatter.svg()), ("bars.svg", spectrum.svg()),
                                         ("hessian.svg", hessianHeatmap.svg()), ("spectrum.svg", logSpectrum.svg()),
                                         ("paths.svg", quadraticPaths.svg()), ("many.svg", manySeries.svg()), ("correlation.svg", correlationHeatmap.svg()),
                                         ("report.html", report.html())] + extra
        for (name, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}
