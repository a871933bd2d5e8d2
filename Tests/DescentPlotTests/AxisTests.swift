import Foundation
import Testing
import _TestSupport
@testable import DescentPlot

@Suite("Axis ticks")
struct AxisTests {
    @Test func heckbertNiceNumbers() {
        #expect(NiceTicks.niceNumber(0.25, round: true) == (2, -1))
        #expect(NiceTicks.niceNumber(0.25, round: false) == (5, -1))
        #expect(NiceTicks.niceNumber(7.5, round: true) == (1, 1))
        #expect(NiceTicks.niceNumber(1, round: false) == (1, 0))
        #expect(NiceTicks.niceNumber(3.2e-7, round: true) == (5, -7))
    }

    @Test func unitIntervalTicksAreExactDecimals() {
        let axis = ResolvedAxis(Axis(), data: [0, 1], tickCount: 6)
        // Compared with ==: ticks are built as m × 10^e from integers, so 0.6 is the literal 0.6.
        #expect(axis.ticks.map(\.value) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(axis.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(axis.lower == 0 && axis.upper == 1)
    }

    @Test func looseLabellingCoversTheData() {
        let axis = ResolvedAxis(Axis(), data: [0.13, 9.7], tickCount: 6)
        #expect(axis.ticks.map(\.value) == [0, 2, 4, 6, 8, 10])
        #expect(axis.ticks.map(\.label) == ["0", "2", "4", "6", "8", "10"])
        let iterations = ResolvedAxis(Axis(), data: [0, 120], tickCount: 7)
        #expect(iterations.ticks.map(\.value) == [0, 20, 40, 60, 80, 100, 120], "the range is not widened to 150")
        let negative = ResolvedAxis(Axis(), data: [-3.2, -0.4], tickCount: 6)
        #expect(negative.ticks.map(\.value) == [-3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0].filter { $0 >= negative.lower })
        #expect(negative.lower <= -3.2 && negative.upper >= -0.4)
    }

    @Test func extremeMagnitudesUseCompactScientificLabels() {
        let tiny = ResolvedAxis(Axis(), data: [0, 4e-5], tickCount: 5)
        #expect(tiny.ticks.map(\.label) == ["0", "1e-5", "2e-5", "3e-5", "4e-5"])
        let huge = ResolvedAxis(Axis(), data: [0, 2.5e6], tickCount: 6)
        #expect(huge.ticks.map(\.label) == ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"])
    }

    @Test func fixedRangeKeepsTicksInside() {
        let axis = ResolvedAxis(Axis(range: -2...3), data: [100], tickCount: 6)
        #expect(axis.lower == -2 && axis.upper == 3)
        #expect(axis.ticks.map(\.value) == [-2, -1, 0, 1, 2, 3])
    }

    @Test func logAxisTicksAreDecades() {
        let axis = ResolvedAxis(Axis(scale: .log10), data: [1e-6, 1e2], tickCount: 9)
        #expect(axis.ticks.map(\.value) == [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 1e1, 1e2])
        #expect(axis.ticks.first?.label == "10⁻⁶" && axis.ticks.last?.label == "10²")
        #expect(axis.clippedNonPositive == 0)
        // Ranges not on decades are widened to whole decades.
        let loose = ResolvedAxis(Axis(scale: .log10), data: [3e-3, 0.4], tickCount: 6)
        #expect(loose.lower == 1e-3 && loose.upper == 1)
        #expect(loose.minorTicks.contains(2e-3) && loose.minorTicks.contains(0.9))
        expectClose(loose.fraction(0.1), 2.0 / 3.0, rtol: 1e-15, "two of three decades; log10 rounding only")
    }

    @Test func longLogAxesLabelEveryFewDecades() {
        let axis = ResolvedAxis(Axis(scale: .log10), data: [1e-300, 1e300], tickCount: 6)
        #expect(axis.ticks.count >= 3 && axis.ticks.count <= 9)
        let exponents = axis.ticks.map { Int(log10($0.value).rounded()) }
        let steps = Set(zip(exponents.dropFirst(), exponents).map { $0 - $1 })
        #expect(steps.count == 1, "evenly spaced decades: \(exponents)")
        #expect(axis.minorTicks.isEmpty)
    }

    @Test func logAxisClipsZerosAndCountsThem() {
        let axis = ResolvedAxis(Axis(scale: .log10), data: [0.5, 0.02, 0, -1, .nan], tickCount: 6)
        #expect(axis.clippedNonPositive == 2, "0 and −1; NaN is not a value to clip")
        #expect(axis.lower == 1e-3, "one spare decade below 10⁻² for the clipped values")
        #expect(axis.fraction(0) == 0 && axis.fraction(-1) == 0)
        #expect(axis.fraction(.nan).isNaN && axis.fraction(.infinity).isNaN)
    }

    @Test func degenerateData() {
        let empty = ResolvedAxis(Axis(), data: [], tickCount: 6)
        #expect(empty.lower == 0 && empty.upper == 1)
        let constant = ResolvedAxis(Axis(), data: [5, 5, .nan], tickCount: 6)
        #expect(constant.lower <= 4.5 && constant.upper >= 5.5 && constant.lower < constant.upper)
        let zero = ResolvedAxis(Axis(), data: [0], tickCount: 6)
        #expect(zero.lower == -1 && zero.upper == 1)
        let logEmpty = ResolvedAxis(Axis(scale: .log10), data: [0, 0], tickCount: 6)
        #expect(logEmpty.lower > 0 && logEmpty.upper > logEmpty.lower && logEmpty.clippedNonPositive == 2)
        let narrowLog = ResolvedAxis(Axis(scale: .log10, range: 2...5), data: [3], tickCount: 6)
        #expect(narrowLog.ticks.count >= 2, "less than a decade falls back to linear ticks: \(narrowLog.ticks.map(\.value))")
        #expect(narrowLog.ticks.allSatisfy { $0.value >= 2 && $0.value <= 5 })
    }
}
