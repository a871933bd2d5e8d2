import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DescentPlot

@Suite("Charts side by side")
struct ChartRowTests {
    @Test func nestsEachChartAtItsOffsetInOneWellFormedDocument() throws {
        let a = LineChart(title: "a", series: [.init(name: "s", values: [1, 2])], width: 300, height: 200)
        let b = BarChart(title: "b", categories: ["x", "y"], values: [1, 2], width: 250, height: 260)
        let row = ChartRow([a, b], gap: 10)
        let svg = try SVGInspection(row.svg())
        let nested = try svg.elements("svg")
        // The root plus one nested document per chart, placed left to right with the gap between.
        #expect(nested.count == 3)
        #expect(nested.compactMap { attr($0, "x") } == ["0", "310"])
        #expect(attr(nested.first, "width") == "560" && attr(nested.first, "height") == "260")
        #expect(ChartRow.size(of: a.svg()) == (300, 200))
        #expect(try svg.texts().contains("a") && svg.texts().contains("b"))
    }

    @Test func emptyRowIsAnEmptyDocument() throws {
        let svg = try SVGInspection(ChartRow([]).svg())
        #expect(try svg.elements("svg").count == 1)
    }
}
