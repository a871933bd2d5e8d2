import DescentCore
import DescentPlot
import Foundation
import Testing

/// ScatterPlot's named classes: the legend names class k `classNames[k]`, in increasing class
/// order whatever the order of the points, falls back to "class k" beyond the names, gives each
/// class its own palette colour, and keeps the requested size.
@Suite("Scatter plot class names")
struct ScatterPlotClassNamesTests {
    @Test("legend in class order with the given names, 'class k' beyond them, one colour per class")
    func namedClasses() throws {
        let points = Tensor([[0, 0], [1, 1], [2, 0], [3, 1], [4, 2], [5, 0]])
        let chart = ScatterPlot(points: points, classes: [3, 1, 0, 1, 3, 0], classNames: ["zero", "one", "two"], width: 500, height: 300)
        let svg = chart.svg()
        let inspection = try SVGInspection(svg)
        let texts = try inspection.texts()
        let legend = texts.filter { ["zero", "one", "two", "class 3"].contains($0) }
        #expect(legend == ["zero", "one", "class 3"], "classes 0, 1, 3 in increasing order; no entry for the absent class 2")
        #expect(svg.contains("width=\"500\"") && svg.contains("height=\"300\""))
        // Marker fills: class 0 → palette 0, class 1 → palette 1, class 3 → palette 2 (series order).
        for (k, color) in [Palette.color(0), Palette.color(1), Palette.color(2)].enumerated() {
            #expect(svg.components(separatedBy: "fill=\"\(color)\"").count - 1 >= 2, "two points (plus a legend swatch) of series \(k)")
        }
        #expect(svg == chart.svg(), "deterministic")
    }

    @Test("without names the legend says 'class k'; a negative class falls back too")
    func unnamedClasses() throws {
        let points = Tensor([[0, 0], [1, 1]])
        let texts = try SVGInspection(ScatterPlot(points: points, classes: [-1, 4], classNames: ["a"]).svg()).texts()
        #expect(texts.contains("class -1") && texts.contains("class 4") && !texts.contains("a"))
    }
}
