import DescentCore
import Testing
@testable import DescentPlot

@Suite("Contour path colours")
struct ContourPathColorTests {
    @Test func aPathsOwnColourReplacesThePalettesInLineAndLegend() throws {
        let fixed = ContourPlot.Path(name: "fixed", points: [(0, 0), (1, 1)], color: "#123456")
        let automatic = ContourPlot.Path(name: "automatic", iterates: [Tensor([0, 1]), Tensor([1, 0])])
        #expect(automatic.color == nil)
        let svg = try SVGInspection(ContourPlot(function: { x, y in x * x + y * y }, xRange: -2...2, yRange: -2...2,
                                                resolution: 21, levels: .values([1]), paths: [fixed, automatic]).svg())
        let strokes = try svg.elements("path").compactMap { attr($0, "stroke") }
        // The fixed colour draws its line; the second path keeps the palette colour of position 2.
        #expect(strokes.contains("#123456") && strokes.contains(Palette.color(2)))
        #expect(!strokes.contains(Palette.color(1)), "the first path's palette colour is not used")
        let legendLines = try svg.elements("line").compactMap { attr($0, "stroke") }
        #expect(legendLines.contains("#123456"))
    }
}

@Suite("Contour legends")
struct ContourLegendTests {
    @Test func sevenPathsArrowsAndTheLevelKeyStayOutsideThePlotArea() throws {
        // The optimizers race's layout: seven named paths, an arrow field and a level key.
        let paths = (0..<7).map { k in
            ContourPlot.Path(name: "method \(k)", points: [(-1.5, 1.5), (0, Double(k) / 7), (1, 1)])
        }
        let arrows = ArrowField.sampled(name: "−∇f", xRange: -2...2, yRange: -1...3, count: 6) { x, y in (-x, -y) }
        let svg = try SVGInspection(ContourPlot(function: { x, y in 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x) },
                                                xRange: -2...2, yRange: -1...3, resolution: 41, levels: .logarithmic(count: 14),
                                                paths: paths, arrows: [arrows]).svg())
        let clip = try #require(try svg.elements("rect").first { $0.parent?.name == "clipPath" })
        let right = Double(attr(clip, "x")!)! + Double(attr(clip, "width")!)!
        let bottom = Double(attr(clip, "y")!)! + Double(attr(clip, "height")!)!
        // Legend and key texts start right of the plot area and, like their swatches, above its bottom
        // (the notes under the chart are the only texts below it).
        let names = Set(paths.map(\.name) + ["−∇f"])
        let legend = try svg.elements("text").filter { names.contains($0.stringValue ?? "") }
        #expect(legend.count == 8)
        for text in legend {
            #expect(Double(attr(text, "x")!)! > right)
            #expect(Double(attr(text, "y")!)! < bottom)
        }
        let swatches = try svg.elements("rect").filter { $0.parent?.name != "clipPath" && attr($0, "width") == "14" }
        #expect(!swatches.isEmpty)
        for swatch in swatches {
            #expect(Double(attr(swatch, "x")!)! > right)
            #expect(Double(attr(swatch, "y")!)! + Double(attr(swatch, "height")!)! <= bottom + 0.01)
        }
    }
}
