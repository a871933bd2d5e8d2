// Several charts in one SVG document.
import Foundation

/// Charts placed side by side, left to right, in one standalone SVG document (each chart is a
/// nested `<svg>` element, so it keeps its own coordinates, clipping and fonts).
///
/// Used where one file must show two views of the same run, e.g. `descent minimize --plot`:
/// the loss curve next to the path over the function's contours.
public struct ChartRow: Chart {
    /// The charts, left to right.
    public var charts: [any Chart]
    /// Horizontal space between neighbouring charts, in pixels.
    public var gap: Double

    public init(_ charts: [any Chart], gap: Double = 16) {
        self.charts = charts
        self.gap = gap
    }

    public func svg() -> String {
        var x = 0.0, height = 0.0
        var body = ""
        for chart in charts {
            let document = chart.svg()
            let (w, h) = ChartRow.size(of: document)
            // Re-open the root element at its offset; everything after the root tag is kept as is.
            guard let open = document.range(of: "<svg ") else { continue }
            body += "<svg x=\"\(formatCoordinate(x))\" y=\"0\" " + document[open.upperBound...]
            x += w + gap
            height = Swift.max(height, h)
        }
        let width = Swift.max(0, x - gap)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(formatCoordinate(width))\" height=\"\(formatCoordinate(height))\" viewBox=\"0 0 \(formatCoordinate(width)) \(formatCoordinate(height))\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
    }

    /// The `width` and `height` attributes of a document's root `<svg>` element (0 when absent).
    static func size(of document: String) -> (width: Double, height: Double) {
        guard let start = document.range(of: "<svg "), let end = document[start.upperBound...].firstIndex(of: ">") else {
            return (0, 0)
        }
        let tag = document[start.upperBound..<end]
        func attribute(_ name: String) -> Double {
            guard let r = tag.range(of: " \(name)=\"") ?? (tag.hasPrefix("\(name)=\"") ? tag.range(of: "\(name)=\"") : nil),
                  let close = tag[r.upperBound...].firstIndex(of: "\"") else { return 0 }
            return Double(tag[r.upperBound..<close]) ?? 0
        }
        return (attribute("width"), attribute("height"))
    }
}
