// A drawing of a graph: nodes placed by a layout, sized by a value, coloured by group, labelled.
import DescentCore
import Foundation

/// A node-link drawing of an undirected graph: edges as straight lines (thicker for heavier
/// edges), nodes as discs whose *area* is proportional to a value (PageRank, degree), coloured by
/// group with Okabe–Ito colours (`Palette`), each labelled with its name.
///
/// Positions come from `layout` (deterministic: the same graph gives the same bytes) and are drawn
/// with equal scales on both axes, since a layout's distances mean something and its axes do not
/// (no axes are drawn), then overlapping discs are nudged apart (`separate`). Disc radius
/// r = r_max·√(v/v_max), at least 4 px so every node stays visible; the legend column on the right holds the groups and three reference discs of the size
/// scale, so it never covers a node. A non-finite or negative value is drawn at the smallest size
/// and counted in a note. Complexity: the layout's, plus O(n + edges) to draw.
///
/// ```swift
/// let chart = GraphPlot(title: "Karate club", nodeCount: 34, edges: edges,
///                       nodeValues: ranks, valueName: "PageRank", groups: clubs)
/// try chart.write(to: URL(fileURLWithPath: "karate.svg"))
/// ```
public struct GraphPlot: Chart {
    /// Title above the drawing; empty for none.
    public var title: String
    /// The number of nodes n (nodes are 0 … n−1).
    public var nodeCount: Int
    /// The edges; their weights set the layout's attraction and the line widths.
    public var edges: [GraphEdge]
    /// A value per node setting its disc's area (≥ 0), or nil for equal discs.
    public var nodeValues: [Double]?
    /// What `nodeValues` are, for the size legend ("PageRank").
    public var valueName: String
    /// A group name per node, colouring the nodes (legend in order of first appearance), or nil.
    public var groups: [String]?
    /// A label per node, written on or beside its disc; nil labels nodes by index 0 … n−1.
    public var nodeLabels: [String]?
    /// How the nodes are placed.
    public var layout: GraphLayout
    /// Whether the layout uses the edge weights (heavy edges pull harder) or treats every edge as
    /// weight 1 (often clearer when a few weights dominate); line widths show the weights either way.
    public var weightedLayout: Bool
    /// Extra lines of text under the drawing.
    public var notes: [String]
    /// Size in pixels.
    public var width: Double
    /// Size in pixels: the most the drawing takes. A layout wider than tall leaves its height
    /// unused, and the canvas is cut to what the drawing and the legend need.
    public var height: Double

    /// Smallest and largest disc radius in pixels.
    static let minimumRadius = 4.0, maximumRadius = 15.0

    /// Creates a graph drawing.
    /// - Precondition: edge endpoints in 0 ..< nodeCount with positive finite weights; `nodeValues`,
    ///   `groups` and `nodeLabels`, when given, have `nodeCount` entries.
    public init(title: String = "", nodeCount: Int, edges: [GraphEdge], nodeValues: [Double]? = nil, valueName: String = "value",
                groups: [String]? = nil, nodeLabels: [String]? = nil, layout: GraphLayout = .default, weightedLayout: Bool = true,
                notes: [String] = [], width: Double = 640, height: Double = 480) {
        precondition(nodeCount >= 0, "GraphPlot: nodeCount must be ≥ 0, got \(nodeCount)")
        for (name, count) in [("nodeValues", nodeValues?.count), ("groups", groups?.count), ("nodeLabels", nodeLabels?.count)] {
            if let count { precondition(count == nodeCount, "GraphPlot: \(count) \(name) for \(nodeCount) nodes") }
        }
        self.title = title
        self.nodeCount = nodeCount
        self.edges = edges
        self.nodeValues = nodeValues
        self.valueName = valueName
        self.groups = groups
        self.nodeLabels = nodeLabels
        self.layout = layout
        self.weightedLayout = weightedLayout
        self.notes = notes
        self.width = width
        self.height = height
    }

    /// The radius of a disc for `value` when the largest value is `largest`.
    static func radius(_ value: Double, largest: Double) -> Double {
        guard value.isFinite, value > 0, largest > 0 else { return minimumRadius }
        return Swift.max(minimumRadius, maximumRadius * (value / largest).squareRoot())
    }

    /// Pushes overlapping discs apart: up to 60 sweeps in which every pair closer than rᵢ + rⱼ + 1 px
    /// moves apart along the line joining the centres (along a fixed golden-angle direction when they
    /// coincide), each by half the overlap, with the centres kept inside `bounds`. Deterministic;
    /// a layout without overlaps is left as it is. Complexity O(sweeps · n²).
    static func separate(_ p: inout [Point], radii: [Double], within bounds: Rect) {
        let n = p.count
        let goldenAngle = Double.pi * (3 - 5.0.squareRoot())
        for _ in 0..<60 {
            var moved = false
            for i in 0..<n {
                for j in (i + 1)..<n {
                    var dx = p[j].x - p[i].x, dy = p[j].y - p[i].y
                    var d = (dx * dx + dy * dy).squareRoot()
                    let wanted = radii[i] + radii[j] + 1
                    guard d < wanted else { continue }
                    if d < 1e-9 {
                        (dx, dy, d) = (cos(goldenAngle * Double(i + j)), sin(goldenAngle * Double(i + j)), 1)
                    }
                    let push = (wanted - d) / 2 / d
                    p[i].x -= dx * push; p[i].y -= dy * push
                    p[j].x += dx * push; p[j].y += dy * push
                    moved = true
                }
            }
            for i in 0..<n {
                p[i].x = Swift.min(Swift.max(p[i].x, bounds.x), bounds.maxX)
                p[i].y = Swift.min(Swift.max(p[i].y, bounds.y), bounds.maxY)
            }
            if !moved { break }
        }
    }

    /// Renders the drawing as a standalone SVG document.
    public func svg() -> String {
        let n = nodeCount
        let (lx, ly) = layout.positions(nodeCount: n, edges: weightedLayout ? edges : edges.map { GraphEdge($0.source, $0.target) })
        let labels = nodeLabels ?? (0..<n).map(String.init)
        let values = nodeValues ?? Array(repeating: 1, count: n)
        let largest = values.filter { $0.isFinite && $0 > 0 }.max() ?? 0
        let invalidValues = values.filter { !($0.isFinite && $0 >= 0) }.count
        let radii = values.map { Self.radius($0, largest: largest) }
        var groupNames: [String] = []
        for g in groups ?? [] where !groupNames.contains(g) { groupNames.append(g) }
        let groupIndex = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, $0) })
        let nodeColors = (0..<n).map { i in groups.map { Palette.color(groupIndex[$0[i]] ?? 0) } ?? Palette.color(0) }

        // Legend column: groups, then the size scale (when sizes vary).
        let sizeSamples = nodeValues == nil || largest == 0 ? [] : [largest, largest / 4, largest / 16]
        let legendTexts = groupNames + (sizeSamples.isEmpty ? [] : ["node area ∝ \(valueName)"] + sizeSamples.map { formatCompact($0, significantDigits: 3) })
        let legendWidth = legendTexts.isEmpty ? 0 : 2 * Self.maximumRadius + 14 + (legendTexts.map { estimatedTextWidth($0, fontSize: PlotFrame.legendFont) }.max() ?? 0)
        let allNotes = (invalidValues > 0 ? ["\(invalidValues) node\(invalidValues == 1 ? "" : "s") with a negative or non-finite \(valueName) drawn at the smallest size."] : []) + notes
        let top = title.isEmpty ? 12.0 : 40.0
        let bottom = 12 + Double(allNotes.count) * 15
        // Room for the largest disc and a beside-the-disc label at the edge of the drawing.
        let labelWidths: [Double] = labels.map { estimatedTextWidth($0, fontSize: 9) }
        let labelRoom: Double = (labelWidths.max() ?? 0) + 2
        let inset = Self.maximumRadius + 2
        let area = Rect(x: 10 + inset, y: top + inset,
                        width: Swift.max(width - 20 - 2 * inset - labelRoom - (legendWidth > 0 ? legendWidth + 16 : 0), 10),
                        height: Swift.max(height - top - bottom - 2 * inset, 10))
        // Equal scales: one layout unit is the same number of pixels across and down.
        let (xLow, xHigh) = (lx.min() ?? 0, lx.max() ?? 0), (yLow, yHigh) = (ly.min() ?? 0, ly.max() ?? 0)
        let scale = Swift.min(area.width / Swift.max(xHigh - xLow, 1e-12), area.height / Swift.max(yHigh - yLow, 1e-12))
        // Cut the unused band below a wide layout, keeping room for the legend column.
        let groupRows = Double(groupNames.count) * 20 + (groupNames.isEmpty ? 0 : 8)
        let legendHeight = groupRows + (sizeSamples.isEmpty ? 0 : 12 + sizeSamples.reduce(0.0) { $0 + 2 * Swift.max(Self.radius($1, largest: largest), 6) + 4 })
        let drawingHeight = Swift.min(area.height, Swift.max(yHigh - yLow, 0) * scale)
        let height = Swift.max(top + 2 * inset + drawingHeight + bottom, top + 10 + legendHeight + bottom).rounded(.up)
        let centreX: Double = area.x + area.width / 2, centreY: Double = top + inset + drawingHeight / 2
        let midX: Double = (xHigh + xLow) / 2, midY: Double = (yHigh + yLow) / 2
        var pixels: [Point] = []
        for i in 0..<n {
            pixels.append(Point(x: centreX + (lx[i] - midX) * scale, y: centreY - (ly[i] - midY) * scale))
        }
        Self.separate(&pixels, radii: radii, within: Rect(x: area.x, y: top + inset, width: area.width, height: drawingHeight))

        var canvas = SVGCanvas(width: width, height: height)
        canvas.rect(Rect(x: 0, y: 0, width: width, height: height), fill: "#ffffff")
        if !title.isEmpty {
            canvas.text(title, at: Point(x: width / 2, y: 26), size: PlotFrame.titleFont, anchor: .middle, bold: true)
        }
        let heaviest = edges.map(\.weight).max() ?? 1
        for e in edges where e.source != e.target {
            canvas.line(pixels[e.source], pixels[e.target], stroke: "#8c8c8c", width: 0.7 + 1.8 * e.weight / heaviest)
        }
        // Larger discs first, so a small disc overlapping a large one stays visible.
        for i in (0..<n).sorted(by: { (radii[$0], -$0) > (radii[$1], -$1) }) {
            canvas.marker(.circle, at: pixels[i], size: 2 * radii[i], fill: nodeColors[i], stroke: "#ffffff")
        }
        for i in 0..<n {
            let r = radii[i], p = pixels[i]
            // Inside a disc wide enough for the label, else beside it, up and to the right.
            if estimatedTextWidth(labels[i], fontSize: 9) <= 2 * r - 3 {
                canvas.text(labels[i], at: p, size: 9, anchor: .middle, fill: "#ffffff", bold: true, baselineShift: 3)
            } else {
                canvas.text(labels[i], at: Point(x: p.x + r * 0.75 + 1, y: p.y - r * 0.75 - 1), size: 9, fill: "#222")
            }
        }
        if legendWidth > 0 {
            let left = width - legendWidth - 10
            var rowY = top + 10
            for (k, name) in groupNames.enumerated() {
                canvas.marker(.circle, at: Point(x: left + Self.maximumRadius, y: rowY), size: 11, fill: Palette.color(k))
                canvas.text(name, at: Point(x: left + 2 * Self.maximumRadius + 8, y: rowY), size: PlotFrame.legendFont, baselineShift: 4)
                rowY += 20
            }
            if !sizeSamples.isEmpty {
                rowY += groupNames.isEmpty ? 0 : 8
                canvas.text("node area ∝ \(valueName)", at: Point(x: left, y: rowY), size: PlotFrame.legendFont, baselineShift: 4)
                rowY += 12
                for value in sizeSamples {
                    let r = Self.radius(value, largest: largest)
                    rowY += Swift.max(r, 6)
                    canvas.marker(.circle, at: Point(x: left + Self.maximumRadius, y: rowY), size: 2 * r, fill: "none", stroke: "#555555")
                    canvas.text(formatCompact(value, significantDigits: 3), at: Point(x: left + 2 * Self.maximumRadius + 8, y: rowY),
                                size: PlotFrame.legendFont, baselineShift: 4)
                    rowY += Swift.max(r, 6) + 4
                }
            }
        }
        for (k, note) in allNotes.enumerated() {
            canvas.text(note, at: Point(x: 10, y: height - 8 - Double(allNotes.count - 1 - k) * 15), size: PlotFrame.noteFont, fill: "#666")
        }
        return canvas.document(title: title, clip: nil, clippedBody: "", overlay: "")
    }
}
