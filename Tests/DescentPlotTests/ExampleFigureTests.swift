import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentPlot

@Suite("Example figures")
struct ExampleFigureTests {
    @Test func l1ReachesZeroAndL2ShrinksGeometrically() throws {
        let r = ExampleFigures.l1VersusL2()
        // The L1-vs-L2 worked example: both give 0.49 after one step; L2 then 0.4802; L1 is exactly 0 at step 50.
        expectClose(r.l1[1], 0.49, rtol: 1e-15, "one subtraction of 0.01")
        expectClose(r.l2[1], 0.49, rtol: 1e-15, "one multiplication by 0.98")
        expectClose(r.l2[2], 0.4802, rtol: 1e-15, "two multiplications by 0.98")
        #expect(r.l1[50] == 0 && r.l1.dropFirst(50).allSatisfy { $0 == 0 })
        #expect(r.l2.allSatisfy { $0 > 0 })
        let svg = try SVGInspection(ExampleFigures.regularizationChart.svg())
        #expect(try svg.texts().contains("31 values ≤ 0 drawn at 10⁻⁴ (bottom of the log axis)."))
    }

    @Test func momentumBeatsGradientDescentAndLargeStepsDiverge() {
        let l = ExampleFigures.quadraticLosses(iterations: 120)
        #expect(l.momentum.last! < 1e-30 && l.gd.last! > 1e-5, "rates (√κ−1)/(√κ+1) = 2/3 vs 1 − 1/κ = 0.96")
        #expect(l.divergent.last! > 1e20, "|1 − 25·0.09| = 1.25 > 1")
    }

    @Test func rosenbrockPathDescends() {
        let path = ExampleFigures.rosenbrockGD()
        let values = path.map { ExampleFigures.rosenbrock($0.x, $0.y) }
        #expect(values.last! < values.first! / 10)
        #expect(ExampleFigures.rosenbrockContour.levelValues.count >= 10)
    }

    @Test func examplesAreWrittenForLookingAt() throws {
        // Writes SVGs and the HTML report to <tmp>/descent-plot-examples (convert with rsvg-convert to view).
        let folder = try ExampleFigures.writeAll()
        for name in ["loss.svg", "l1l2.svg", "rosenbrock.svg", "scatter.svg", "bars.svg", "hessian.svg", "correlation.svg", "report.html"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if name.hasSuffix(".svg") { _ = try SVGInspection(text) }
            #expect(text.utf8.count < 400_000, "\(name) is \(text.utf8.count) bytes; coordinates are printed compactly")
        }
    }
}
