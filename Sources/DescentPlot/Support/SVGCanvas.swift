// An append-only SVG writer: the one place that knows SVG syntax.
import Foundation

/// A point in pixel or data coordinates.
struct Point: Hashable, Sendable {
    var x: Double
    var y: Double
}

/// A rectangle in pixel coordinates (y grows downwards, as in SVG).
struct Rect: Equatable, Sendable {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= maxX && p.y >= y && p.y <= maxY }
}

/// Builds an SVG document element by element. Attributes are written in a fixed order and numbers
/// through `formatCoordinate`, so equal charts give equal bytes.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func raw(_ markup: String) { body += markup; body += "\n" }

    mutating func rect(_ r: Rect, fill: String, stroke: String? = nil, strokeWidth: Double = 1, extra: String = "") {
        var s = "<rect x=\"\(formatCoordinate(r.x))\" y=\"\(formatCoordinate(r.y))\" width=\"\(formatCoordinate(r.width))\" height=\"\(formatCoordinate(r.height))\" fill=\"\(fill)\""
        if let stroke { s += " stroke=\"\(stroke)\" stroke-width=\"\(formatCoordinate(strokeWidth))\"" }
        raw(s + extra + "/>")
    }

    mutating func line(_ a: Point, _ b: Point, stroke: String, width: Double = 1, dash: String? = nil) {
        var s = "<line x1=\"\(formatCoordinate(a.x))\" y1=\"\(formatCoordinate(a.y))\" x2=\"\(formatCoordinate(b.x))\" y2=\"\(formatCoordinate(b.y))\" stroke=\"\(stroke)\" stroke-width=\"\(formatCoordinate(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        raw(s + "/>")
    }

    /// One `<path>` made of several polylines ("M x y L x y …" per run); empty runs are skipped and an
    /// empty path is not written at all. Vertices closer than 0.25 px to the last written one are
    /// dropped (the run's last vertex is always kept): invisible at any zoom a chart is read at, and a
    /// 10⁵-iteration loss curve shrinks to a few thousand vertices.
    mutating func polylines(_ runs: [[Point]], stroke: String, width: Double, dash: String? = nil,
                            opacity: Double? = nil, extra: String = "") {
        var d = ""
        for run in runs where run.count >= 2 {
            var last = run[0]
            d += (d.isEmpty ? "M" : " M") + formatCoordinate(last.x) + " " + formatCoordinate(last.y)
            for (k, p) in run.enumerated().dropFirst() {
                let dx = p.x - last.x, dy = p.y - last.y
                if dx * dx + dy * dy < 0.0625 && k != run.count - 1 { continue }
                d += " L" + formatCoordinate(p.x) + " " + formatCoordinate(p.y)
                last = p
            }
        }
        guard !d.isEmpty else { return }
        var s = "<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(formatCoordinate(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        if let opacity { s += " stroke-opacity=\"\(formatCoordinate(opacity))\"" }
        raw(s + extra + "/>")
    }

    mutating func marker(_ shape: MarkerShape, at p: Point, size: Double, fill: String, stroke: String = "none") {
        let r = size / 2
        let cx = formatCoordinate(p.x), cy = formatCoordinate(p.y)
        let paint = "fill=\"\(fill)\" stroke=\"\(stroke)\""
        switch shape {
        case .circle:
            raw("<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"\(formatCoordinate(r))\" \(paint)/>")
        case .square:
            let s = r * 0.89  // equal area with the circle: side = r·√π
            raw("<rect x=\"\(formatCoordinate(p.x - s))\" y=\"\(formatCoordinate(p.y - s))\" width=\"\(formatCoordinate(2 * s))\" height=\"\(formatCoordinate(2 * s))\" \(paint)/>")
        case .triangle:
            let t = r * 1.3
            raw("<path d=\"M\(formatCoordinate(p.x)) \(formatCoordinate(p.y - t)) L\(formatCoordinate(p.x + t * 0.866)) \(formatCoordinate(p.y + t * 0.5)) L\(formatCoordinate(p.x - t * 0.866)) \(formatCoordinate(p.y + t * 0.5))Z\" \(paint)/>")
        case .diamond:
            let t = r * 1.25
            raw("<path d=\"M\(formatCoordinate(p.x)) \(formatCoordinate(p.y - t)) L\(formatCoordinate(p.x + t)) \(formatCoordinate(p.y)) L\(formatCoordinate(p.x)) \(formatCoordinate(p.y + t)) L\(formatCoordinate(p.x - t)) \(formatCoordinate(p.y))Z\" \(paint)/>")
        }
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ string: String, at p: Point, size: Double = 12, anchor: Anchor = .start,
                       fill: String = "#222", bold: Bool = false, rotate: Double? = nil, baselineShift: Double = 0) {
        var s = "<text x=\"\(formatCoordinate(p.x))\" y=\"\(formatCoordinate(p.y + baselineShift))\" font-size=\"\(formatCoordinate(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
        if bold { s += " font-weight=\"bold\"" }
        if let rotate { s += " transform=\"rotate(\(formatCoordinate(rotate)) \(formatCoordinate(p.x)) \(formatCoordinate(p.y)))\"" }
        raw(s + ">" + escapeMarkup(string) + "</text>")
    }

    /// The finished standalone document. The `clipPath` id is derived from the body's FNV-1a hash so
    /// that several charts inlined in one HTML page do not share ids, while output stays deterministic.
    ///
    /// `title` becomes the SVG `<title>` (read by screen readers, shown as a tooltip by browsers).
    func document(title: String, clip: Rect?, clippedBody: String, overlay: String) -> String {
        let id = "c" + String(fnv1a(body + clippedBody + overlay), radix: 16)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(formatCoordinate(width))\" height=\"\(formatCoordinate(height))\" viewBox=\"0 0 \(formatCoordinate(width)) \(formatCoordinate(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        if !title.isEmpty { out += "<title>\(escapeMarkup(title))</title>\n" }
        if let clip {
            out += "<defs><clipPath id=\"\(id)\"><rect x=\"\(formatCoordinate(clip.x))\" y=\"\(formatCoordinate(clip.y))\" width=\"\(formatCoordinate(clip.width))\" height=\"\(formatCoordinate(clip.height))\"/></clipPath></defs>\n"
        }
        out += body
        if !clippedBody.isEmpty {
            out += clip == nil ? "<g>\n" : "<g clip-path=\"url(#\(id))\">\n"
            out += clippedBody
            out += "</g>\n"
        }
        out += overlay
        out += "</svg>\n"
        return out
    }
}

/// Marker shapes; cycled together with colours so series stay distinguishable in grey-scale print.
enum MarkerShape: CaseIterable, Sendable {
    /// A disc.
    case circle
    /// A square of the disc's area.
    case square
    /// An upward equilateral triangle.
    case triangle
    /// A square standing on a corner.
    case diamond
}

/// 64-bit FNV-1a hash (Fowler–Noll–Vo), stable across runs unlike `Hasher`.
func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
