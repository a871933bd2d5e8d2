// Contour lines of f(x, y) with optimizer paths drawn over them.
import DescentCore
import Foundation

/// Contour lines of a function of two variables, with optional arrows (a quiver layer, `ArrowField`)
/// and optimizer paths overlaid.
///
/// The function is sampled on a `resolution × resolution` grid (default 201) over the given ranges (or a grid is
/// supplied), each level's contour is traced by marching squares (`marchingSquares`), lines are
/// coloured by level with viridis and keyed on the right. Each path is a polyline through the
/// iterates with a white halo for contrast, an open circle at the start and a filled one at the end;
/// non-finite iterates break the path and points outside the ranges are clipped at the border.
/// Arrows are drawn over the contours and under the paths. The legend (paths, then arrow fields) and
/// the level key sit in the right margin, outside the plot area, so they never cover data.
///
/// Complexity: O(resolution²) function evaluations plus O(resolution² · levels) for tracing.
///
/// ```swift
/// let svg = ContourPlot.withPaths(function: { x, y in 100 * pow(y - x * x, 2) + pow(1 - x, 2) },
///                                 xRange: -2...2, yRange: -1...3,
///                                 paths: [(name: "GD", points: gdIterates)])
/// ```
public struct ContourPlot: Chart {
    /// An optimizer path: named sequence of (x, y) iterates.
    public struct Path: Sendable {
        /// Legend name (escaped).
        public var name: String
        /// Iterates in order; non-finite ones break the line.
        public var points: [(x: Double, y: Double)]
        /// A fixed colour ("#rrggbb"), or nil for the palette colour after the path's position (so that
        /// a method keeps its colour in a contour plot and in a `LineChart` of its losses).
        public var color: String?

        /// A path through `points`.
        public init(name: String, points: [(x: Double, y: Double)], color: String? = nil) {
            self.name = name
            self.points = points
            self.color = color
        }

        /// A path through 2-element tensors (an optimizer's trace of parameters).
        /// Precondition: every iterate has exactly 2 elements.
        public init(name: String, iterates: [Tensor], color: String? = nil) {
            self.init(name: name, points: iterates.map { t in
                precondition(t.count == 2, "ContourPlot.Path \"\(name)\": iterate of shape \(t.shape) is not 2-D")
                return (t.scalars[0], t.scalars[1])
            }, color: color)
        }
    }

    /// Title above the chart.
    public var title: String
    /// Horizontal axis title.
    public var xTitle: String
    /// Vertical axis title.
    public var yTitle: String
    /// Sampled values, shape [ny, nx]: `grid[i, j] = f(x_j, y_i)` with x_j, y_i evenly spaced over the ranges.
    public var grid: Tensor
    /// Range of x covered by the grid columns.
    public var xRange: ClosedRange<Double>
    /// Range of y covered by the grid rows.
    public var yRange: ClosedRange<Double>
    /// How levels are chosen.
    public var levels: ContourLevels
    /// Paths drawn over the contours.
    public var paths: [Path]
    /// Arrow fields drawn over the contours, under the paths.
    public var arrows: [ArrowField]
    /// Whether one unit of x and one unit of y have the same length on screen (default true): only
    /// then are gradient steps visibly perpendicular to the contour lines and circles round.
    public var equalAspect: Bool
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// Contours of a precomputed grid. Precondition: `grid` has rank 2 with at least 2 × 2 values.
    public init(title: String = "", xTitle: String = "x", yTitle: String = "y", grid: Tensor,
                xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, levels: ContourLevels = .linear(count: 12),
                paths: [Path] = [], arrows: [ArrowField] = [], equalAspect: Bool = true, width: Double = 640, height: Double = 480) {
        precondition(grid.rank == 2 && grid.rows >= 2 && grid.columns >= 2,
                     "ContourPlot needs a grid of shape [ny, nx] with ny, nx ≥ 2, got \(grid.shape)")
        precondition(xRange.lowerBound < xRange.upperBound && yRange.lowerBound < yRange.upperBound,
                     "ContourPlot needs non-empty ranges, got x \(xRange), y \(yRange)")
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.grid = grid
        self.xRange = xRange
        self.yRange = yRange
        self.levels = levels
        self.paths = paths
        self.arrows = arrows
        self.equalAspect = equalAspect
        self.width = width
        self.height = height
    }

    /// Contours of `function` sampled on a `resolution × resolution` grid. The default 201 (4·10⁴
    /// evaluations) resolves valleys down to about 1/200 of the range, enough for Rosenbrock's
    /// low levels on [−2, 2] × [−1, 3]; coarser grids break thin valley contours into dashes.
    /// Precondition: resolution ≥ 2.
    public init(title: String = "", xTitle: String = "x", yTitle: String = "y",
                function: (Double, Double) -> Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                resolution: Int = 201, levels: ContourLevels = .linear(count: 12), paths: [Path] = [],
                arrows: [ArrowField] = [], equalAspect: Bool = true, width: Double = 640, height: Double = 480) {
        precondition(resolution >= 2, "ContourPlot resolution must be at least 2, got \(resolution)")
        let xs = ContourPlot.samples(xRange, resolution), ys = ContourPlot.samples(yRange, resolution)
        let grid = Tensor(rows: resolution, columns: resolution) { i, j in function(xs[j], ys[i]) }
        self.init(title: title, xTitle: xTitle, yTitle: yTitle, grid: grid, xRange: xRange, yRange: yRange,
                  levels: levels, paths: paths, arrows: arrows, equalAspect: equalAspect, width: width, height: height)
    }

    /// `n` evenly spaced values from the lower to the upper bound inclusive.
    static func samples(_ range: ClosedRange<Double>, _ n: Int) -> [Double] {
        let (lower, upper) = (range.lowerBound, range.upperBound)
        // Over ±1e308 the width overflows (and 0·∞ is NaN); interpolate the ends separately there.
        let wide = !(upper - lower).isFinite
        return (0..<n).map { k in
            let t = Double(k) / Double(n - 1)
            return k == n - 1 ? upper : wide ? lower * (1 - t) + upper * t : lower + Double(k) * (upper - lower) / Double(n - 1)
        }
    }

    /// The resolved levels.
    var levelValues: [Double] { levels.resolve(for: grid.scalars) }

    /// Renders the chart as a standalone SVG document.
    public func svg() -> String {
        let xs = ContourPlot.samples(xRange, grid.columns), ys = ContourPlot.samples(yRange, grid.rows)
        let levelValues = self.levelValues
        // Stop viridis at 0.85: its last yellows are too faint as thin lines on white.
        let colors = levelValues.indices.map { k in
            Colormap.sequential.color(at: levelValues.count == 1 ? 0 : 0.85 * Double(k) / Double(levelValues.count - 1))
        }
        let legend = paths.enumerated().map { k, p in
            LegendEntry(name: p.name, color: p.color ?? Palette.color(k + 1), line: true, marker: .circle)
        } + arrows.map { LegendEntry(name: $0.name, color: $0.strokeColor, line: true) }
        let key = ColorKey(title: "level", kind: .discrete(zip(colors, levelValues).map { ($0, formatCompact($1, significantDigits: 4)) }))
        var notes: [String] = []
        if !paths.isEmpty { notes.append("Paths: open circle = start, filled circle = end.") }
        let uniform = arrows.filter { $0.length == .uniform && !$0.arrows.isEmpty }.map(\.name)
        if !uniform.isEmpty { notes.append("Arrows (\(uniform.joined(separator: ", "))): direction only, all drawn the same length.") }
        let nonFinite = grid.scalars.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        if nonFinite > 0 { notes.append("\(nonFinite) grid value\(nonFinite == 1 ? "" : "s") non-finite; contours have holes there.") }
        let frame = PlotFrame(width: width, height: height, title: title,
                              x: ResolvedAxis(Axis(xTitle, range: xRange), data: [], tickCount: 7),
                              y: ResolvedAxis(Axis(yTitle, range: yRange), data: [], tickCount: 7),
                              legend: legend, colorKey: levelValues.isEmpty ? nil : key, notes: notes, equalAspect: equalAspect)
        var background = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawBackground(&background)
        let plot = frame.plot
        var data = SVGCanvas(width: frame.width, height: frame.height)
        for (level, color) in zip(levelValues, colors) {
            let segments = marchingSquares(grid: grid, xs: xs, ys: ys, level: level)
            data.polylines(joinedPolylines(segments).map { $0.map(frame.map) }, stroke: color, width: 1.2)
        }
        let clipRect = Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2)
        for field in arrows {
            field.draw(into: &data, plot: plot, map: frame.map)
        }
        for (k, path) in paths.enumerated() {
            let color = path.color ?? Palette.color(k + 1)
            let pixels = path.points.map { frame.map(Point(x: $0.x, y: $0.y)) }
            let runs = clippedRuns(pixels, to: clipRect)
            data.polylines(runs, stroke: "#ffffff", width: 4.5, opacity: 0.85)
            data.polylines(runs, stroke: color, width: 2)
            let visible = pixels.filter { $0.x.isFinite && $0.y.isFinite && clipRect.contains($0) }
            // Dots at the iterates show the step lengths; beyond a few hundred they only add ink.
            if visible.count <= 300 {
                for p in visible { data.marker(.circle, at: p, size: 3.5, fill: color) }
            }
            if let start = pixels.first(where: { $0.x.isFinite && $0.y.isFinite }), clipRect.contains(start) {
                data.marker(.circle, at: start, size: 11, fill: "#ffffff", stroke: color)
            }
            if let end = pixels.last(where: { $0.x.isFinite && $0.y.isFinite }), clipRect.contains(end) {
                data.marker(.circle, at: end, size: 10, fill: color, stroke: "#ffffff")
            }
        }
        var overlay = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawOverlay(&overlay)
        return background.document(title: title, clip: clipRect, clippedBody: data.body, overlay: overlay.body)
    }

    /// Contours of `function` with optimizer paths: the one-call form the CLI uses.
    ///
    /// - Parameters:
    ///   - function: f(x, y).
    ///   - xRange: x range shown.
    ///   - yRange: y range shown.
    ///   - paths: (name, iterates) pairs.
    ///   - logLevels: log-spaced levels (for functions spanning decades, e.g. Rosenbrock) instead of linear.
    ///   - title: chart title.
    /// - Returns: the SVG document.
    public static func withPaths(function: (Double, Double) -> Double, xRange: ClosedRange<Double>,
                                 yRange: ClosedRange<Double>, paths: [(name: String, points: [(x: Double, y: Double)])],
                                 logLevels: Bool = false, title: String = "") -> String {
        ContourPlot(title: title, function: function, xRange: xRange, yRange: yRange,
                    levels: logLevels ? .logarithmic(count: 14) : .linear(count: 12),
                    paths: paths.map { Path(name: $0.name, points: $0.points) }).svg()
    }
}
