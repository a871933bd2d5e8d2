import DescentCommands
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs one tour section the way `descent tour --sections <id> --quick` does and inspects what it wrote.
enum TourSectionProbe {
    /// The page of section `id` from a quick run through `Tour.run` (so the section must be registered
    /// in `Tour.sections`), or a failure naming the error the section threw.
    static func quickPage(_ id: String, seed: UInt64 = 0) throws -> TourPage {
        let result = Tour.run(try Tour.sections(named: [id]), options: TourOptions(quick: true, seed: seed))
        guard let run = result.sections.first, run.id == id else { throw ProbeError("section \(id) did not run") }
        if let failure = run.failure { throw ProbeError("section \(id) threw: \(failure)") }
        return run.page
    }

    /// Whether `svg` is one well-formed XML document with an `<svg>` root (Foundation's XMLParser).
    static func isWellFormedSVG(_ svg: String) -> Bool {
        guard svg.hasPrefix("<svg"), svg.hasSuffix("</svg>\n") else { return false }
        final class Root: NSObject, XMLParserDelegate {
            var name: String?
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == nil { name = elementName }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let root = Root()
        parser.delegate = root
        return parser.parse() && root.name == "svg"
    }

    /// The text of every `<text>` element of `svg` (legend entries, titles, notes), unescaped.
    static func texts(_ svg: String) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = []
            var current: String?
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String] = [:]) {
                if elementName == "text" { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
                if elementName == "text", let text = current { texts.append(text); current = nil }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        _ = parser.parse()
        return collector.texts
    }

    struct ProbeError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
