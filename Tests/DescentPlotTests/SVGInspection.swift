import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A parsed SVG document for structural assertions: parsing fails on malformed XML.
struct SVGInspection {
    let document: XMLDocument
    let text: String

    init(_ svg: String) throws {
        text = svg
        document = try XMLDocument(xmlString: svg, options: [])
    }

    /// Elements named `name` anywhere (namespace-blind: the SVG namespace is the default one).
    func elements(_ name: String) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    /// Attribute value by name. (swift-corelibs-foundation's `attribute(forName:)` misses attributes of
    /// elements in a default namespace, so this searches `attributes` directly.)
    static func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// Text content of every `<text>` element.
    func texts() throws -> [String] {
        try elements("text").map { $0.stringValue ?? "" }
    }

    /// Stroked data paths (those drawn with `fill="none"`), i.e. lines and contours, not markers.
    func strokedPaths() throws -> [XMLElement] {
        try elements("path").filter { SVGInspection.attribute($0, "fill") == "none" }
    }

    /// Every number in every path's `d` attribute and every x/y/width/height-like attribute.
    func allCoordinates() throws -> [Double] {
        var out: [Double] = []
        for e in try elements("path") {
            let d = SVGInspection.attribute(e, "d") ?? ""
            out += d.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
        }
        for name in ["rect", "line", "circle", "text"] {
            for e in try elements(name) {
                for a in ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "width", "height"] {
                    if let v = SVGInspection.attribute(e, a) { out.append(Double(v) ?? .nan) }
                }
            }
        }
        return out
    }
}
