// The shared layout of every 2-D chart: title, plot area, grid, ticks, axis titles, legend, colour
// bar and notes. Charts only draw their data inside `plot` through `map`.
import Foundation

/// One legend row: a line swatch and/or a marker, with the (escaped) name.
struct LegendEntry {
    var name: String
    var color: String
    var line: Bool = true
    var marker: MarkerShape? = nil
    var dash: String? = nil
}

/// A colour key on the right: a continuous gradient with ticks, or discrete swatches with labels.
struct ColorKey {
    enum Kind {
        case continuous(Colormap, lower: Double, upper: Double, ticks: [(value: Double, label: String)])
        case discrete([(color: String, label: String)])
    }
    var title: String
    var kind: Kind

    var labelWidth: Double {
        let labels: [String]
        switch kind {
        case .continuous(_, _, _, let ticks): labels = ticks.map(\.label)
        case .discrete(let entries): labels = entries.map(\.label)
        }
        return Swift.max(labels.map { estimatedTextWidth($0, fontSize: PlotFrame.tickFont) }.max() ?? 0,
                         estimatedTextWidth(title, fontSize: PlotFrame.tickFont) - 20)
    }
}

/// Where a chart's legend goes: outside the plot area on the right (the plot narrows to make room),
/// or inside it in a corner that no data crosses (the plot keeps its full width).
enum LegendPlacement: Equatable {
    case outside
    case inside(Corner)

    /// A corner of the plot area, in the order a legend is tried there (top-right first, as readers expect).
    enum Corner: CaseIterable {
        case topRight, topLeft, bottomRight, bottomLeft
    }
}

struct PlotFrame {
    static let tickFont = 11.0
    static let labelFont = 12.5
    static let titleFont = 15.0
    static let legendFont = 12.0
    static let noteFont = 11.0

    /// Canvas size: as asked, or smaller with `equalAspect` (the unused band is cut, not left blank).
    let width: Double
    let height: Double
    let title: String
    let x: ResolvedAxis
    let y: ResolvedAxis
    let legend: [LegendEntry]
    let colorKey: ColorKey?
    let notes: [String]
    /// Where the legend is drawn (`.outside` when there is none).
    private(set) var legendPlacement: LegendPlacement
    var verticalGrid = true
    /// The data area in pixels, laid out once (`map` runs per data point).
    private(set) var plot = Rect(x: 0, y: 0, width: 0, height: 0)

    /// Gap between an inside legend's box and the plot border, and the box's inner padding.
    static let legendInset = 6.0, legendPadding = 6.0
    /// Height of one legend row.
    static let legendRowHeight = 20.0

    /// Lays out the frame. With `equalAspect` the plot area (and the canvas with it) shrinks in one
    /// direction so that one data unit has the same length on both axes: needed to see that
    /// gradients are perpendicular to contour lines, and for square heatmap cells.
    init(width: Double, height: Double, title: String, x: ResolvedAxis, y: ResolvedAxis, legend: [LegendEntry] = [],
         colorKey: ColorKey? = nil, notes: [String] = [], equalAspect: Bool = false, legendPlacement: LegendPlacement = .outside) {
        self.legendPlacement = legend.isEmpty ? .outside : legendPlacement
        self.title = title
        self.x = x
        self.y = y
        self.legend = legend
        self.colorKey = colorKey
        self.notes = notes
        let top = title.isEmpty ? 14.0 : 40.0
        let yLabelWidth = y.ticks.map { estimatedTextWidth($0.label, fontSize: Self.tickFont) }.max() ?? 0
        let left = 10 + (y.title.isEmpty ? 0 : 22) + yLabelWidth + 9
        let lastXLabel = x.ticks.last.map { estimatedTextWidth($0.label, fontSize: Self.tickFont) / 2 } ?? 0
        let outsideLegend = self.legendPlacement == .outside ? Self.legendWidth(legend) : 0
        let right = Swift.max(Swift.max(outsideLegend, Self.colorKeyWidth(colorKey)) + 8, lastXLabel + 8, 16)
        let bottom = 8 + 18 + (x.title.isEmpty ? 0 : 20) + Double(notes.count) * 15
        var r = Rect(x: left, y: top, width: Swift.max(width - left - right, 10), height: Swift.max(height - top - bottom, 10))
        var canvasWidth = width, canvasHeight = height
        let fixedAspect = equalAspect && x.scale == .linear && y.scale == .linear
        if fixedAspect {
            let pixelsPerUnit = Swift.min(r.width / (x.upper - x.lower), r.height / (y.upper - y.lower))
            let w = pixelsPerUnit * (x.upper - x.lower), h = pixelsPerUnit * (y.upper - y.lower)
            // Cut the canvas by the unused band rather than leave it blank.
            canvasWidth -= r.width - w
            canvasHeight -= r.height - h
            r.width = w
            r.height = h
        }
        // An outside legend taller than the plot would run into the x labels and the notes: the canvas
        // grows to hold it (and the plot with it, unless its aspect is fixed).
        let legendHeight = self.legendPlacement == .outside && !legend.isEmpty
            ? Double(legend.count) * Self.legendRowHeight + Self.legendPadding : 0
        if legendHeight > r.height {
            canvasHeight += legendHeight - r.height
            if !fixedAspect { r.height = legendHeight }
        }
        self.width = canvasWidth
        self.height = canvasHeight
        plot = r
    }

    /// The legend's box in pixels: in its corner of the plot for `.inside`, right of the plot for
    /// `.outside` (nil without a legend). Data never enters it: charts choose `.inside` only for a
    /// corner that `firstEmptyCorner` found clear.
    var legendBox: Rect? {
        guard !legend.isEmpty else { return nil }
        let height = Double(legend.count) * Self.legendRowHeight + Self.legendPadding
        switch legendPlacement {
        case .outside:
            return Rect(x: plot.maxX + 8, y: plot.y, width: Self.legendWidth(legend) - 4, height: height)
        case .inside(let corner):
            let width = Self.legendWidth(legend) - 12 + 2 * Self.legendPadding
            let left = corner == .topLeft || corner == .bottomLeft ? plot.x + Self.legendInset : plot.maxX - Self.legendInset - width
            let top = corner == .topLeft || corner == .topRight ? plot.y + Self.legendInset : plot.maxY - Self.legendInset - height
            return Rect(x: left, y: top, width: width, height: height)
        }
    }

    /// The first corner (in `Corner.allCases` order) where the inside legend's box, grown by
    /// `clearance` pixels, meets none of the line runs and none of the markers (pixel coordinates;
    /// a marker of radius `markerRadius` counts by its extent), or nil when data crosses all four
    /// (the legend then goes outside). O(corners × (segments + markers)).
    func firstEmptyCorner(runs: [[Point]], markers: [Point], markerRadius: Double, clearance: Double = 3) -> LegendPlacement.Corner? {
        LegendPlacement.Corner.allCases.first { corner in
            var placed = self
            placed.legendPlacement = .inside(corner)
            guard let box = placed.legendBox, box.height + 2 * Self.legendInset <= plot.height,
                  box.width + 2 * Self.legendInset <= plot.width else { return false }
            let grown = Rect(x: box.x - clearance, y: box.y - clearance, width: box.width + 2 * clearance, height: box.height + 2 * clearance)
            let withMarkers = Rect(x: grown.x - markerRadius, y: grown.y - markerRadius,
                                   width: grown.width + 2 * markerRadius, height: grown.height + 2 * markerRadius)
            if markers.contains(where: { $0.x.isFinite && $0.y.isFinite && withMarkers.contains($0) }) { return false }
            for run in runs {
                if run.count == 1, grown.contains(run[0]) { return false }
                for (a, b) in zip(run, run.dropFirst()) where clipSegment(a, b, to: grown) != nil { return false }
            }
            return true
        }
    }

    /// This frame with its (inside) legend moved to `corner`: the layout is the same for every
    /// inside corner, so only the box moves. Precondition: the legend is inside.
    func withLegend(in corner: LegendPlacement.Corner) -> PlotFrame {
        precondition(legendPlacement != .outside, "PlotFrame.withLegend(in:): an outside legend changes the layout; lay out a new frame")
        var moved = self
        moved.legendPlacement = .inside(corner)
        return moved
    }

    private static func legendWidth(_ legend: [LegendEntry]) -> Double {
        guard !legend.isEmpty else { return 0 }
        return 12 + 26 + 6 + (legend.map { estimatedTextWidth($0.name, fontSize: Self.legendFont) }.max() ?? 0) + 4
    }

    private static func colorKeyWidth(_ colorKey: ColorKey?) -> Double {
        guard let colorKey else { return 0 }
        return 14 + 14 + 6 + colorKey.labelWidth + 4
    }

    /// Pixel column of the data abscissa `v` (NaN for non-finite `v`).
    func pixelX(_ v: Double) -> Double { plot.x + x.fraction(v) * plot.width }

    /// Pixel row of the data ordinate `v` (NaN for non-finite `v`); SVG rows grow downwards.
    func pixelY(_ v: Double) -> Double { plot.maxY - y.fraction(v) * plot.height }

    /// Pixel position of a data point; NaN coordinates for non-finite data (callers draw gaps).
    func map(_ p: Point) -> Point { Point(x: pixelX(p.x), y: pixelY(p.y)) }

    /// Grid lines and the plot background, drawn under the data.
    func drawBackground(_ c: inout SVGCanvas) {
        let r = plot
        c.rect(Rect(x: 0, y: 0, width: width, height: height), fill: "#ffffff")
        for v in y.minorTicks {
            let py = pixelY(v)
            c.line(Point(x: r.x, y: py), Point(x: r.maxX, y: py), stroke: "#f3f3f3")
        }
        if verticalGrid {
            for v in x.minorTicks {
                let px = pixelX(v)
                c.line(Point(x: px, y: r.y), Point(x: px, y: r.maxY), stroke: "#f3f3f3")
            }
        }
        for t in y.ticks {
            let py = pixelY(t.value)
            c.line(Point(x: r.x, y: py), Point(x: r.maxX, y: py), stroke: "#e3e3e3")
        }
        if verticalGrid {
            for t in x.ticks {
                let px = pixelX(t.value)
                c.line(Point(x: px, y: r.y), Point(x: px, y: r.maxY), stroke: "#e3e3e3")
            }
        }
    }

    /// Axes, ticks, labels, titles, legend, colour key and notes, drawn over the data.
    func drawOverlay(_ c: inout SVGCanvas) {
        let r = plot
        c.rect(r, fill: "none", stroke: "#555555")
        for t in y.ticks {
            let py = pixelY(t.value)
            c.line(Point(x: r.x - 4, y: py), Point(x: r.x, y: py), stroke: "#555555")
            c.text(t.label, at: Point(x: r.x - 7, y: py), size: Self.tickFont, anchor: .end, fill: "#444", baselineShift: 4)
        }
        // Thin out x labels that would overlap (long category names, many bars).
        let xPositions = x.ticks.map { pixelX($0.value) }
        let widest = x.ticks.map { estimatedTextWidth($0.label, fontSize: Self.tickFont) }.max() ?? 0
        var every = 1
        if xPositions.count > 1 {
            let spacing = Swift.abs(xPositions[1] - xPositions[0])
            while spacing * Double(every) < widest + 6 && every < xPositions.count { every += 1 }
        }
        for (k, t) in x.ticks.enumerated() {
            let px = xPositions[k]
            c.line(Point(x: px, y: r.maxY), Point(x: px, y: r.maxY + 4), stroke: "#555555")
            if k % every == 0 {
                c.text(t.label, at: Point(x: px, y: r.maxY + 17), size: Self.tickFont, anchor: .middle, fill: "#444")
            }
        }
        if !title.isEmpty {
            c.text(title, at: Point(x: r.x + r.width / 2, y: 26), size: Self.titleFont, anchor: .middle, bold: true)
        }
        if !x.title.isEmpty {
            c.text(x.title, at: Point(x: r.x + r.width / 2, y: r.maxY + 37), size: Self.labelFont, anchor: .middle)
        }
        if !y.title.isEmpty {
            c.text(y.title, at: Point(x: 18, y: r.y + r.height / 2), size: Self.labelFont, anchor: .middle, rotate: -90)
        }
        if let box = legendBox {
            if case .inside = legendPlacement {
                // An opaque box: grid lines stop at it (no data crosses it: see `firstEmptyCorner`).
                c.rect(box, fill: "#ffffff", stroke: "#d0d0d0")
            }
            let lx = legendPlacement == .outside ? r.maxX + 14 : box.x + Self.legendPadding
            for (k, e) in legend.enumerated() {
                let ly = box.y + 2 + Self.legendRowHeight / 2 + Double(k) * Self.legendRowHeight
                if e.line {
                    c.line(Point(x: lx, y: ly), Point(x: lx + 26, y: ly), stroke: e.color, width: 2.2, dash: e.dash)
                }
                if let m = e.marker {
                    c.marker(m, at: Point(x: lx + 13, y: ly), size: 7, fill: e.color)
                }
                c.text(e.name, at: Point(x: lx + 32, y: ly), size: Self.legendFont, baselineShift: 4)
            }
        }
        if let key = colorKey {
            // Under the legend, so the plot keeps its width.
            let legendRows = legendPlacement == .outside ? Double(legend.count) : 0
            drawColorKey(key, into: &c, left: r.maxX + 14, top: r.y + legendRows * Self.legendRowHeight + (legendRows == 0 ? 0 : 8),
                         bottom: r.maxY)
        }
        for (k, note) in notes.enumerated() {
            let ny = height - 8 - Double(notes.count - 1 - k) * 15
            c.text(note, at: Point(x: 10, y: ny), size: Self.noteFont, fill: "#666")
        }
    }

    private func drawColorKey(_ key: ColorKey, into c: inout SVGCanvas, left: Double, top: Double, bottom: Double) {
        let barTop = top + (key.title.isEmpty ? 0 : 18)
        if !key.title.isEmpty {
            c.text(key.title, at: Point(x: left, y: top + 8), size: Self.tickFont, fill: "#444")
        }
        let barWidth = 14.0
        switch key.kind {
        case .continuous(let map, let lower, let upper, let ticks):
            // 64 stacked bands approximate the gradient without SVG gradient definitions (which
            // would need ids); indistinguishable at this size.
            let bands = 64
            let h = (bottom - barTop) / Double(bands)
            for i in 0..<bands {
                let t = (Double(i) + 0.5) / Double(bands)
                c.rect(Rect(x: left, y: bottom - Double(i + 1) * h, width: barWidth, height: h + 0.3), fill: map.color(at: t))
            }
            c.rect(Rect(x: left, y: barTop, width: barWidth, height: bottom - barTop), fill: "none", stroke: "#555555")
            for t in ticks {
                let py = bottom - (t.value - lower) / (upper - lower) * (bottom - barTop)
                c.line(Point(x: left + barWidth, y: py), Point(x: left + barWidth + 4, y: py), stroke: "#555555")
                c.text(t.label, at: Point(x: left + barWidth + 6, y: py), size: Self.tickFont, fill: "#444", baselineShift: 4)
            }
        case .discrete(let entries):
            guard !entries.isEmpty else { return }
            let h = Swift.min(18, (bottom - barTop) / Double(entries.count))
            // Label every k-th swatch when they are too short for an 11-px label.
            let every = Swift.max(1, Int((12 / h).rounded(.up)))
            for (i, e) in entries.enumerated() {
                let y0 = barTop + Double(entries.count - 1 - i) * h
                c.rect(Rect(x: left, y: y0, width: barWidth, height: h), fill: e.color)
                if i % every == 0 || i == entries.count - 1 && entries.count % every == 1 {
                    c.text(e.label, at: Point(x: left + barWidth + 6, y: y0 + h / 2), size: Self.tickFont, fill: "#444", baselineShift: 4)
                }
            }
        }
    }

    /// Notes that explain what the chart could not draw literally (clipped values, gaps).
    static func dataNotes(nonFinite: Int, clipped: Int, axis: ResolvedAxis) -> [String] {
        var notes: [String] = []
        if nonFinite > 0 {
            notes.append("\(nonFinite) non-finite value\(nonFinite == 1 ? "" : "s") (NaN/∞) not drawn; lines break there.")
        }
        if clipped > 0 {
            notes.append("\(clipped) value\(clipped == 1 ? "" : "s") ≤ 0 drawn at \(axis.ticks.first(where: { $0.value == axis.lower })?.label ?? formatCompact(axis.lower)) (bottom of the log axis).")
        }
        return notes
    }
}
