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
