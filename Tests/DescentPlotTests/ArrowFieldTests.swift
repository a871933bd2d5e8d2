import DescentCore
import Foundation
import Testing
import _TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import DescentPlot

@Suite("Arrow fields on contour plots")
struct ArrowFieldTests {
    /// The arrow shafts of a chart: `<line>` elements drawn in the arrow colour (the frame's lines are grey
    /// #555555, #e3e3e3 and #f3f3f3, never the arrows' #333333).
    func shafts(_ svg: SVGInspection, color: String = "#333333") throws -> [(x1: Double, y1: Double, x2: Double, y2: Double)] {
        try svg.elements("line").filter { attr($0, "stroke") == color && $0.parent?.name == "g" }.map {
            (Double(attr($0, "x1")!)!, Double(attr($0, "y1")!)!, Double(attr($0, "x2")!)!, Double(attr($0, "y2")!)!)
        }
    }

    @Test func descentArrowsPointDownhillAcrossCircularContours() throws {
        // f = x² + y²: contours are circles about the origin and −∇f = (−2x, −2y) points at the centre,
        // so on an equal-aspect plot every shaft lies on the ray from its point to the origin's pixel.
        let field = ArrowField.sampled(name: "−∇f", xRange: -2...2, yRange: -2...2, count: 8) { x, y in (-2 * x, -2 * y) }
        #expect(field.arrows.count == 64 && field.pivot == .middle)
        let plot = ContourPlot(function: { x, y in x * x + y * y }, xRange: -2...2, yRange: -2...2, resolution: 41,
                               levels: .values([0.5, 1, 2, 4]), arrows: [field])
        let text = plot.svg()
        let svg = try SVGInspection(text)
        let lines = try shafts(svg)
        #expect(lines.count == 64)
        // The origin's pixel: the middle of the clip rectangle (the plot area plus 1 px each side).
        let clip = try #require(try svg.elements("rect").first { $0.parent?.name == "clipPath" })
        let cx = Double(attr(clip, "x")!)! + Double(attr(clip, "width")!)! / 2
        let cy = Double(attr(clip, "y")!)! + Double(attr(clip, "height")!)! / 2
        var worst = 1.0
        for l in lines {
            let (dx, dy) = (l.x2 - l.x1, l.y2 - l.y1)
            let (ox, oy) = (cx - l.x1, cy - l.y1)
            let cosine = (dx * ox + dy * oy) / ((dx * dx + dy * dy).squareRoot() * (ox * ox + oy * oy).squareRoot())
            worst = min(worst, cosine)
        }
        // Coordinates are printed to 0.01 px on shafts of ~30 px: angles agree to ~1e-3 rad.
        #expect(worst > 0.999, "an arrow is not aligned with −∇f: cos = \(worst)")
        // Uniform lengths, shorter than the spacing between neighbours (no overlaps).
        let lengths = lines.map { (($0.x2 - $0.x1) * ($0.x2 - $0.x1) + ($0.y2 - $0.y1) * ($0.y2 - $0.y1)).squareRoot() }
        let spacing = (Double(attr(clip, "width")!)! - 2) / 8
        #expect(lengths.max()! - lengths.min()! < 0.05)
        #expect(lengths.max()! < spacing)
        // Named in the legend, explained in a note, one filled head per arrow, same bytes every time.
        let texts = try svg.texts()
        #expect(texts.contains("−∇f"))
        #expect(texts.contains { $0.hasPrefix("Arrows (−∇f): direction only") })
        #expect(try svg.elements("path").filter { attr($0, "fill") == "#333333" }.count == 64)
        #expect(plot.svg() == text)
    }

    @Test func proportionalLengthsTailPivotZeroAndNonFiniteVectors() throws {
        let field = ArrowField(name: "g", arrows: [
            .init(x: -1, y: 0, u: 2, v: 0),        // the longest: full length, to the right
            .init(x: 1, y: 0, u: 0, v: 1),         // half as long, pointing up (−y on screen)
            .init(x: 0, y: 1, u: 0, v: 0),         // a stationary point: a dot
            .init(x: 0, y: -1, u: .nan, v: 1),     // skipped
        ], length: .proportional, color: "#0072B2")
        let plot = ContourPlot(function: { x, y in x * x + y * y }, xRange: -2...2, yRange: -2...2, resolution: 21,
                               levels: .values([1]), arrows: [field])
        let svg = try SVGInspection(plot.svg())
        let lines = try shafts(svg, color: "#0072B2")
        #expect(lines.count == 2)
        let (long, short) = (lines[0], lines[1])
        #expect(abs(long.y2 - long.y1) < 1e-9 && long.x2 > long.x1, "the first arrow points right")
        #expect(abs(short.x2 - short.x1) < 1e-9 && short.y2 < short.y1, "the second points up the screen")
        let clip = try #require(try svg.elements("rect").first { $0.parent?.name == "clipPath" })
        let left = Double(attr(clip, "x")!)! + 1, width = Double(attr(clip, "width")!)! - 2
        // Lengths: shaft + a 7-px head (heads are 7 px on arrows over 17.5 px). The longest is 0.85 × the
        // closest pair of points, (−1, 0) and the dot at (0, 1), √2 units apart — but at most 0.85 × a
        // fifth of the (square) plot's side, which is shorter here; the other is half as long.
        let longLength = long.x2 - long.x1 + 7, shortLength = short.y1 - short.y2 + 7
        expectClose(longLength, 0.85 * min(2.0.squareRoot() * width / 4, 0.2 * width), atol: 0.02, "coordinates printed to 0.01 px")
        #expect(0.2 * width < 2.0.squareRoot() * width / 4)
        expectClose(longLength / shortLength, 2, rtol: 1e-3, "0.01-px printing of ~60-px lengths")
        let heads = try svg.elements("path").filter { attr($0, "fill") == "#0072B2" }
        #expect(heads.count == 2)
        #expect(try svg.elements("circle").contains { attr($0, "fill") == "#0072B2" }, "zero vector drawn as a dot")
        // Tail pivot: the long arrow starts at (−1, 0), i.e. a quarter of the way across the plot.
        expectClose(long.x1, left + width / 4, atol: 0.01, "coordinates printed to 0.01 px")
        // Proportional lengths without a note; the legend names the field.
        #expect(try !svg.texts().contains { $0.hasPrefix("Arrows") })
        #expect(try svg.texts().contains("g"))
    }
}
