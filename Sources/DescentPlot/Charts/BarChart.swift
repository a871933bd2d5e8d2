// Bars for eigenvalue spectra and explained variance.
import Foundation

/// A bar chart of one value per category.
///
/// Bars start at 0 on a linear axis (negative values, e.g. the eigenvalues of an indefinite Hessian,
/// hang below it in a second colour) and at the axis floor on a log axis (values ≤ 0 are drawn as
/// stubs at the floor and counted in a note). NaN/∞ values draw no bar and are counted in a note.
/// Complexity O(n).
public struct BarChart: Chart {
    /// Title above the chart.
    public var title: String
    /// One label per bar.
    public var categories: [String]
    /// Bar heights.
    public var values: [Double]
    /// Title under the categories.
    public var xTitle: String
    /// Value axis (linear or log).
    public var yAxis: Axis
    /// Whether to print each value above its bar (default: when there are at most 16 bars).
    public var showsValues: Bool
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// Creates a bar chart. `categories` defaults to "1", "2", …; precondition: same count as `values`.
    public init(title: String = "", categories: [String]? = nil, values: [Double], xTitle: String = "",
                yAxis: Axis = Axis(), showsValues: Bool? = nil, width: Double = 640, height: Double = 400) {
        let categories = categories ?? values.indices.map { String($0 + 1) }
        precondition(categories.count == values.count, "BarChart: \(categories.count) categories for \(values.count) values")
        self.title = title
        self.categories = categories
        self.values = values
        self.xTitle = xTitle
        self.yAxis = yAxis
        self.showsValues = showsValues ?? (values.count <= 16)
        self.width = width
        self.height = height
    }

    /// Renders the chart as a standalone SVG document.
    public func svg() -> String {
        let x = ResolvedAxis(categories: categories, title: xTitle)
        // On a linear axis the bars grow from 0, so 0 must be inside the range.
        let y = ResolvedAxis(yAxis, data: yAxis.scale == .linear ? values + [0] : values, tickCount: 6)
        let nonFinite = values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        var frame = PlotFrame(width: width, height: height, title: title, x: x, y: y,
                              notes: PlotFrame.dataNotes(nonFinite: nonFinite, clipped: y.clippedNonPositive, axis: y))
        frame.verticalGrid = false
        var background = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawBackground(&background)
        let plot = frame.plot
        var data = SVGCanvas(width: frame.width, height: frame.height)
        let band = plot.width / Double(Swift.max(values.count, 1))
        let baseline = yAxis.scale == .linear ? frame.map(Point(x: 0, y: 0)).y : plot.maxY
        var labels = SVGCanvas(width: frame.width, height: frame.height)
        for (k, v) in values.enumerated() where v.isFinite {
            // Log axis: a value ≤ 0 gets a 2-px stub on the floor so the category is visibly present.
            let top = yAxis.scale == .log10 && v <= 0 ? plot.maxY - 2 : frame.map(Point(x: Double(k), y: v)).y
            let clampedTop = Swift.min(Swift.max(top, plot.y - 1), plot.maxY + 1)
            let rect = Rect(x: plot.x + (Double(k) + 0.1) * band, y: Swift.min(clampedTop, baseline),
                            width: band * 0.8, height: Swift.abs(baseline - clampedTop))
            data.rect(rect, fill: v < 0 && yAxis.scale == .linear ? Palette.color(1) : Palette.color(0))
            if showsValues {
                let above = v >= 0 || yAxis.scale == .log10
                labels.text(formatCompact(v, significantDigits: 3),
                            at: Point(x: rect.x + rect.width / 2, y: above ? rect.y - 4 : rect.maxY + 12),
                            size: 10, anchor: .middle, fill: "#333")
            }
        }
        var overlay = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawOverlay(&overlay)
        let clip = Rect(x: plot.x, y: plot.y - 1, width: plot.width, height: plot.height + 2)
        return background.document(title: title, clip: clip, clippedBody: data.body, overlay: overlay.body + labels.body)
    }
}
