import Foundation
import Testing
@testable import DescentPlot

@Suite("Markup and number printing")
struct MarkupTests {
    @Test func escapingCoversMarkupCharactersAndControls() {
        #expect(escapeMarkup(#"a<b & "c" 'd' >e"#) == "a&lt;b &amp; &quot;c&quot; &#39;d&#39; &gt;e")
        #expect(escapeMarkup("x\u{0}y\u{7}z\tw\n") == "xyz\tw\n", "C0 controls other than tab/newline are not XML")
        #expect(escapeMarkup("η = 10⁻³, ∇f") == "η = 10⁻³, ∇f")
        #expect(escapeMarkup("") == "")
    }

    @Test func coordinatesHaveTwoDecimalsAtMost() {
        #expect(formatCoordinate(12.5) == "12.5")
        #expect(formatCoordinate(-3) == "-3")
        #expect(formatCoordinate(0.0749) == "0.07")
        #expect(formatCoordinate(0.004) == "0")
        #expect(formatCoordinate(-0.004) == "0", "no negative zero")
        #expect(formatCoordinate(100.105) == "100.11" || formatCoordinate(100.105) == "100.1", "binary rounding of .105")
        #expect(formatCoordinate(1e300) == "1000000000", "clamped, never overflows")
        #expect(formatCoordinate(.nan) == "0")
    }

    @Test func compactNumbers() {
        #expect(formatCompact(1000, significantDigits: 4) == "1000")
        #expect(formatCompact(1e-6) == "1e-6")
        #expect(formatCompact(2.5e12) == "2.5e12")
        #expect(formatCompact(0.30000000000000004) == "0.3")
        #expect(formatCompact(.nan) == "NaN" && formatCompact(-.infinity) == "−∞" && formatCompact(0) == "0")
        #expect(cleanExponent("1.500e+06") == "1.5e6")
        #expect(superscript(-12) == "⁻¹²" && superscript(0) == "⁰")
    }

    @Test func colormapsHitTheirEndsAndCentre() {
        #expect(Colormap.diverging.color(at: 0) == "#053061")
        #expect(Colormap.diverging.color(at: 0.5) == "#f7f7f7")
        #expect(Colormap.diverging.color(at: 1) == "#67001f")
        #expect(Colormap.sequential.color(at: -3) == "#440154" && Colormap.sequential.color(at: 7) == "#fde725")
        #expect(Colormap.sequential.color(at: .nan) == "#440154")
        #expect(Colormap.sequential.prefersLightText(at: 0) && !Colormap.sequential.prefersLightText(at: 1))
        #expect(Palette.color(0) == Palette.color(8) && Palette.color(-1) == Palette.okabeIto.last)
    }

    @Test func clippingPolylines() {
        let box = Rect(x: 0, y: 0, width: 10, height: 10)
        // Inside stays; a NaN breaks the run; a far excursion is cut at the border.
        let runs = clippedRuns([Point(x: 1, y: 1), Point(x: 2, y: 2), Point(x: .nan, y: 3), Point(x: 5, y: 5),
                                Point(x: 5, y: 1e300)], to: box)
        #expect(runs.count == 2)
        #expect(runs[0] == [Point(x: 1, y: 1), Point(x: 2, y: 2)])
        #expect(runs[1] == [Point(x: 5, y: 5), Point(x: 5, y: 10)])
        // A segment crossing the box from outside to outside is kept as its inside part.
        #expect(clippedRuns([Point(x: -5, y: 5), Point(x: 15, y: 5)], to: box) == [[Point(x: 0, y: 5), Point(x: 10, y: 5)]])
        #expect(clippedRuns([Point(x: -5, y: -5), Point(x: -1, y: 20)], to: box).isEmpty)
        #expect(clippedRuns([], to: box).isEmpty && clippedRuns([Point(x: 1, y: 1)], to: box).isEmpty)
    }
}
