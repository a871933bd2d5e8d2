import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DescentPlot

/// Legends never cover data: a chart puts its legend inside the plot only in a corner that no line
/// or marker crosses (top-right first), and outside on the right when data crosses every corner.
@Suite("Legend placement")
struct LegendPlacementTests {
    static func frame(entries: Int = 2) -> PlotFrame {
        let legend = (0..<entries).map { LegendEntry(name: "series \($0)", color: Palette.color($0)) }
        return PlotFrame(width: 640, height: 400, title: "t", x: ResolvedAxis(Axis("x", range: 0...1), data: []),
                         y: ResolvedAxis(Axis("y", range: 0...1), data: []), legend: legend, legendPlacement: .inside(.topRight))
    }

    static func pixels(_ frame: PlotFrame, _ points: [(Double, Double)]) -> [Point] {
        points.map { frame.map(Point(x: $0.0, y: $0.1)) }
    }

    @Test func theFirstClearCornerWins() {
        let f = Self.frame()
        // Nothing drawn: top-right.
        #expect(f.firstEmptyCorner(runs: [], markers: [], markerRadius: 4) == .topRight)
        // A rising diagonal crosses the bottom-left and top-right corners: top-left is the first clear one.
        #expect(f.firstEmptyCorner(runs: [Self.pixels(f, [(0, 0), (1, 1)])], markers: [], markerRadius: 4) == .topLeft)
        // A line along the top: the bottom corners stay clear.
        #expect(f.firstEmptyCorner(runs: [Self.pixels(f, [(0, 0.97), (1, 0.97)])], markers: [], markerRadius: 4) == .bottomRight)
        // A marker alone in the top-right corner moves the legend too (markers count by their extent).
        #expect(f.firstEmptyCorner(runs: [], markers: Self.pixels(f, [(0.99, 0.99)]), markerRadius: 4) == .topLeft)
    }

    @Test func aSegmentThroughTheBoxCountsEvenWithoutAVertexInside() throws {
        let f = Self.frame().withLegend(in: .topRight)
        let box = try #require(f.legendBox)
        // A segment crossing the box horizontally, both ends outside it.
        let y = box.y + box.height / 2
        let run = [Point(x: box.x - 50, y: y), Point(x: box.maxX + 50, y: y)]
        #expect(f.firstEmptyCorner(runs: [run], markers: [], markerRadius: 0) != .topRight)
    }

    @Test func dataInEveryCornerSendsTheLegendOutside() {
        let f = Self.frame()
        let both = [Self.pixels(f, [(0, 0), (1, 1)]), Self.pixels(f, [(0, 1), (1, 0)])]
        #expect(f.firstEmptyCorner(runs: both, markers: [], markerRadius: 4) == nil)
        // And a legend taller than the plot never goes inside.
        let tall = Self.frame(entries: 30)
        #expect(tall.firstEmptyCorner(runs: [], markers: [], markerRadius: 4) == nil)
    }

    /// The chart end to end: the legend box (inside) holds no vertex of any data line and no marker,
    /// and an outside legend sits right of the plot area.
    @Test(arguments: [0, 1, 2])
    func lineChartLegendCoversNoData(_ layout: Int) throws {
        let xs = (0...40).map { Double($0) / 40 }
        let series: [LineChart.Series]
        switch layout {
        case 0: series = [.init(name: "rising", x: xs, y: xs), .init(name: "flat", x: xs, y: xs.map { _ in 0.5 })]
        case 1: series = [.init(name: "falling", x: xs, y: xs.map { 1 - $0 }, style: .lineAndMarkers)]
        default: series = [.init(name: "rising", x: xs, y: xs), .init(name: "falling", x: xs, y: xs.map { 1 - $0 })]
        }
        let svg = LineChart(title: "legend", xAxis: Axis("x"), yAxis: Axis("y"), series: series).svg()
        let document = try XMLDocument(xmlString: svg, options: [])
        let rects = try document.nodes(forXPath: "//*[local-name()='rect']").compactMap { $0 as? XMLElement }
        func attribute(_ e: XMLElement, _ name: String) -> Double? {
            (e.attributes?.first { $0.name == name }?.stringValue).flatMap(Double.init)
        }
        let legendRect = rects.first { $0.attributes?.contains { $0.name == "stroke" && $0.stringValue == "#d0d0d0" } == true }
        let paths = try document.nodes(forXPath: "//*[local-name()='g']/*[local-name()='path']").compactMap { $0 as? XMLElement }
        let vertices: [Point] = paths.flatMap { path -> [Point] in
            let numbers = (path.attributes?.first { $0.name == "d" }?.stringValue ?? "")
                .split(whereSeparator: { $0 == " " || $0 == "M" || $0 == "L" }).compactMap { Double($0) }
            return stride(from: 0, to: numbers.count - 1, by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
        }
        if layout == 2 {
            #expect(legendRect == nil, "an X of two lines crosses all four corners: legend outside")
            let legendText = try document.nodes(forXPath: "//*[local-name()='text']").compactMap { $0 as? XMLElement }
                .first { $0.stringValue == "rising" }
            let plotRight = vertices.map(\.x).max() ?? 0
            #expect((legendText.flatMap { attribute($0, "x") } ?? 0) > plotRight, "outside legend right of the data")
            return
        }
        let element = try #require(legendRect, "legend drawn inside")
        let box = Rect(x: try #require(attribute(element, "x")), y: try #require(attribute(element, "y")),
                       width: try #require(attribute(element, "width")), height: try #require(attribute(element, "height")))
        #expect(!vertices.isEmpty)
        #expect(!vertices.contains { box.contains($0) }, "no data vertex inside the legend box \(box)")
        // Dense vertices (41 per line over the plot) also catch segments: each segment is shorter than the box.
        for (a, b) in zip(vertices, vertices.dropFirst()) where Swift.abs(a.x - b.x) < 40 {
            #expect(clipSegment(a, b, to: box) == nil, "segment \(a)–\(b) crosses the legend box")
        }
    }

    @Test func aTallOutsideLegendGrowsTheCanvasInsteadOfOverflowing() throws {
        let legend = (0..<30).map { LegendEntry(name: "series \($0)", color: Palette.color($0)) }
        let frame = PlotFrame(width: 640, height: 300, title: "t", x: ResolvedAxis(Axis("x", range: 0...1), data: []),
                              y: ResolvedAxis(Axis("y", range: 0...1), data: []), legend: legend, notes: ["a note"])
        let box = try #require(frame.legendBox)
        #expect(box.x > frame.plot.maxX, "outside, right of the plot")
        #expect(box.maxY <= frame.plot.maxY, "no lower than the plot's bottom: clear of the x labels and notes")
        #expect(frame.height > 300 && frame.height >= box.maxY + 40, "the canvas grew to hold 30 rows")
        // A legend that fits leaves the canvas as asked.
        let small = PlotFrame(width: 640, height: 300, title: "t", x: ResolvedAxis(Axis("x", range: 0...1), data: []),
                              y: ResolvedAxis(Axis("y", range: 0...1), data: []), legend: Array(legend.prefix(3)))
        #expect(small.height == 300)
    }

    @Test func markerSizeIsTheSeriesOwn() throws {
        let svg = LineChart(series: [.init(name: "optimum", x: [0.5], y: [0.5], style: .markers, markerSize: 14),
                                     .init(name: "others", x: [0, 1], y: [0, 1], style: .markers)]).svg()
        let document = try XMLDocument(xmlString: svg, options: [])
        let radii = try document.nodes(forXPath: "//*[local-name()='g']/*[local-name()='circle']").compactMap { $0 as? XMLElement }
            .compactMap { $0.attributes?.first { $0.name == "r" }?.stringValue }
        #expect(radii == ["7"], "the 14-px circle of the first series (the second series draws squares)")
    }
}
