// The page a tour section writes: report blocks, its figures as files, and its key numbers.
import DescentCore
import DescentPlot

/// What one section of the tour produced: the blocks of its part of the report, its figures (each
/// also written as its own SVG file), the claims it checked, and its key numbers ("facts", written to
/// `tour.json` so that tests and scripts can read them without parsing HTML).
public struct TourPage: Sendable {
    /// A figure of the page: its file name stem and its SVG document.
    public struct Figure: Sendable, Equatable {
        /// File name without extension: "<section id>-<name>".
        public var name: String
        /// The SVG document.
        public var svg: String
        /// The caption under it in the report.
        public var caption: String
    }

    /// A claim checked by a computation, and whether it held.
    public struct Check: Sendable, Equatable {
        /// The claim, with the computed numbers in it.
        public var claim: String
        /// Whether the computation confirmed it.
        public var passed: Bool
    }

    /// The section's id (prefix of its figure names).
    public let sectionID: String
    /// The report blocks, in order.
    public private(set) var blocks: [HTMLReport.Block] = []
    /// The figures, in order.
    public private(set) var figures: [Figure] = []
    /// The checked claims, in order.
    public private(set) var checks: [Check] = []
    /// Key numbers by name (e.g. "lasso_zeros": 3), in the order they were recorded.
    public private(set) var facts: [(name: String, value: Double)] = []

    /// An empty page for the section `sectionID`.
    public init(sectionID: String) { self.sectionID = sectionID }

    /// A paragraph of plain text (escaped in the report).
    public mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }

    /// A subsection heading.
    public mutating func subheading(_ text: String) { blocks.append(.subheading(text)) }

    /// A highlighted aside.
    public mutating func note(_ text: String) { blocks.append(.note(text)) }

    /// A monospace block (a matrix, a command line).
    public mutating func preformatted(_ text: String) { blocks.append(.preformatted(text)) }

    /// A table with a header row.
    public mutating func table(header: [String], rows: [[HTMLReport.TableCell]]) {
        blocks.append(.table(header: header, rows: rows))
    }

    /// A figure, shown inline and written as `<section id>-<name>.svg`.
    /// Precondition: `name` is unique within the page and made of letters, digits and "-".
    public mutating func figure(_ name: String, _ chart: some Chart, caption: String) {
        precondition(!name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }, "figure name '\(name)' must be letters, digits and '-'")
        let fileName = "\(sectionID)-\(name)"
        precondition(!figures.contains { $0.name == fileName }, "figure '\(name)' appears twice in section \(sectionID)")
        let svg = chart.svg()
        figures.append(Figure(name: fileName, svg: svg, caption: caption))
        blocks.append(.figure(svg: svg, caption: caption))
    }

    /// A claim checked by a computation: shown as "✓ claim" or "✗ claim"; a failed check also fails
    /// the tour's exit status, since it means the mathematics did not work as the text says.
    public mutating func check(_ claim: String, _ passed: Bool) {
        checks.append(Check(claim: claim, passed: passed))
        blocks.append(.check(claim, passed: passed))
    }

    /// Records a key number under `name` (snake_case), for `tour.json` and the tests.
    /// Precondition: `name` not recorded before in this section.
    public mutating func fact(_ name: String, _ value: Double) {
        precondition(!facts.contains { $0.name == name }, "fact '\(name)' recorded twice in section \(sectionID)")
        facts.append((name, value))
    }

    /// The value recorded under `name`, if any.
    public func fact(_ name: String) -> Double? { facts.first { $0.name == name }?.value }

    /// A number for running text: `%g` with up to `digits` significant digits (the readable format of
    /// every verb's summary), with the typographic minus "−" in place of "-".
    public static func number(_ x: Double, digits: Int = 4) -> String {
        NumberFormat.readable(x, significantDigits: digits).replacingOccurrences(of: "-", with: "−")
    }
}
