// Matrices as coloured cells: Hessians, covariance and correlation matrices.
import DescentCore
import Foundation

/// A matrix drawn as a grid of coloured cells with a colour bar.
///
/// With the default diverging colour map the scale is symmetric, [−m, m] with m = max |aᵢⱼ|, so 0 is
/// white and the sign of every entry reads at a glance (the off-diagonal −400 of Rosenbrock's Hessian
/// is blue, the diagonal red). The sequential map spans [min, max]. Row 0 is at the top, as printed.
/// Cells are square. Small matrices (≤ 15 × 15) show their values in the cells. NaN/∞ cells are grey and counted in a note.
///
/// Complexity O(rows · columns) SVG rectangles: fine up to a few hundred rows.
public struct Heatmap: Chart {
    /// Title above the chart.
    public var title: String
    /// The matrix (rank 2).
    public var matrix: Tensor
    /// Row labels (default 0, 1, …).
    public var rowLabels: [String]
    /// Column labels (default 0, 1, …).
    public var columnLabels: [String]
    /// Colour map.
    public var colormap: Colormap
    /// Fixed colour range (e.g. −1...1 for correlations), or nil for the data's.
    public var range: ClosedRange<Double>?
    /// Whether to print values in the cells.
    public var showsValues: Bool
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// Creates a heatmap. Preconditions: `matrix` has rank 2; label counts match its shape.
    public init(title: String = "", matrix: Tensor, rowLabels: [String]? = nil, columnLabels: [String]? = nil,
                colormap: Colormap = .diverging, range: ClosedRange<Double>? = nil, showsValues: Bool? = nil,
                width: Double = 560, height: Double = 480) {
        precondition(matrix.rank == 2, "Heatmap needs a matrix, got shape \(matrix.shape)")
        let rowLabels = rowLabels ?? (0..<matrix.rows).map(String.init)
        let columnLabels = columnLabels ?? (0..<matrix.columns).map(String.init)
        precondition(rowLabels.count == matrix.rows && columnLabels.count == matrix.columns,
                     "Heatmap: \(rowLabels.count) row and \(columnLabels.count) column labels for shape \(matrix.shape)")
        self.title = title
        self.matrix = matrix
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.colormap = colormap
        self.range = range
        self.showsValues = showsValues ?? (matrix.rows <= 15 && matrix.columns <= 15)
        self.width = width
        self.height = height
    }

    /// The colour-scale range: explicit, else symmetric max |a| (diverging) or [min, max] (sequential),
    /// made finite and non-empty by `NiceTicks.displayRange` (so upper − lower never overflows, a
    /// constant matrix gets a band around its value, and entries beyond ±10³⁰⁰ saturate the colours).
    var colorRange: (lower: Double, upper: Double) {
        if let range, range.lowerBound < range.upperBound { return NiceTicks.displayRange(range.lowerBound, range.upperBound) }
        let finite = matrix.scalars.filter(\.isFinite)
        switch colormap {
        case .diverging:
            let m = finite.map(Swift.abs).max() ?? 0
            return NiceTicks.displayRange(-m, m)
        case .sequential:
            return NiceTicks.displayRange(finite.min() ?? 0, finite.max() ?? 1)
        }
    }

    /// Renders the chart as a standalone SVG document.
    public func svg() -> String {
        let (lower, upper) = colorRange
        let nice = NiceTicks(covering: lower, upper, count: 5, expand: false)
        let key = ColorKey(title: "", kind: .continuous(colormap, lower: lower, upper: upper,
                                                        ticks: Array(zip(nice.values, nice.labels))))
        let nonFinite = matrix.scalars.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        var frame = PlotFrame(width: width, height: height, title: title,
                              x: ResolvedAxis(categories: columnLabels, title: ""),
                              y: ResolvedAxis(categories: rowLabels, title: "", reversed: true),
                              colorKey: key,
                              notes: nonFinite > 0 ? ["\(nonFinite) non-finite entr\(nonFinite == 1 ? "y" : "ies") (NaN/∞) shown in grey."] : [],
                              equalAspect: true)  // square cells
        frame.verticalGrid = false
        let plot = frame.plot
        var background = SVGCanvas(width: frame.width, height: frame.height)
        background.rect(Rect(x: 0, y: 0, width: frame.width, height: frame.height), fill: "#ffffff")
        var cells = SVGCanvas(width: frame.width, height: frame.height)
        let rows = matrix.rows, cols = matrix.columns
        let cw = plot.width / Double(Swift.max(cols, 1)), ch = plot.height / Double(Swift.max(rows, 1))
        let fontSize = Swift.min(11, ch * 0.42, cw / 4.2)
        let show = showsValues && fontSize >= 6
        for i in 0..<rows {
            for j in 0..<cols {
                let v = matrix[i, j]
                let t = (v - lower) / (upper - lower)
                // A hair of overlap hides the seams anti-aliasing would leave between cells.
                let r = Rect(x: plot.x + Double(j) * cw, y: plot.y + Double(i) * ch, width: cw + 0.3, height: ch + 0.3)
                cells.rect(r, fill: v.isFinite ? colormap.color(at: t) : "#bdbdbd")
                if show {
                    cells.text(formatCompact(v, significantDigits: 3), at: Point(x: r.x + cw / 2, y: r.y + ch / 2),
                               size: fontSize, anchor: .middle,
                               fill: v.isFinite && colormap.prefersLightText(at: t) ? "#ffffff" : "#222222",
                               baselineShift: fontSize * 0.35)
                }
            }
        }
        var overlay = SVGCanvas(width: frame.width, height: frame.height)
        frame.drawOverlay(&overlay)
        return background.document(title: title, clip: nil, clippedBody: cells.body, overlay: overlay.body)
    }
}
