import DescentCore
import Foundation
import Testing
import _TestSupport
@testable import DescentPlot

@Suite("Marching squares")
struct MarchingSquaresTests {
    static func sampled(_ f: (Double, Double) -> Double, _ xr: ClosedRange<Double>, _ yr: ClosedRange<Double>, _ n: Int)
        -> (grid: Tensor, xs: [Double], ys: [Double]) {
        let xs = ContourPlot.samples(xr, n), ys = ContourPlot.samples(yr, n)
        return (Tensor(rows: n, columns: n) { i, j in f(xs[j], ys[i]) }, xs, ys)
    }

    static let functions: [String: @Sendable (Double, Double) -> Double] = [
        "circle": { x, y in x * x + y * y },
        "saddle": { x, y in x * x - y * y },
        "rosenbrock": { x, y in 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x) },
        "waves": { x, y in sin(x) * cos(y) },
    ]

    @Test func unitCircleLiesWithinGridSpacingOfRadiusOne() {
        let n = 41
        let (grid, xs, ys) = Self.sampled({ x, y in x * x + y * y }, -1.5...1.5, -1.5...1.5, n)
        let h = 3.0 / Double(n - 1)
        let segments = marchingSquares(grid: grid, xs: xs, ys: ys, level: 1)
        #expect(segments.count >= 4 * (n / 3), "a closed curve crosses many cells")
        var worst = 0.0
        for (a, b) in segments {
            for p in [a, b, Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)] {
                worst = max(worst, abs((p.x * p.x + p.y * p.y).squareRoot() - 1))
            }
        }
        // Endpoints err by the linear-interpolation error, chord midpoints by the sagitta h²/8: both ≪ h.
        #expect(worst < h, "max radial error \(worst) vs grid spacing \(h)")
        #expect(worst < h * h, "O(h²) accuracy of linear interpolation on a smooth contour: \(worst)")
        // The curve is closed: every endpoint is shared by exactly two segments.
        var degree: [String: Int] = [:]
        for (a, b) in segments {
            for p in [a, b] { degree[String(format: "%.9f,%.9f", p.x, p.y), default: 0] += 1 }
        }
        #expect(degree.values.allSatisfy { $0 == 2 })
        // Shared-edge crossings are bit-identical, so the segments chain into one closed polyline.
        let lines = joinedPolylines(segments)
        #expect(lines.count == 1 && lines[0].count == segments.count + 1 && lines[0].first == lines[0].last)
    }

    @Test func joiningOpenAndSeparateCurves() {
        // Saddle x² − y² at level 0.3 on a square: two separate open branches (x > 0 and x < 0).
        let (grid, xs, ys) = Self.sampled({ x, y in x * x - y * y }, -1...1, -1...1, 21)
        let segments = marchingSquares(grid: grid, xs: xs, ys: ys, level: 0.3)
        let lines = joinedPolylines(segments)
        #expect(lines.count == 2)
        #expect(lines.reduce(0) { $0 + $1.count - 1 } == segments.count, "every segment used once")
        #expect(lines.allSatisfy { $0.first != $0.last }, "branches end on the border")
        #expect(lines.allSatisfy { l in l.allSatisfy { $0.x > 0 } || l.allSatisfy { $0.x < 0 } })
        #expect(joinedPolylines([]).isEmpty)
    }

    @Test func crossingsMatchSciPyRootsOfTheTrueFunction() throws {
        let reference = try ReferenceData.load("contour_crossings")
        for c in reference.cases("cases") {
            let name = c.string("function")
            let xr = c.doubles("x_range"), yr = c.doubles("y_range"), n = c.int("resolution")
            let (grid, xs, ys) = Self.sampled(Self.functions[name]!, xr[0]...xr[1], yr[0]...yr[1], n)
            let h = max(xs[1] - xs[0], ys[1] - ys[0])
            for l in c.cases("levels") {
                let level = l.double("level")
                let expected = l.tensor("crossings")
                let segments = marchingSquares(grid: grid, xs: xs, ys: ys, level: level)
                let truth = (0..<expected.rows).map { Point(x: expected[$0, 0], y: expected[$0, 1]) }
                let ours = segments.flatMap { [$0.0, $0.1] }
                // Each sign-changing edge yields its crossing once per adjacent cell (1 on the border, 2 inside).
                let cells = (0..<expected.rows).reduce(0) { $0 + Int(expected[$1, 2]) }
                #expect(ours.count == cells, "\(name) level \(level): \(ours.count) segment ends, \(cells) edge-cell incidences")
                // Linear interpolation of f along an edge misplaces the root by about (h²/8)|f''|/|f'|;
                // that exceeds nothing but tangential touches, and the true root lies on the same edge,
                // so the grid spacing h bounds the error in both directions.
                for e in truth {
                    let distance = ours.map { hypot($0.x - e.x, $0.y - e.y) }.min() ?? .infinity
                    #expect(distance <= h, "\(name) level \(level): crossing \(e) off by \(distance) > h = \(h)")
                }
                for p in ours {
                    let distance = truth.map { hypot($0.x - p.x, $0.y - p.y) }.min() ?? .infinity
                    #expect(distance <= h, "\(name) level \(level): spurious crossing \(p), \(distance) from any true one")
                }
                // Most crossings are far from tangency, where the error is (h²/8)|f''|/|f'| ≤ h² for the
                // gently curved cases (|f''|/|f'| ≤ 8 away from tangency). Rosenbrock's valley has
                // |f''|/|f'| in the hundreds, so there only the h bound above applies.
                let errors = truth.map { e in ours.map { hypot($0.x - e.x, $0.y - e.y) }.min()! }.sorted()
                #expect(name == "rosenbrock" || errors[errors.count / 2] <= h * h, "\(name) level \(level): median error \(errors[errors.count / 2]) > h²")
            }
        }
    }

    @Test func saddleCellsAreResolvedByTheCentreValue() {
        // One cell, corners 0 and 2 high, 1 and 3 low: centre mean 0.5 vs level.
        let grid = Tensor([[1, 0], [0, 1]])  // rows are y: z(0,0)=1, z(1,0)=0, z(0,1)=0, z(1,1)=1
        let xs = [0.0, 1.0], ys = [0.0, 1.0]
        // Level 0.4: centre (0.5) is above, so the low corners (1,0) and (0,1) are cut off.
        let low = marchingSquares(grid: grid, xs: xs, ys: ys, level: 0.4)
        #expect(low.count == 2)
        #expect(low.allSatisfy { s in [s.0, s.1].allSatisfy { hypot($0.x - 1, $0.y) < 0.7 || hypot($0.x, $0.y - 1) < 0.7 } })
        // Level 0.6: centre below, so the high corners (0,0) and (1,1) are cut off.
        let high = marchingSquares(grid: grid, xs: xs, ys: ys, level: 0.6)
        #expect(high.count == 2)
        #expect(high.allSatisfy { s in [s.0, s.1].allSatisfy { hypot($0.x, $0.y) < 0.7 || hypot($0.x - 1, $0.y - 1) < 0.7 } })
    }

    @Test func edgeCases() {
        // Constant grid, level outside the range, 1 × n grid: no segments.
        let flat = Tensor(shape: [3, 3], scalars: Array(repeating: 2, count: 9))
        #expect(marchingSquares(grid: flat, xs: [0, 1, 2], ys: [0, 1, 2], level: 2.5).isEmpty)
        #expect(marchingSquares(grid: flat, xs: [0, 1, 2], ys: [0, 1, 2], level: 2).isEmpty, "all corners ≥ level")
        #expect(marchingSquares(grid: Tensor([[0, 1, 2]]), xs: [0, 1, 2], ys: [0], level: 0.5).isEmpty)
        // A linear function's contour is exact: f = x + 2y at level 1 on the unit square grid.
        let (grid, xs, ys) = Self.sampled({ x, y in x + 2 * y }, 0...1, 0...1, 5)
        for (a, b) in marchingSquares(grid: grid, xs: xs, ys: ys, level: 1) {
            expectClose(a.x + 2 * a.y, 1, atol: 1e-15, "interpolation is exact for linear f; rounding only")
            expectClose(b.x + 2 * b.y, 1, atol: 1e-15, "interpolation is exact for linear f; rounding only")
        }
    }

    @Test func nonFiniteCellsLeaveHoles() {
        var (grid, xs, ys) = Self.sampled({ x, y in x * x + y * y }, -1.5...1.5, -1.5...1.5, 21)
        let full = marchingSquares(grid: grid, xs: xs, ys: ys, level: 1).count
        // Poison one grid value on the contour: the (up to 4) cells touching it drop out, nothing else.
        grid[10, 3] = .nan
        let holed = marchingSquares(grid: grid, xs: xs, ys: ys, level: 1)
        #expect(holed.count < full && holed.count >= full - 4)
        #expect(holed.allSatisfy { $0.0.x.isFinite && $0.0.y.isFinite && $0.1.x.isFinite && $0.1.y.isFinite })
    }

    @Test func levelsLinearAndLogarithmic() {
        #expect(ContourLevels.linear(count: 4).resolve(for: [0, 1]) == [0.2, 0.4, 0.6, 0.8])
        #expect(ContourLevels.values([3, 1, .nan, 2]).resolve(for: [0, 1]) == [1, 2, 3])
        // Rosenbrock-like spread 1e-3…2.5e3: 1-3 per decade, strictly inside, increasing.
        let log = ContourLevels.logarithmic(count: 14).resolve(for: [1e-3, 2509])
        expectClose(log, [0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000], rtol: 1e-15, "3 × 10⁻¹ is one rounding away from 0.3")
        // A minimum of exactly 0 reached to 1e-12: levels stop 6 decades below the maximum.
        let capped = ContourLevels.logarithmic(count: 14).resolve(for: [1e-12, 0, 2509])
        #expect(capped.first! >= 2509e-6 && capped.count >= 10)
        // No positive values: falls back to linear.
        #expect(ContourLevels.logarithmic(count: 4).resolve(for: [-1, 0]) == ContourLevels.linear(count: 4).resolve(for: [-1, 0]))
        #expect(ContourLevels.linear(count: 5).resolve(for: [.nan, 1, 1]).isEmpty, "constant data has no contour")
    }
}
