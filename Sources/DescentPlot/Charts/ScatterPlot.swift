// Points coloured by class: PCA projections, spectral clustering.
import DescentCore

/// A scatter plot of (x, y) points, optionally coloured by class with a legend.
///
/// Classes get Okabe–Ito colours and distinct marker shapes (so they survive grey-scale printing).
/// Points with a non-finite coordinate are skipped and counted in a note. Rendering is a `LineChart`
/// of marker-only series, one per class. Complexity O(n).
public struct ScatterPlot: Chart {
    /// Title above the chart.
    public var title: String
    /// Horizontal axis.
    public var xAxis: Axis
    /// Vertical axis.
    public var yAxis: Axis
    /// x coordinates.
    public var x: [Double]
    /// y coordinates.
    public var y: [Double]
    /// Class name of each point, or nil for a single unnamed class. Classes appear in the legend in
    /// order of first appearance.
    public var labels: [String]?
    /// Size in pixels.
    public var width: Double
    /// Size in pixels.
    public var height: Double

    /// Creates a scatter plot. Precondition: `x`, `y` (and `labels`, when given) have equal counts.
    public init(title: String = "", xAxis: Axis = Axis(), yAxis: Axis = Axis(), x: [Double], y: [Double],
                labels: [String]? = nil, width: Double = 560, height: Double = 440) {
        precondition(x.count == y.count, "ScatterPlot: x has \(x.count) values, y has \(y.count)")
        if let labels {
            precondition(labels.count == x.count, "ScatterPlot: \(labels.count) labels for \(x.count) points")
        }
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.x = x
        self.y = y
        self.labels = labels
        self.width = width
        self.height = height
    }

    /// A scatter plot of the rows of an n × 2 matrix (e.g. the first two principal components),
    /// coloured by integer class, with a legend in increasing class order naming class k
    /// `classNames[k]` ("class k" without names, or for a class beyond them).
    /// Precondition: `points` has shape [n, 2]; `classes` has n entries.
    public init(title: String = "", xAxis: Axis = Axis(), yAxis: Axis = Axis(), points: Tensor, classes: [Int]? = nil,
                classNames: [String]? = nil, width: Double = 560, height: Double = 440) {
        precondition(points.rank == 2 && points.columns == 2, "ScatterPlot: points must have shape [n, 2], got \(points.shape)")
        var labels: [String]? = nil
        var order: [Int] = Array(0..<points.rows)
        if let classes {
            precondition(classes.count == points.rows, "ScatterPlot: \(classes.count) classes for \(points.rows) points")
            // Sort points by class (stable) so legend order is numeric, not order of appearance.
            order.sort { (classes[$0], $0) < (classes[$1], $1) }
            labels = order.map { i in
                let k = classes[i]
                return classNames.flatMap { k >= 0 && k < $0.count ? $0[k] : nil } ?? "class \(k)"
            }
        }
        self.init(title: title, xAxis: xAxis, yAxis: yAxis, x: order.map { points[$0, 0] }, y: order.map { points[$0, 1] },
                  labels: labels, width: width, height: height)
    }

    /// Renders the chart as a standalone SVG document.
    public func svg() -> String {
        var names: [String] = []
        var groups: [String: (x: [Double], y: [Double])] = [:]
        for k in x.indices {
            let name = labels?[k] ?? ""
            if groups[name] == nil { names.append(name); groups[name] = ([], []) }
            groups[name]!.x.append(x[k])
            groups[name]!.y.append(y[k])
        }
        let series = names.map { LineChart.Series(name: $0, x: groups[$0]!.x, y: groups[$0]!.y, style: .markers) }
        return LineChart(title: title, xAxis: xAxis, yAxis: yAxis, series: series, showsLegend: labels != nil,
                         width: width, height: height).svg()
    }
}
