// Line and scatter series on linear or log axes: loss curves, weight trajectories.
import Foundation

/// A chart of named (x, y) series drawn as lines, markers, or both.
///
/// Non-finite points (NaN, ±∞) are skipped and break the line, so a diverging loss curve renders up
/// to where it blew up; a note under the chart counts them. A finite point isolated between two
/// gaps is drawn as a dot. On a log-10 y axis, values ≤ 0 (an L1
/// weight that reached exactly 0) are drawn on the axis floor, one decade below the smallest positive
/// value, and a note says so. Colours follow the Okabe–Ito palette; markers also cycle in shape.
/// The legend never covers data: it goes inside the plot in the first corner (top-right, top-left,
/// bottom-right, bottom-left) whose box no line segment or marker crosses, and otherwise outside on
/// the right (the canvas grows when it is taller than the plot).
///
/// Rendering is O(total points).
///
/// ```swift
/// let chart = LineChart(title: "Loss", xAxis: Axis("iteration"), yAxis: Axis("loss", scale: .log10),
///                       series: [.init(name: "GD", values: gdLoss), .init(name: "momentum", values: mLoss)])
/// try chart.write(to: URL(fileURLWithPath: "loss.svg"))
/// ```
public struct LineChart: Chart {
    /// How a series is drawn.
    public enum Style: Sendable, Equatable {
        /// A polyline through the points.
        case line
        /// A marker at each point, no line.
        case markers
        /// Both.
        case lineAndMarkers
    }

    /// One named series of points.
    public struct Series: Sendable {
        /// Name shown in the legend (escaped).
        public var name: String
        /// x coordinates.
        public var x: [Double]
        /// y coordinates; same count as `x`.
        public var y: [Double]
        /// Line, markers or both.
        public var style: Style
        /// A fixed colour ("#rrggbb"), or nil for the palette colour of the series' position.
        public var color: String?
        /// A dash pattern ("6 3"), or nil for solid (dashed automatically from the ninth series on).
        public var dash: String?
        /// Marker width in pixels (default 6): larger for a few points that must stand out, such
        /// as an optimum marked on a picture.
        public var markerSize: Double

        /// A series of (x[i], y[i]) points. Precondition: `x.count == y.count`.
        public init(name: String, x: [Double], y: [Double], style: Style = .line, color: String? = nil, dash: String? = nil) {
            self.init(name: name, x: x, y: y, style: style, color: color, dash: dash, markerSize: 6)
        }

        /// A series of (x[i], y[i]) points drawn with markers `markerSize` pixels wide.
        /// Preconditions: `x.count == y.count`, `markerSize > 0`.
        public init(name: String, x: [Double], y: [Double], style: Style = .line, color: String? = nil, dash: String? = nil,
                    markerSize: Double) {
            precondition(x.count == y.count, "LineChart.Series \"\(name)\": x has \(x.count) values, y has \(y.count)")
            precondition(markerSize > 0, "LineChart.Series \"\(name)\": markerSize must be positive, got \(markerSize)")
            self.name = name
            self.x = x
            self.y = y
            self.style = style
            self.color = color
            self.dash = dash
            self.markerSize = markerSize
        }

        /// A series of values against their index 0, 1, 2, … (iterations).
        public init(name: String, values: [Double], style: Style = .line, color: String? = nil, dash: String? = nil) {
            self.init(name: name, x: values.indices.map(Double.init), y: values, style: style, color: color, dash: dash)
        }
    }

    /// Title above the chart; empty for none.
    public var title: String
    /// Horizontal axis.
    public var xAxis: Axis
    /// Vertical axis.
    public var yAxis: Axis
    /// The series, drawn in order (later on top).
    public var series: [Series]
    /// Extra lines of text under the chart.
    public var notes: [String]
    /// Whether to show the legend (default: when there is more than one series or a named one).
    /// Series with an empty name are left out of it (several curves of one kind, named once).
    public var showsLegend: Bool
    /// Whether one unit of x and one unit of y have the same length on screen (default false): for
    /// geometry in the plane (a disc drawn round, a diamond's corners square). Linear axes only; the
    /// canvas shrinks in one direction instead of leaving a blank band.
    public var equalAspect: Bool
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// Creates a line chart.
    public init(title: String = "", xAxis: Axis = Axis(), yAxis: Axis = Axis(), series: [Series],
                notes: [String] = [], showsLegend: Bool? = nil, equalAspect: Bool = false, width: Double = 640, height: Double = 400) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.notes = notes
        self.showsLegend = showsLegend ?? (series.count > 1 || series.contains { !$0.name.isEmpty })
        self.equalAspect = equalAspect
        self.width = width
        self.height = height
    }

    /// Renders the chart as a standalone SVG document.
    public func svg() -> String {
        // Only points with both coordinates finite decide the axis ranges.
        var xs: [Double] = [], ys: [Double] = []
        var nonFinite = 0
        for s in series {
            for (a, b) in zip(s.x, s.y) {
                if a.isFinite && b.isFinite { xs.append(a); ys.append(b) } else { nonFinite += 1 }
            }
        }
        let x = ResolvedAxis(xAxis, data: xs, tickCount: 7)
        let y = ResolvedAxis(yAxis, data: ys, tickCount: 6)
        var legend: [LegendEntry] = []
        if showsLegend {
            for (k, s) in series.enumerated() where !s.name.isEmpty || series.allSatisfy(\.name.isEmpty) {
                legend.append(LegendEntry(name: s.name, color: s.color ?? Palette.color(k), line: s.style != .markers,
                                          marker: s.style == .line ? nil : Palette.marker(k), dash: dash(k)))
            }
        }
        let frameNotes = PlotFrame.dataNotes(nonFinite: nonFinite, clipped: y.clippedNonPositive, axis: y)
            + (x.clippedNonPositive > 0 ? PlotFrame.dataNotes(nonFinite: 0, clipped: x.clippedNonPositive, axis: x) : [])
            + notes
        func layout(_ placement: LegendPlacement) -> PlotFrame {
            PlotFrame(width: width, height: height, title: title, x: x, y: y, legend: legend, notes: frameNotes,
                      equalAspect: equalAspect, legendPlacement: placement)
        }
        // The legend goes inside the plot, in the first corner no line or marker crosses (the plot
        // keeps its width); when data crosses all four, outside on the right.
        var frame = layout(.inside(.topRight))
        if !legend.isEmpty {
            let clip = Rect(x: frame.plot.x - 1, y: frame.plot.y - 1, width: frame.plot.width + 2, height: frame.plot.height + 2)
            var runs: [[Point]] = [], markers: [Point] = []
            for s in series {
                let pixels = zip(s.x, s.y).map { frame.map(Point(x: $0, y: $1)) }
                if s.style != .markers { runs += clippedRuns(pixels, to: clip) }
                markers += pixels.filter { $0.x.isFinite && $0.y.isFinite && clip.contains($0) }
            }
            let markerRadius = (series.map(\.markerSize).max() ?? 6) / 2 + 1
            if let corner = frame.firstEmptyCorner(runs: runs, markers: markers, markerRadius: markerRadius) {
                frame = frame.withLegend(in: corner)
            } else {
                frame = layout(.outside)
            }
        }
        var background = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawBackground(&background)
        var data = SVGCanvas(width: frame.width, height: frame.height)
        let plot = frame.plot
        // Lines may run 1 px past the border so their stroke is not cut at the edge.
        let clipRect = Rect(x: plot.x - 1, y: plot.y - 1, width: plot.width + 2, height: plot.height + 2)
        for (k, s) in series.enumerated() {
            let color = s.color ?? Palette.color(k)
            let pixels = zip(s.x, s.y).map { frame.map(Point(x: $0, y: $1)) }
            if s.style != .markers {
                data.polylines(clippedRuns(pixels, to: clipRect), stroke: color, width: 2, dash: dash(k))
            }
            if s.style == .line {
                // A finite point between two gaps has no segment to draw; a dot keeps it visible.
                for (i, p) in pixels.enumerated() where p.x.isFinite && p.y.isFinite && clipRect.contains(p) {
                    let before = i > 0 && pixels[i - 1].x.isFinite && pixels[i - 1].y.isFinite
                    let after = i + 1 < pixels.count && pixels[i + 1].x.isFinite && pixels[i + 1].y.isFinite
                    if !before && !after { data.marker(.circle, at: p, size: 3, fill: color) }
                }
            }
            if s.style != .line {
                let shape = Palette.marker(k)
                for p in pixels where p.x.isFinite && p.y.isFinite && clipRect.contains(p) {
                    data.marker(shape, at: p, size: s.markerSize, fill: color, stroke: "#ffffff")
                }
            }
        }
        var overlay = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawOverlay(&overlay)
        return background.document(title: title, clip: clipRect, clippedBody: data.body, overlay: overlay.body)
    }

    /// The dash pattern of series `k`: its own, else dashed once the palette has cycled, so that
    /// series k and k + 8 differ by more than their markers.
    private func dash(_ k: Int) -> String? {
        series[k].dash ?? (k >= Palette.okabeIto.count ? "6 3" : nil)
    }

    /// Loss curves of several runs against the iteration number: the one-call form the CLI uses.
    ///
    /// - Parameters:
    ///   - series: (name, loss per iteration) pairs; NaN/∞ entries leave gaps.
    ///   - logScale: log-10 loss axis (usual for losses spanning decades); values ≤ 0 are clipped with a note.
    ///   - title: chart title.
    /// - Returns: the SVG document.
    public static func lossCurves(_ series: [(name: String, values: [Double])], logScale: Bool,
                                  title: String = "Loss") -> String {
        LineChart(title: title, xAxis: Axis("iteration"),
                  yAxis: Axis("loss", scale: logScale ? .log10 : .linear),
                  series: series.map { Series(name: $0.name, values: $0.values) }).svg()
    }
}
