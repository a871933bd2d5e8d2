import ArgumentParser
import DescentCore
import Foundation

/// `descent tour`: runs every section of the tour (`Tour.sections`) and writes one self-contained
/// report, `DIR/report.html`, with every figure also as its own SVG and the key numbers in `tour.json`.
public struct TourCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "Run the tour: the mathematics of Descent computed on the bundled data, written as one HTML report.",
        discussion: """
            Writes DIR/report.html (one file: inline SVG and CSS, no scripts, readable offline and in print), \
            each figure as DIR/<section>-<figure>.svg, and DIR/tour.json (each section's key numbers, the \
            claims it checked and its time). Prints one line as each section starts and ends, then a summary. \
            Every number in the report is computed by the run. The exit status is 1 when a section fails or \
            a checked claim does not hold (the report still shows the rest). With --json the progress lines \
            go to stderr and stdout is one object. JSON keys: \(JSONKey.list(.report, .seconds, .failures, .sections)) \
            (sections: id → {\(JSONKey.list(.facts, .checks, .seconds, .error))}, as in tour.json).
            """)

    @Option(name: .long, help: ArgumentHelp("Folder for report.html, the figures and tour.json (created if missing).", valueName: "DIR"))
    public var out: String = "tour"
    @Flag(name: .long, help: "Open the report in the default browser when done (xdg-open or open).")
    public var open = false
    @Option(name: .long, help: ArgumentHelp("Run only these sections (comma-separated ids, in reading order): \(Tour.sections.map(\.id).joined(separator: ",")).", valueName: "a,b,…"))
    public var sections: String?
    @Flag(name: .long, help: "Smaller problems and fewer iterations: the whole tour in a few seconds.")
    public var quick = false
    @OptionGroup public var seed: SeedOptions
    @OptionGroup public var output: OutputOptions

    public init() {}

    public func validate() throws {
        guard !out.isEmpty else { throw ValidationError("--out needs a folder name") }
        if let sections, sections.split(separator: ",", omittingEmptySubsequences: true).isEmpty {
            throw ValidationError("--sections needs at least one section id: \(Tour.sections.map(\.id).joined(separator: ", "))")
        }
    }

    public func run() throws {
        try reportingErrors {
            let ids = sections.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            let chosen = try Tour.sections(named: ids)
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            try TourResult.prepareFolder(folder)
            let result = Tour.run(chosen, options: TourOptions(quick: quick, seed: seed.seed)) { event in
                // Unbuffered, so each line appears as its section starts or ends, even through a pipe;
                // on stderr when stdout is reserved for the JSON object.
                (output.json ? FileHandle.standardError : FileHandle.standardOutput).write(Data((event.line + "\n").utf8))
            }
            let reportURL = try result.write(to: folder)
            let figures = result.sections.reduce(0) { $0 + $1.page.figures.count }
            let checks = result.sections.flatMap(\.page.checks)
            if output.json {
                print(JSONValue.record([.report: .string(reportURL.path), .seconds: .number(result.seconds),
                                        .failures: .strings(result.failures), .sections: result.factsJSON()]).rendered())
            } else {
                print("""
                Tour done in \(TourPage.number(result.seconds, digits: 3)) s: \(result.sections.count) section\(result.sections.count == 1 ? "" : "s"), \(figures) figures, \
                \(checks.filter(\.passed).count) of \(checks.count) claims confirmed.
                Report: \(reportURL.path)
                """)
            }
            for failure in result.failures {
                FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            }
            if open { Self.openInBrowser(reportURL) }
            if !result.failures.isEmpty { throw ExitCode.failure }
        }
    }

    /// Opens `url` with the desktop's opener; says so on stderr when there is none (a server, CI).
    static func openInBrowser(_ url: URL) {
        #if os(macOS)
        let opener = "/usr/bin/open"
        #else
        let opener = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? ""
        #endif
        guard !opener.isEmpty, FileManager.default.isExecutableFile(atPath: opener) else {
            FileHandle.standardError.write(Data("note: no browser opener (xdg-open) on this machine; open \(url.path) yourself\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url.path]
        do { try process.run() } catch {
            FileHandle.standardError.write(Data("note: could not run \(opener): \(error); open \(url.path) yourself\n".utf8))
        }
    }
}
