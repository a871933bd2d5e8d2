import DescentCommands
import DescentPlot
import Foundation
import Testing
import _TestSupport

/// The tour's machinery: the runner, the report it assembles, the files it writes and the `tour`
/// verb's command line. Each section's own content is tested in its own suite.
@Suite("Tour framework")
struct TourFrameworkTests {
    /// A section that writes one of everything, one whose claim fails, and one that throws.
    struct Sample: TourSection {
        let id = "sample", title = "Sample <section>", activity = "writing one of everything"
        func write(to page: inout TourPage, options: TourOptions) throws {
            page.paragraph("two plus two is \(TourPage.number(2 + 2))")
            page.figure("bars", BarChart(values: [1, 2]), caption: "Two bars")
            page.check("2 + 2 = 4", 2 + 2 == 4)
            page.fact("sum", 4)
            page.fact("size", options.size(full: 100, quick: 10))
        }
    }
    struct Wrong: TourSection {
        let id = "wrong", title = "Wrong", activity = "claiming something false"
        func write(to page: inout TourPage, options: TourOptions) throws { page.check("1 > 2", 1 > 2) }
    }
    struct Broken: TourSection {
        struct Failure: Error, CustomStringConvertible { var description: String { "the computation broke" } }
        let id = "broken", title = "Broken", activity = "throwing"
        func write(to page: inout TourPage, options: TourOptions) throws { throw Failure() }
    }

    @Test func runnerReportsProgressAndKeepsGoingAfterAFailure() {
        var lines: [String] = []
        let result = Tour.run([Sample(), Broken(), Wrong()], options: TourOptions(quick: true)) { lines.append($0.line) }
        #expect(lines.count == 6, "a line as each section starts and one as it ends")
        #expect(lines[0] == "[1/3] Sample <section>: writing one of everything …")
        #expect(lines[1].hasPrefix("[1/3] Sample <section>: done at "))
        #expect(lines[3].contains("failed at") && lines[3].hasSuffix("the computation broke"))
        #expect(result.page("sample")?.fact("size") == 10, "quick mode picks the quick size")
        #expect(result.failures == ["Broken: the computation broke", "Wrong: claim not confirmed: 1 > 2"])
        let html = result.report().html()
        #expect(html.contains("<h2 id=\"section-1\">Sample &lt;section&gt;</h2>"))
        #expect(html.contains("<a href=\"#section-3\">Wrong</a>"), "the contents link every section")
        #expect(html.contains("<p class=\"check pass\">✓ 2 + 2 = 4</p>") && html.contains("<p class=\"check fail\">✗ 1 &gt; 2</p>"))
        #expect(html.contains("This section stopped with an error: the computation broke"))
        #expect(html.contains("1 of 2 claims checked by computation held"))
        for external in ["<script", "<link", "src=", "@import", "url(http"] {
            #expect(!html.contains(external), "the report must be one self-contained file")
        }
    }

    @Test func writesTheReportFiguresAndFacts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("descent-tour-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = Tour.run([Sample()])
        let report = try result.write(to: directory.appendingPathComponent("nested"))
        #expect(report.lastPathComponent == "report.html")
        let svg = try String(contentsOf: directory.appendingPathComponent("nested/sample-bars.svg"), encoding: .utf8)
        #expect(svg == BarChart(values: [1, 2]).svg())
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("nested/tour.json"))) as? [String: Any]
        let sample = json?["sample"] as? [String: Any]
        #expect((sample?["facts"] as? [String: Double]) == ["sum": 4, "size": 100])
        #expect(((sample?["checks"] as? [[String: Any]])?.first?["passed"] as? Bool) == true)
    }

    @Test func sectionIdsAreUniqueAndInReadingOrder() throws {
        let ids = Tour.sections.map(\.id)
        #expect(Set(ids).count == ids.count)
        let order = ["gradient", "normal-equation", "learning-rate", "optimizers", "regularization", "conditioning",
                     "eigenvectors", "network", "errata"]
        #expect(ids == order.filter(ids.contains), "sections run in the issue's order")
        #expect(try Tour.sections(named: ["errata"]).map(\.id) == ["errata"])
        #expect(throws: TourError.self) { try Tour.sections(named: ["erata"]) }
    }

    @Test func commandLineWritesTheReportAndSaysWhere() throws {
        let run = try DescentCLI.run(["tour", "--sections", "errata", "--quick", "--out", "out"],
                                     reading: ["out/report.html", "out/tour.json"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("[1/1] Errata") == true)
        #expect(lines.contains { $0.hasPrefix("Tour done in ") && $0.contains("1 section,") && $0.contains("4 of 4 claims confirmed") })
        #expect(lines.last?.hasPrefix("Report: ") == true && lines.last?.hasSuffix("out/report.html") == true)
        #expect(run.files["out/report.html"]?.contains("[[802, −400], [−400, 200]]") == true)
        #expect(run.files["out/tour.json"]?.contains("\"hessian_22\":200") == true || run.files["out/tour.json"]?.contains("\"hessian_22\": 200") == true)
    }

    @Test func jsonPutsOneObjectOnStdoutAndProgressOnStderr() throws {
        let run = try DescentCLI.run(["tour", "--sections", "errata", "--quick", "--out", "out", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect((object?["report"] as? String)?.hasSuffix("out/report.html") == true)
        #expect((object?["failures"] as? [String]) == [])
        let errata = (object?["sections"] as? [String: Any])?["errata"] as? [String: Any]
        #expect((errata?["facts"] as? [String: Double])?["hessian_11"] == 802)
        #expect(run.stderr.hasPrefix("[1/1] Errata"), "progress goes to stderr with --json")
    }

    @Test func badCommandLinesGetOneLine() throws {
        let unknown = try DescentCLI.run(["tour", "--sections", "erata"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: no tour section 'erata'; did you mean 'errata'?\n")
        let empty = try DescentCLI.run(["tour", "--sections", ","])
        #expect(empty.status != 0 && empty.stderr.contains("--sections needs at least one section id"))
        let blocked = try DescentCLI.run(["tour", "--sections", "errata", "--out", "file.txt"], files: ["file.txt": "not a folder"])
        #expect(blocked.status == 1 && blocked.stderr.hasPrefix("error: ") && blocked.stderr.split(separator: "\n").count == 1)
    }
}
