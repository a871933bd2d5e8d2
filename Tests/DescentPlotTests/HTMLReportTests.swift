import DescentCore
import Foundation
import Testing
@testable import DescentPlot

@Suite("HTML report")
struct HTMLReportTests {
    static var sample: HTMLReport {
        var report = HTMLReport(title: "Descent <report> & more")
        report.addSection("Loss & curvature")
        report.addParagraph("f(x) = x² has f′(2) = 4 < 5 \"quoted\"")
        report.addFigure(ExampleFigures.lossChart, caption: "GD vs <momentum>")
        report.addFigure(svg: "<?xml version=\"1.0\"?>\n" + ExampleFigures.regularizationChart.svg())
        report.addTable(header: ["method", "iterations", "f*"], rows: [["GD", 2000, 0.31], ["<BFGS>", 34, 1e-18], ["short"]])
        report.addPreformatted("A = [[4, 1],\n     [2, 3]]  # λ = 2, 5 <ok>")
        return report
    }

    @Test func blocksAppearInOrderAndTextIsEscaped() {
        let html = Self.sample.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Descent &lt;report&gt; &amp; more</title>"))
        #expect(html.contains("<h2>Loss &amp; curvature</h2>"))
        #expect(html.contains("<p>f(x) = x² has f′(2) = 4 &lt; 5 &quot;quoted&quot;</p>"))
        #expect(html.contains("<figcaption>GD vs &lt;momentum&gt;</figcaption>"))
        #expect(html.contains("<td>&lt;BFGS&gt;</td><td class=\"n\">34</td><td class=\"n\">1e-18</td>"))
        #expect(html.contains("<tr><td>short</td><td></td><td></td></tr>"), "short rows are padded")
        #expect(html.contains("<pre>A = [[4, 1],\n     [2, 3]]  # λ = 2, 5 &lt;ok&gt;</pre>"))
        #expect(!html.contains("<?xml"), "XML declarations are not valid inside HTML")
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(html.components(separatedBy: "<figure>").count - 1 == 2)
        // Order: heading before paragraph before figures before table before pre.
        let order = ["<h2>", "<p>", "<figure>", "<table>", "<pre>"].map { html.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test func selfContainedAndDeterministic() throws {
        let html = Self.sample.html()
        #expect(html == Self.sample.html())
        for external in ["<script", "<link", "src=", "@import", "url(http"] {
            #expect(!html.contains(external), "\(external) would make the report depend on something outside the file")
        }
        // Two inline charts must not share a clip-path id.
        let ids = html.components(separatedBy: "clipPath id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids.count == 2 && Set(ids).count == 2)
    }

    @Test func writesOneFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("descent-report-test-\(getpid()).html")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.sample.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == Self.sample.html())
        let empty = HTMLReport(title: "")
        #expect(empty.html().contains("<h1></h1>"))
    }
}
