// A one-file HTML report: headings, text, inline SVG figures, tables, preformatted output.
import DescentCore
import Foundation

/// A self-contained HTML report: one file with inline SVG figures and an inline style sheet, no
/// scripts and no external resources, so it can be mailed or archived and opened anywhere.
///
/// All user text (title, headings, paragraphs, captions, table cells, preformatted blocks) is
/// escaped. Output is deterministic. Build it by appending blocks:
///
/// ```swift
/// var report = HTMLReport(title: "Gradient descent on Rosenbrock")
/// report.addSection("Loss")
/// report.addFigure(lossChart, caption: "Loss per iteration, log scale.")
/// report.addTable(header: ["method", "iterations", "f*"], rows: [["GD", 2000, 0.31], ["BFGS", 34, 1e-18]])
/// try report.write(to: URL(fileURLWithPath: "report.html"))
/// ```
public struct HTMLReport: Sendable {
    /// A table cell: text (left-aligned) or a number (right-aligned, printed with 6 significant digits).
    public enum TableCell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        /// Text, escaped.
        case text(String)
        /// A number; NaN and ±∞ print as "NaN", "∞", "−∞".
        case number(Double)

        /// A text cell from a literal.
        public init(stringLiteral value: String) { self = .text(value) }
        /// A number cell from a literal.
        public init(floatLiteral value: Double) { self = .number(value) }
        /// A number cell from a literal.
        public init(integerLiteral value: Int) { self = .number(Double(value)) }
    }

    /// One block of the report, in document order.
    public enum Block: Sendable, Equatable {
        /// A section heading (`<h2>`).
        case heading(String)
        /// A paragraph of plain text.
        case paragraph(String)
        /// An inline SVG figure with a caption.
        case figure(svg: String, caption: String)
        /// A table with a header row.
        case table(header: [String], rows: [[TableCell]])
        /// Preformatted text (CLI output, matrices).
        case preformatted(String)
        /// A subsection heading (`<h3>`).
        case subheading(String)
        /// A claim checked by a computation: shown as "✓ claim" when it held, "✗ claim" when not.
        case check(String, passed: Bool)
        /// A highlighted aside (a caveat, a correction).
        case note(String)
        /// A list of links to every section heading (`heading` blocks get anchors when present).
        case contents
    }

    /// Title of the page and its `<h1>`.
    public var title: String
    /// The blocks in order.
    public var blocks: [Block]

    /// An empty report.
    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    /// Appends a section heading.
    public mutating func addSection(_ heading: String) { blocks.append(.heading(heading)) }

    /// Appends a paragraph (plain text; escaped).
    public mutating func addParagraph(_ text: String) { blocks.append(.paragraph(text)) }

    /// Appends a chart as an inline SVG figure.
    public mutating func addFigure(_ chart: some Chart, caption: String = "") {
        blocks.append(.figure(svg: chart.svg(), caption: caption))
    }

    /// Appends an SVG document produced elsewhere (e.g. by `LineChart.lossCurves`). The markup is
    /// inserted as is, so it must come from a trusted renderer; an XML declaration is dropped.
    public mutating func addFigure(svg: String, caption: String = "") {
        blocks.append(.figure(svg: svg, caption: caption))
    }

    /// Appends a table. Rows shorter than the header are padded with empty cells.
    public mutating func addTable(header: [String], rows: [[TableCell]]) {
        blocks.append(.table(header: header, rows: rows))
    }

    /// Appends a preformatted block (monospace, whitespace kept; escaped).
    public mutating func addPreformatted(_ text: String) { blocks.append(.preformatted(text)) }

    /// Appends a subsection heading (`<h3>`).
    public mutating func addSubsection(_ heading: String) { blocks.append(.subheading(heading)) }

    /// Appends a checked claim: "✓ claim" in green when `passed`, "✗ claim" in red otherwise.
    public mutating func addCheck(_ claim: String, passed: Bool) { blocks.append(.check(claim, passed: passed)) }

    /// Appends a highlighted aside (plain text; escaped).
    public mutating func addNote(_ text: String) { blocks.append(.note(text)) }

    /// Appends a table of contents: links to every `heading` block of the report, which then get
    /// anchors `section-1`, `section-2`, … in document order.
    public mutating func addContents() { blocks.append(.contents) }

    /// The complete HTML5 document. Complexity O(total size).
    public func html() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeMarkup(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 900px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
        figure { margin: 1.2em 0; } figure svg { max-width: 100%; height: auto; }
        figcaption { color: #555; font-size: 0.92em; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; } th { background: #f3f3f3; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.9em; }
        h3 { font-size: 1.05em; margin-top: 1.4em; }
        p.check { margin: 0.3em 0; padding: 0.2em 0.6em; border-left: 4px solid; }
        p.check.pass { border-color: #009E73; background: #eef8f4; } p.check.fail { border-color: #D55E00; background: #fbefe8; }
        p.note { padding: 0.5em 0.8em; background: #fff8e1; border-left: 4px solid #E69F00; }
        nav ol { columns: 2; font-size: 0.95em; }
        @media print { body { max-width: none; } figure, table, pre, p.check { break-inside: avoid; } h2 { break-after: avoid; } nav { display: none; } }
        </style>
        </head>
        <body>
        <h1>\(escapeMarkup(title))</h1>

        """
        let anchored = blocks.contains(.contents)
        let headings = blocks.compactMap { block -> String? in if case .heading(let text) = block { return text } else { return nil } }
        var headingNumber = 0
        for block in blocks {
            switch block {
            case .heading(let text):
                headingNumber += 1
                out += anchored ? "<h2 id=\"section-\(headingNumber)\">\(escapeMarkup(text))</h2>\n" : "<h2>\(escapeMarkup(text))</h2>\n"
            case .subheading(let text):
                out += "<h3>\(escapeMarkup(text))</h3>\n"
            case .check(let claim, let passed):
                out += "<p class=\"check \(passed ? "pass" : "fail")\">\(passed ? "✓" : "✗") \(escapeMarkup(claim))</p>\n"
            case .note(let text):
                out += "<p class=\"note\">\(escapeMarkup(text))</p>\n"
            case .contents:
                out += "<nav><ol>\n" + headings.enumerated().map { "<li><a href=\"#section-\($0.offset + 1)\">\(escapeMarkup($0.element))</a></li>\n" }.joined() + "</ol></nav>\n"
            case .paragraph(let text):
                out += "<p>\(escapeMarkup(text))</p>\n"
            case .figure(let svg, let caption):
                out += "<figure>\n\(strippingXMLDeclaration(svg))"
                if !caption.isEmpty { out += "<figcaption>\(escapeMarkup(caption))</figcaption>\n" }
                out += "</figure>\n"
            case .table(let header, let rows):
                out += "<table>\n<thead><tr>" + header.map { "<th>\(escapeMarkup($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
                for row in rows {
                    let padded = row + Array(repeating: TableCell.text(""), count: Swift.max(0, header.count - row.count))
                    out += "<tr>" + padded.map { cell -> String in
                        switch cell {
                        case .text(let s): return "<td>\(escapeMarkup(s))</td>"
                        case .number(let v): return "<td class=\"n\">\(escapeMarkup(formatCompact(v, significantDigits: 6)))</td>"
                        }
                    }.joined() + "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            case .preformatted(let text):
                out += "<pre>\(escapeMarkup(text))</pre>\n"
            }
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// Writes `html()` to the file at `url` as UTF-8, safely (`OutputFile`): atomically for a
    /// regular file, through a symbolic link to its target, in place for a device or FIFO.
    /// - Throws: `OutputFileError` naming the path and the reason (a directory, a missing folder, …).
    public func write(to url: URL) throws {
        try OutputFile.write(html(), to: url.path)
    }
}

/// Drops a leading `<?xml …?>` declaration, which is not allowed inside an HTML document.
private func strippingXMLDeclaration(_ svg: String) -> String {
    guard svg.hasPrefix("<?xml"), let end = svg.range(of: "?>") else { return svg }
    return String(svg[end.upperBound...]).drop(while: \.isNewline).description
}
