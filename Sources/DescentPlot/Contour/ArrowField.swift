// Arrows (a quiver layer) drawn over a contour plot: a vector field such as −∇f.
import Foundation

/// A named set of arrows over a `ContourPlot`: the vector (u, v) drawn at each point (x, y), as
/// matplotlib's `quiver` does. Drawn over `−∇f`, the arrows cross every contour line at right angles
/// (on an equal-aspect plot) and point downhill: the picture of why steepest descent is −∇f.
///
/// Lengths are set in pixels, not data units, so that arrows never overlap their neighbours: the
/// longest arrow (`.proportional`) or every arrow (`.uniform`) is 0.85 × the smallest distance on screen
/// between two arrow points, capped at a fifth of the plot's shorter side (a few scattered arrows stay
/// arrows, not lines across the chart). The direction on
/// screen is that of (u, v) mapped by the plot's axes. A zero vector (a stationary point) is drawn as
/// a dot; non-finite vectors are skipped.
///
/// ```swift
/// let descent = ArrowField.sampled(name: "−∇f", xRange: -2...2, yRange: -2...2, count: 15) { x, y in (-2 * x, -8 * y) }
/// let plot = ContourPlot(function: { x, y in x * x + 4 * y * y }, xRange: -2...2, yRange: -2...2, arrows: [descent])
/// ```
public struct ArrowField: Sendable {
    /// One arrow: its point and its vector, in data units.
    public struct Arrow: Sendable, Equatable {
        /// The point the arrow is drawn at.
        public var x: Double, y: Double
        /// The vector's components.
        public var u: Double, v: Double

        /// The vector (u, v) at (x, y).
        public init(x: Double, y: Double, u: Double, v: Double) {
            self.x = x
            self.y = y
            self.u = u
            self.v = v
        }
    }

    /// How arrow lengths are chosen.
    public enum Length: Sendable, Equatable {
        /// Every arrow equally long: the directions of the field only (a note under the chart says so).
        case uniform
        /// Length ∝ ‖(u, v)‖ (in the screen's units), the longest as long as `.uniform` arrows.
        case proportional
    }

    /// Where the arrow sits relative to its point.
    public enum Pivot: Sendable, Equatable {
        /// The arrow starts at its point (a gradient drawn at the point where it was evaluated).
        case tail
        /// The arrow is centred on its point (a field sampled on a grid: arrows stay in their cells).
        case middle
    }

    /// Legend name (escaped).
    public var name: String
    /// The arrows.
    public var arrows: [Arrow]
    /// Uniform or proportional lengths.
    public var length: Length
    /// Tail or middle at the arrow's point.
    public var pivot: Pivot
    /// Colour ("#rrggbb"); nil for dark grey, which stays readable over every contour colour.
    public var color: String?

    /// Arrows from their parts.
    public init(name: String, arrows: [Arrow], length: Length = .uniform, pivot: Pivot = .tail, color: String? = nil) {
        self.name = name
        self.arrows = arrows
        self.length = length
        self.pivot = pivot
        self.color = color
    }

    /// The field (u, v) = `field(x, y)` sampled at the centres of a `count × count` grid of cells over the
    /// ranges, drawn centred on those points. Precondition: count ≥ 1.
    /// - Complexity: count² evaluations of `field`.
    public static func sampled(name: String, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, count: Int,
                               length: Length = .uniform, color: String? = nil,
                               field: (Double, Double) -> (Double, Double)) -> ArrowField {
        precondition(count >= 1, "ArrowField.sampled: count must be at least 1, got \(count)")
        func centres(_ r: ClosedRange<Double>) -> [Double] {
            (0..<count).map { r.lowerBound + (Double($0) + 0.5) * (r.upperBound - r.lowerBound) / Double(count) }
        }
        var arrows: [Arrow] = []
        for y in centres(yRange) {
            for x in centres(xRange) {
                let (u, v) = field(x, y)
                arrows.append(Arrow(x: x, y: y, u: u, v: v))
            }
        }
        return ArrowField(name: name, arrows: arrows, length: length, pivot: .middle, color: color)
    }

    /// The colour drawn.
    var strokeColor: String { color ?? "#333333" }

    /// Draws the arrows into `canvas` through the plot's `map` (data → pixels) inside `plot`.
    /// Complexity: O(n²) for the spacing of n arrows (a few hundred in a readable chart).
    func draw(into canvas: inout SVGCanvas, plot: Rect, map: (Point) -> Point) {
        let visible = arrows.filter { $0.x.isFinite && $0.y.isFinite && $0.u.isFinite && $0.v.isFinite }
        let bases = visible.map { map(Point(x: $0.x, y: $0.y)) }
        // Screen direction of each vector: the image of a short step along it (the axes are affine,
        // so the step's size does not matter; it is kept small against the point's magnitude).
        let screen: [(dx: Double, dy: Double)] = zip(visible, bases).map { arrow, base in
            let norm = (arrow.u * arrow.u + arrow.v * arrow.v).squareRoot()
            guard norm > 0 else { return (0, 0) }
            let t = 1e-3 * Swift.max(1, Swift.abs(arrow.x), Swift.abs(arrow.y)) / norm
            let tip = map(Point(x: arrow.x + t * arrow.u, y: arrow.y + t * arrow.v))
            // Scale back to "pixels per data unit of the vector", so proportional lengths compare.
            return ((tip.x - base.x) / t, (tip.y - base.y) / t)
        }
        var spacing = 0.2 * Swift.min(plot.width, plot.height)
        for i in bases.indices {
            for j in bases.indices where j > i {
                let d = ((bases[i].x - bases[j].x) * (bases[i].x - bases[j].x) + (bases[i].y - bases[j].y) * (bases[i].y - bases[j].y)).squareRoot()
                if d > 0 { spacing = Swift.min(spacing, d) }
            }
        }
        let longest = 0.85 * spacing
        let largest = screen.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }.filter(\.isFinite).max() ?? 0
        let color = strokeColor
        for (base, d) in zip(bases, screen) {
            let magnitude = (d.dx * d.dx + d.dy * d.dy).squareRoot()
            guard magnitude.isFinite else { continue }
            guard magnitude > 0, largest > 0 else {
                canvas.marker(.circle, at: base, size: 3, fill: color)
                continue
            }
            let pixels = length == .uniform ? longest : longest * magnitude / largest
            let (ux, uy) = (d.dx / magnitude, d.dy / magnitude)
            let start = pivot == .tail ? base : Point(x: base.x - ux * pixels / 2, y: base.y - uy * pixels / 2)
            let tip = Point(x: start.x + ux * pixels, y: start.y + uy * pixels)
            // Heads scale with short arrows but stop at 7 px, so long ones do not look heavy.
            let head = Swift.min(7, 0.4 * pixels), halfWidth = 0.45 * head
            let neck = Point(x: tip.x - ux * head, y: tip.y - uy * head)
            canvas.line(start, neck, stroke: color, width: 1.3)
            canvas.raw("<path d=\"M\(formatCoordinate(tip.x)) \(formatCoordinate(tip.y)) L\(formatCoordinate(neck.x - uy * halfWidth)) \(formatCoordinate(neck.y + ux * halfWidth)) L\(formatCoordinate(neck.x + uy * halfWidth)) \(formatCoordinate(neck.y - ux * halfWidth))Z\" fill=\"\(color)\" stroke=\"none\"/>")
        }
    }
}
