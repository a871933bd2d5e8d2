import _TestSupport
import DescentCore
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DescentPlot

/// Property-style checks: every chart type, fed extreme but legitimate data, renders without trapping
/// into well-formed SVG whose coordinates are finite and on the canvas. These inputs used to trap in
/// `NiceTicks` (an empty range after lo ± 0.5 rounding at 1e16, hi − lo = ∞ at ±1e308, a clamped
/// hi below an unclamped lo at 2e300) or in the log axis (10³⁰⁹ = ∞, 10⁻³²⁴ = 0).
@Suite("Charts on extreme data")
struct ExtremeInputTests {
    /// The data sets, each named for the failure it probes.
    static let datasets: [(name: String, values: [Double])] = [
        ("±1e308: hi − lo overflows", [1e308, -1e308]),
        ("greatest finite magnitude", [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0]),
        ("constant 1e16: ±0.5 is absorbed", [1e16, 1e16]),
        ("constant -1e16", [-1e16, -1e16, -1e16]),
        ("beyond the 1e300 clamp on one side", [2e300, 3e300]),
        ("beyond the clamp on the other side", [-3e300, -2e300]),
        ("constant near the largest double", [1.7e308, 1.7e308]),
        ("subnormals", [Subnormal.smallest, Subnormal.e310]),
        ("constant subnormal", [Subnormal.smallest, Subnormal.smallest]),
        ("zero and the smallest subnormal", [0, Subnormal.smallest]),
        ("one ulp apart", [1, 1 + .ulpOfOne]),
        ("a single value", [42]),
        ("a single zero", [0]),
        ("all NaN", [.nan, .nan]),
        ("infinities and one finite value", [.infinity, -.infinity, 1]),
        ("empty", []),
    ]

    static let names = datasets.map(\.name)

    static func values(_ name: String) -> [Double] {
        datasets.first { $0.name == name }!.values
    }

    /// Parses the SVG (failing on malformed XML) and checks that every coordinate is finite and (when
    /// `onCanvas`) within a few pixels of the canvas declared on the root element. `labelsFinite`:
    /// no text prints NaN or ∞ (heatmap cells print their value, NaN included, by design).
    func expectWellFormed(_ svg: String, _ what: String, onCanvas: Bool = true, labelsFinite: Bool = true,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let inspection = try SVGInspection(svg)
        let root = try #require(try inspection.elements("svg").first, sourceLocation: sourceLocation)
        let width = try #require(attr(root, "width").flatMap(Double.init), sourceLocation: sourceLocation)
        let height = try #require(attr(root, "height").flatMap(Double.init), sourceLocation: sourceLocation)
        let outside = try inspection.allCoordinates().filter {
            !($0.isFinite && (!onCanvas || ($0 >= -2 && $0 <= Swift.max(width, height) + 2)))
        }
        #expect(outside.isEmpty, "\(what): coordinates off the canvas: \(outside.prefix(5))", sourceLocation: sourceLocation)
        // Labels must not print a non-finite tick or value (notes may mention "NaN/∞" by design).
        guard labelsFinite else { return }
        let printed = try inspection.texts().map { $0.lowercased().replacingOccurrences(of: "nan/∞", with: "") }
        #expect(!printed.contains { $0.contains("nan") || $0.contains("inf") }, "\(what): NaN/∞ printed in \(printed)",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: names)
    func lineChartsOnLinearAndLogAxes(_ name: String) throws {
        let v = ExtremeInputTests.values(name)
        for scale in [AxisScale.linear, .log10] {
            let chart = LineChart(yAxis: Axis(scale: scale), series: [.init(name: "a", values: v, style: .lineAndMarkers)])
            try expectWellFormed(chart.svg(), "\(name), \(scale) y")
            // The same values as x coordinates exercise the x axis.
            let xy = LineChart(xAxis: Axis(scale: scale), series: [.init(name: "b", x: v, y: v.indices.map(Double.init))])
            try expectWellFormed(xy.svg(), "\(name), \(scale) x")
        }
    }

    @Test(arguments: names)
    func scatterPlots(_ name: String) throws {
        let v = ExtremeInputTests.values(name)
        let plot = ScatterPlot(x: v, y: v.reversed(), labels: v.indices.map { "class \($0 % 2)" })
        try expectWellFormed(plot.svg(), name)
    }

    @Test(arguments: names)
    func barCharts(_ name: String) throws {
        let v = ExtremeInputTests.values(name)
        try expectWellFormed(BarChart(values: v).svg(), "\(name), linear")
        try expectWellFormed(BarChart(values: v, yAxis: Axis(scale: .log10)).svg(), "\(name), log")
    }

    @Test(arguments: names)
    func heatmaps(_ name: String) throws {
        let v = ExtremeInputTests.values(name)
        let matrix = Tensor(shape: [1, v.count], scalars: v)
        for colormap in [Colormap.diverging, .sequential] {
            let map = Heatmap(matrix: matrix, colormap: colormap)
            let range = map.colorRange
            #expect(range.lower < range.upper && (range.upper - range.lower).isFinite, "\(name): \(range)")
            try expectWellFormed(map.svg(), "\(name), \(colormap)", labelsFinite: false)
        }
    }

    /// The reviewer's exact reproductions.
    @Test func reportedHeatmapAndLineChartTraps() throws {
        let constant = Heatmap(matrix: Tensor(shape: [2, 2], repeating: 1e16), colormap: .sequential)
        #expect(constant.colorRange.lower < 1e16 && constant.colorRange.upper > 1e16)
        try expectWellFormed(constant.svg(), "constant 1e16 heatmap")
        try expectWellFormed(Heatmap(matrix: [[1e308, -1e308]]).svg(), "±1e308 heatmap")
        try expectWellFormed(LineChart(series: [.init(name: "a", values: [2e300, 3e300])]).svg(), "2e300…3e300 line chart")
    }

    @Test(arguments: names)
    func contourPlotsOfExtremeGrids(_ name: String) throws {
        let v = ExtremeInputTests.values(name)
        guard !v.isEmpty else { return }
        // A 2 × 2 grid cycling through the values, over a range made of them where that is a valid range.
        let grid = Tensor(shape: [2, 2]) { i in v[i % v.count] }
        let finite = v.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        let range = lo < hi ? lo...hi : -1...1
        for levels in [ContourLevels.linear(count: 12), .logarithmic(count: 14)] {
            let plot = ContourPlot(grid: grid, xRange: range, yRange: range, levels: levels,
                                   paths: [.init(name: "p", points: zip(v, v.reversed()).map { (x: $0, y: $1) })])
            // Contour lines beyond the axes stay in the document but inside the plot's clip path.
            try expectWellFormed(plot.svg(), "\(name), \(levels)", onCanvas: false)
        }
    }

    @Test func fixedAxisRangesAtTheExtremes() throws {
        let ranges: [ClosedRange<Double>] = [-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude,
                                             -Double.infinity...Double.infinity, 1e16...(1e16 + 2), 0...Subnormal.smallest,
                                             2e300...3e300]
        for range in ranges {
            let chart = LineChart(xAxis: Axis(range: range), yAxis: Axis(range: range), series: [.init(name: "a", values: [1, 2])])
            try expectWellFormed(chart.svg(), "fixed range \(range)")
        }
        for range in [Subnormal.smallest...1e-300, Subnormal.e310...Double.infinity, 1...Double.greatestFiniteMagnitude] {
            let chart = LineChart(yAxis: Axis(scale: .log10, range: range), series: [.init(name: "a", values: [1, 2])])
            try expectWellFormed(chart.svg(), "fixed log range \(range)")
        }
    }

    @Test func chartRowOfExtremeCharts() throws {
        let row = ChartRow([LineChart(series: [.init(name: "a", values: [1e308, -1e308])]),
                            Heatmap(matrix: Tensor(shape: [2, 2], repeating: 1e16), colormap: .sequential),
                            BarChart(values: [Subnormal.smallest, Subnormal.smallest], yAxis: Axis(scale: .log10))])
        // The row's white background is sized "100%", which is not a coordinate.
        try expectWellFormed(row.svg().replacingOccurrences(of: "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", with: ""),
                             "row")
    }

    /// `displayRange`, the shared mechanism, directly: always finite, non-empty, and the identity on
    /// ordinary ranges.
    @Test func displayRangeIsFiniteNonEmptyAndIdentityOnOrdinaryRanges() {
        let ends: [Double] = [0, 1, -1, Subnormal.smallest, -Subnormal.smallest, 1e16, -1e16, 2e300, 1e308, -1e308, .greatestFiniteMagnitude,
                              .infinity, -.infinity, .nan]
        for a in ends {
            for b in ends {
                let (lower, upper) = NiceTicks.displayRange(a, b)
                #expect(lower < upper && (upper - lower).isFinite && Swift.abs(lower) <= 1.5e300 && Swift.abs(upper) <= 1.5e300,
                        "displayRange(\(a), \(b)) = (\(lower), \(upper))")
                let ticks = NiceTicks(covering: a, b, count: 6)
                #expect(ticks.values.allSatisfy(\.isFinite) && ticks.lowerBound <= ticks.upperBound, "ticks for (\(a), \(b))")
            }
        }
        #expect(NiceTicks.displayRange(-3, 7) == (-3, 7))
        #expect(NiceTicks.displayRange(0, 1e-9) == (0, 1e-9))
        #expect(NiceTicks.displayRange(7, -3) == (-3, 7), "reversed ends are swapped")
        #expect(NiceTicks.displayRange(5, 5) == (4.5, 5.5), "constant: ±10 %")
    }
}
