import DescentCommands
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// What every test of the least-squares sections (normal equation, L1 vs L2, conditioning) asks of
/// a section's page: it ran, its claims held, and its figures are well-formed SVG with their series.
enum LeastSquaresSectionChecks {
    /// Runs `section` alone in quick mode (as `descent tour --sections <id> --quick`).
    static func quickPage(_ section: some TourSection, seed: UInt64 = 0) -> (page: TourPage, failures: [String]) {
        let result = Tour.run([section], options: TourOptions(quick: true, seed: seed))
        return (result.sections[0].page, result.failures)
    }

    /// Records an issue for every failed claim or error.
    static func expectNoFailures(_ failures: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// The figure named "<section>-<name>", parsed as XML, containing each of `series` as text.
    static func expectFigure(_ page: TourPage, _ name: String, series: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let figure = page.figures.first(where: { $0.name == "\(page.sectionID)-\(name)" }) else {
            Issue.record("no figure \(page.sectionID)-\(name) among \(page.figures.map(\.name))", sourceLocation: sourceLocation)
            return
        }
        #expect(figure.svg.hasPrefix("<svg") && figure.svg.hasSuffix("</svg>\n") || figure.svg.hasSuffix("</svg>"),
                "\(figure.name) is not one <svg> element", sourceLocation: sourceLocation)
        #expect(XMLParser(data: Data(figure.svg.utf8)).parse(), "\(figure.name) is not well-formed XML", sourceLocation: sourceLocation)
        for name in series {
            #expect(figure.svg.contains(escaped(name)), "\(figure.name) lacks the series \"\(name)\"", sourceLocation: sourceLocation)
        }
    }

    /// `text` as it appears inside SVG text.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A fact that must exist.
    static func fact(_ page: TourPage, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Double {
        try #require(page.fact(name), "no fact \(name) in \(page.facts.map(\.name))", sourceLocation: sourceLocation)
    }
}
