import DescentCore
import Foundation
import Testing
import _TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DescentPlot

func attr(_ element: XMLElement?, _ name: String) -> String? {
    element.flatMap { SVGInspection.attribute($0, name) }
}

@Suite("Charts")
struct ChartTests {
    /// The coordinates of every chart must be finite and within a few pixels of the canvas.
    func expectGeometryInCanvas(_ svg: SVGInspection, width: Double, height: Double,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let coordinates = try svg.allCoordinates()
        #expect(!coordinates.isEmpty, sourceLocation: sourceLocation)
        #expect(coordinates.allSatisfy { $0.isFinite && $0 >= -2 && $0 <= max(width, height) + 2 },
                "coordinates outside the canvas: \(coordinates.filter { !($0.isFinite && $0 >= -2 && $0 <= max(width, height) + 2) }.prefix(5))",
                sourceLocation: sourceLocation)
    }

    @Test func lineChartStructure() throws {
        let chart = LineChart(title: "t", xAxis: Axis("iteration"), yAxis: Axis("loss"),
                              series: [.init(name: "a", values: [3, 2, 1.5, 1]), .init(name: "b", values: [3, 1, 0.5, 0.2])])
        let svg = try SVGInspection(chart.svg())
        #expect(try svg.strokedPaths().count == 2, "one path per series")
        let texts = try svg.texts()
        for label in ["t", "iteration", "loss", "a", "b", "0.0", "0.5", "3.0"] {
            #expect(texts.contains(label), "missing text \(label) in \(texts)")
        }
        #expect(try svg.elements("clipPath").count == 1)
        try expectGeometryInCanvas(svg, width: 640, height: 400)
    }

    @Test func divergingLossCurveRendersWithGapsAndANote() throws {
        // Grows to 1e295, then ∞, then NaN (∞ − ∞), then finite again after a restart.
        var values: [Double] = (0..<60).map { (k: Int) -> Double in Foundation.pow(10.0, Double(k) * 5) }  // up to 1e295
        values += [.infinity, .nan, .nan, 1, 0.5]
        let chart = LineChart(yAxis: Axis(scale: .log10), series: [.init(name: "GD, η too large", values: values)])
        let svg = try SVGInspection(chart.svg())
        let path = try #require(attr(try svg.strokedPaths().first, "d"))
        #expect(path.filter { $0 == "M" }.count == 2, "the line breaks at the non-finite values: \(path.prefix(80))")
        #expect(try svg.texts().contains { $0.hasPrefix("3 non-finite values") })
        try expectGeometryInCanvas(svg, width: 640, height: 400)
        // Same on a linear axis, where 1e300 dominates the range.
        let linear = try SVGInspection(LineChart(series: [.init(name: "x", values: values)]).svg())
        try expectGeometryInCanvas(linear, width: 640, height: 400)
        // The extremes of Double: the range would overflow to ∞ without clamping.
        let extremes = try SVGInspection(LineChart(series: [.init(name: "x", values: [-.greatestFiniteMagnitude, 1, .greatestFiniteMagnitude])]).svg())
        try expectGeometryInCanvas(extremes, width: 640, height: 400)
        #expect(try extremes.strokedPaths().count == 1)
    }

    @Test func logAxisWithExactZerosSaysSo() throws {
        let l1 = [0.5, 0.3, 0.1, 0, 0, 0]
        let svg = try SVGInspection(LineChart(yAxis: Axis(scale: .log10), series: [.init(name: "L1", values: l1)]).svg())
        #expect(try svg.texts().contains("3 values ≤ 0 drawn at 10⁻² (bottom of the log axis)."))
        // The zeros are drawn (on the floor), so the line is unbroken.
        let path = try #require(attr(try svg.strokedPaths().first, "d"))
        #expect(path.filter { $0 == "M" }.count == 1)
        let floorY = try svg.elements("rect").first { attr($0, "stroke") != nil && attr($0, "fill") == "none" }
        let frameBottom = try #require(floorY.flatMap { e -> Double? in
            guard let y = Double(attr(e, "y")!), let h = Double(attr(e, "height")!) else { return nil }
            return y + h
        })
        let lastY = try #require(path.split(separator: " ").last.flatMap { Double($0) })
        expectClose(lastY, frameBottom, atol: 0.011, "coordinates are printed to 0.01 px")
    }

    @Test func emptyAndDegenerateSeries() throws {
        for series in [[], [LineChart.Series(name: "", values: [])], [LineChart.Series(name: "one", values: [2])],
                       [LineChart.Series(name: "nan", values: [.nan, .nan])]] {
            let svg = try SVGInspection(LineChart(series: series).svg())
            #expect(try svg.strokedPaths().isEmpty, "nothing to connect")
            try expectGeometryInCanvas(svg, width: 640, height: 400)
        }
        // An isolated finite point between gaps is a dot, not lost.
        let isolated = try SVGInspection(LineChart(series: [.init(name: "", values: [.nan, 3, .nan, 1, 2])]).svg())
        #expect(try isolated.elements("circle").count == 1 && isolated.strokedPaths().count == 1)
        // The chart title is also the SVG <title>.
        #expect(try SVGInspection(LineChart(title: "a < b", series: []).svg()).elements("title").first?.stringValue == "a < b")
        // Markers draw single points.
        let dot = try SVGInspection(LineChart(series: [.init(name: "p", x: [1], y: [1], style: .markers)]).svg())
        #expect(try dot.elements("circle").count == 2, "the point and its legend swatch")
    }

    @Test func userTextIsEscaped() throws {
        let nasty = #"<script>alert("x")</script> & 'q'"#
        let chart = LineChart(title: nasty, xAxis: Axis(nasty), yAxis: Axis(nasty), series: [.init(name: nasty, values: [1, 2])],
                              notes: [nasty])
        let text = chart.svg()
        #expect(!text.contains("<script>"))
        let svg = try SVGInspection(text)
        #expect(try svg.texts().filter { $0 == nasty }.count == 5, "title, two axis titles, legend, note round-trip")
        #expect(try svg.elements("script").isEmpty)
    }

    @Test func renderingIsDeterministic() {
        #expect(ExampleFigures.lossChart.svg() == ExampleFigures.lossChart.svg())
        #expect(ExampleFigures.rosenbrockContour.svg() == ExampleFigures.rosenbrockContour.svg())
        let a = LineChart(series: [.init(name: "a", values: [1, 2])]).svg()
        let b = LineChart(series: [.init(name: "b", values: [1, 2])]).svg()
        #expect(a != b)
    }

    @Test func lossCurvesConvenience() throws {
        let l = ExampleFigures.quadraticLosses(iterations: 50)
        let text = LineChart.lossCurves([("GD", l.gd), ("momentum", l.momentum)], logScale: true)
        let svg = try SVGInspection(text)
        #expect(try svg.strokedPaths().count == 2)
        #expect(try svg.texts().contains("10⁰"))
        // Every y tick on a log axis is a power of ten.
        let labels = try svg.texts().filter { $0.hasPrefix("10") && $0.count > 2 }
        #expect(labels.count >= 3)
    }

    @Test func scatterPlotGroupsClasses() throws {
        let points = Tensor([[0, 0], [1, 1], [2, 0], [3, 1], [.nan, 2]])
        let svg = try SVGInspection(ScatterPlot(points: points, classes: [2, 0, 2, 0, 1]).svg())
        let texts = try svg.texts()
        let legend = texts.filter { $0.hasPrefix("class") }
        #expect(legend == ["class 0", "class 1", "class 2"], "numeric class order")
        #expect(try svg.strokedPaths().isEmpty, "markers only")
        #expect(texts.contains { $0.hasPrefix("1 non-finite value") })
        let unlabelled = try SVGInspection(ScatterPlot(x: [1, 2], y: [3, 4]).svg())
        #expect(try unlabelled.elements("circle").count == 2, "two points, no legend")
    }

    @Test func barChartSignsAndLogAxis() throws {
        let eigen = [1001.6, 0.3994, -2, .nan]
        let svg = try SVGInspection(BarChart(categories: ["λ1", "λ2", "λ3", "λ4"], values: eigen).svg())
        let bars = try svg.elements("rect").filter { ["#0072B2", "#D55E00"].contains(attr($0, "fill") ?? "") }
        #expect(bars.count == 3, "NaN draws no bar")
        #expect(bars.filter { attr($0, "fill") == "#D55E00" }.count == 1, "the negative one")
        #expect(try svg.texts().contains("1e3") || svg.texts().contains("1000"))
        #expect(try svg.texts().contains("1 non-finite value (NaN/∞) not drawn; lines break there."))
        let log = try SVGInspection(BarChart(values: [100, 1, 0.01, 0], yAxis: Axis(scale: .log10)).svg())
        #expect(try log.texts().contains { $0.hasPrefix("1 value ≤ 0") })
        try expectGeometryInCanvas(log, width: 640, height: 400)
        _ = try SVGInspection(BarChart(values: []).svg())
    }

    @Test func heatmapColoursBySign() throws {
        let hessian = Tensor([[802, -400], [-400, 200]])
        let map = Heatmap(matrix: hessian)
        #expect(map.colorRange == (-802, 802))
        let svg = try SVGInspection(map.svg())
        let cells = try svg.elements("rect").filter { e in
            guard let w = attr(e, "width").flatMap(Double.init) else { return false }
            return w > 50
        }.compactMap { attr($0, "fill") }
        // The background, then 4 cells: the largest entry is the darkest red, the negatives blue.
        #expect(Array(cells.dropFirst().prefix(4)) == [Colormap.diverging.color(at: 1), Colormap.diverging.color(at: 0.5 - 400.0 / 1604),
                                           Colormap.diverging.color(at: 0.5 - 400.0 / 1604), Colormap.diverging.color(at: 0.5 + 200.0 / 1604)])
        let texts = try svg.texts()
        #expect(texts.contains("802") && texts.filter { $0 == "-400" }.count == 2)
        // Zero matrix and NaN entries stay well-defined.
        let zero = Heatmap(matrix: Tensor.zeros([3, 3]))
        #expect(zero.colorRange == (-1, 1))
        let nan = try SVGInspection(Heatmap(matrix: Tensor([[1, .nan], [0, 1]]), colormap: .sequential).svg())
        #expect(try nan.texts().contains("1 non-finite entry (NaN/∞) shown in grey."))
        _ = try SVGInspection(Heatmap(matrix: Tensor(shape: [0, 0], scalars: [])).svg())
    }

    @Test func contourPlotStructure() throws {
        let plot = ContourPlot(function: { x, y in x * x + y * y }, xRange: -1.5...1.5, yRange: -1.5...1.5, resolution: 31,
                               levels: .values([0.25, 1, 2]),
                               paths: [.init(name: "path", points: [(1, 1), (0.5, 0.2), (.nan, 0), (0.1, 0.05), (5, 5)])])
        let svg = try SVGInspection(plot.svg())
        // Three contour paths + halo and line per path.
        #expect(try svg.strokedPaths().count == 3 + 2)
        #expect(try svg.texts().contains("0.25") && svg.texts().contains("path"))
        let pathLine = attr(try svg.strokedPaths().last, "d")!
        #expect(pathLine.filter { $0 == "M" }.count == 2, "NaN iterate breaks the path")
        try expectGeometryInCanvas(svg, width: 640, height: 480)
        // The convenience, with log levels on Rosenbrock.
        let rosen = try SVGInspection(ContourPlot.withPaths(function: ExampleFigures.rosenbrock, xRange: -2...2, yRange: -1...3,
                                                            paths: [("GD", ExampleFigures.rosenbrockGD(steps: 200))], logLevels: true))
        #expect(try rosen.strokedPaths().count >= 10 + 2)
    }

    @Test func equalAspectMakesUnitsEqualOnScreen() throws {
        func clipSize(_ text: String) throws -> (Double, Double, Double) {
            let svg = try SVGInspection(text)
            let rect = try #require(try svg.elements("rect").first { $0.parent?.name == "clipPath" })
            let root = try #require(svg.document.rootElement())
            return (Double(attr(rect, "width")!)!, Double(attr(rect, "height")!)!, Double(attr(root, "height")!)!)
        }
        let wide = ContourPlot(function: { x, y in x * x + 10 * y * y }, xRange: -5...5, yRange: -2...2, resolution: 11)
        let (w, h, canvasHeight) = try clipSize(wide.svg())
        // The clip rect is the plot plus 1 px on each side; coordinates are printed to 0.01 px.
        expectClose((w - 2) / (h - 2), 10.0 / 4.0, rtol: 1e-3, "0.01-px printing of a ~400 × 160 px rectangle")
        #expect(canvasHeight < 480, "the unused band is cut from the canvas")
        var stretched = wide
        stretched.equalAspect = false
        let (w2, h2, _) = try clipSize(stretched.svg())
        #expect(abs((w2 - 2) / (h2 - 2) - 2.5) > 0.5)
    }

    @Test func contourPathFromTensors() {
        let path = ContourPlot.Path(name: "p", iterates: [Tensor([1, 2]), Tensor([3, 4])])
        #expect(path.points.map(\.x) == [1, 3] && path.points.map(\.y) == [2, 4])
    }
}

@Suite("Large inputs")
struct LargeInputTests {
    @Test func longCurvesAreThinnedNotTruncated() throws {
        // 10⁵ iterations of a slowly decaying loss: far more points than pixels.
        let n = 100_000
        let values = (0..<n).map { 1 / (1 + Double($0) / 100) }
        let clock = ContinuousClock()
        var text = ""
        let elapsed = clock.measure { text = LineChart(yAxis: Axis(scale: .log10), series: [.init(name: "loss", values: values)]).svg() }
        let svg = try SVGInspection(text)
        let d = try #require(attr(try svg.strokedPaths().first, "d"))
        let vertices = d.filter { $0 == "L" }.count + 1
        #expect(vertices < 5_000, "\(vertices) vertices for a 560-px-wide curve")
        // The curve still spans the plot: first vertex at x = the left border, last at the right.
        let numbers = d.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
        #expect(numbers.first! < numbers[numbers.count - 2])
        #expect(elapsed < .seconds(10), "debug-build rendering of 10⁵ points took \(elapsed)")
    }
}

extension LargeInputTests {
    @Test func functionUndefinedOnPartOfTheDomain() throws {
        // log x is NaN for x < 0 and −∞ at 0: the left half has no contours, and a note says why.
        let plot = ContourPlot(function: { x, y in log(x) + y * y }, xRange: -1...1, yRange: -1...1, resolution: 41,
                               levels: .linear(count: 6))
        let svg = try SVGInspection(plot.svg())
        #expect(try svg.texts().contains { $0.hasSuffix("non-finite; contours have holes there.") })
        #expect(!(try svg.strokedPaths()).isEmpty)
        #expect(plot.levelValues.allSatisfy { $0.isFinite })
    }

    @Test func largeHeatmapStaysReasonable() throws {
        let n = 120
        let m = Tensor(rows: n, columns: n) { i, j in sin(Double(i)) * cos(Double(j)) }
        let map = Heatmap(matrix: m)
        #expect(!map.showsValues, "values are only printed on small matrices")
        let text = map.svg()
        let svg = try SVGInspection(text)
        #expect(try svg.elements("rect").count >= n * n)
        #expect(text.utf8.count < 120 * 120 * 90, "about 80 bytes per cell")
    }
}
