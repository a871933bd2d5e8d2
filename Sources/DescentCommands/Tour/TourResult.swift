// What a tour run produced, and how it is written: report.html, one SVG per figure, tour.json.
import DescentCore
import DescentPlot
import Foundation

/// The outcome of `Tour.run`: each section's page, timing and failure, assembled into one report.
public struct TourResult: Sendable {
    /// One section's run.
    public struct SectionRun: Sendable {
        /// The section's id and heading.
        public var id: String, title: String
        /// What it wrote.
        public var page: TourPage
        /// Wall-clock seconds it took.
        public var seconds: Double
        /// The error that stopped it, or nil.
        public var failure: String?
    }

    /// The sections in the order they ran.
    public var sections: [SectionRun]
    /// The options of the run.
    public var options: TourOptions
    /// Wall-clock seconds of the whole run.
    public var seconds: Double

    /// The page of the section `id`, if it ran.
    public func page(_ id: String) -> TourPage? { sections.first { $0.id == id }?.page }

    /// Sections that threw, and claims that did not hold, one line each.
    public var failures: [String] {
        sections.flatMap { run -> [String] in
            (run.failure.map { ["\(run.title): \($0)"] } ?? [])
                + run.page.checks.filter { !$0.passed }.map { "\(run.title): claim not confirmed: \($0.claim)" }
        }
    }

    /// The whole report: a title, a short introduction, the contents, then each section's page.
    public func report() -> HTMLReport {
        var report = HTMLReport(title: "A tour of Descent")
        let checks = sections.flatMap(\.page.checks)
        report.addParagraph("""
            Each section below runs a computation with Descent on data shipped with the package and shows what it \
            found. No number in the text is typed in: every one was computed by this run\
            \(options.quick ? " (quick mode: smaller problems and fewer iterations)" : ""), which took \
            \(TourPage.number(seconds, digits: 3)) s. \(checks.filter(\.passed).count) of \(checks.count) claims checked by \
            computation held; each is marked ✓ (held) or ✗ (did not).
            """)
        report.addContents()
        for run in sections {
            report.addSection(run.title)
            report.blocks += run.page.blocks
        }
        return report
    }

    /// The key numbers of every section as one JSON object, `{"<section id>": {"facts": {name: value, …},
    /// "checks": [{"claim", "passed"}, …], "seconds": s, "error": text?}, …}` (non-finite numbers as
    /// the strings "nan", "inf", "-inf", as in every verb's JSON).
    public func factsJSON() -> JSONValue {
        .object(sections.map { run in
            var fields: [(String, JSONValue)] = [
                (JSONKey.facts.rawValue, .object(run.page.facts.map { ($0.name, .number($0.value)) })),
                (JSONKey.checks.rawValue, .array(run.page.checks.map { .record([.claim: .string($0.claim), .passed: .bool($0.passed)]) })),
                (JSONKey.seconds.rawValue, .number(run.seconds)),
            ]
            if let failure = run.failure { fields.append((JSONKey.error.rawValue, .string(failure))) }
            return (run.id, .object(fields))
        })
    }

    /// Writes `report.html`, every figure as `<name>.svg` and `tour.json` into `directory` (created
    /// if missing), each file atomically (`OutputFile`). Returns the report's URL.
    /// - Throws: `TourError.outputFolder` or `OutputFileError`, naming the path.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        try Self.prepareFolder(directory)
        for figure in sections.flatMap(\.page.figures) {
            try OutputFile.write(figure.svg, to: directory.appendingPathComponent("\(figure.name).svg").path)
        }
        try OutputFile.write(factsJSON().rendered() + "\n", to: directory.appendingPathComponent("tour.json").path)
        let reportURL = directory.appendingPathComponent("report.html")
        try report().write(to: reportURL)
        return reportURL
    }

    /// Makes sure `directory` is a folder the tour can write into, creating it (and its parents) if
    /// missing: called before the sections run, so a bad `--out` is reported at once.
    /// - Throws: `TourError.outputFolder` naming the path and the reason.
    public static func prepareFolder(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw TourError.outputFolder(directory.path, reason: "it is a file, not a folder") }
            guard FileManager.default.isWritableFile(atPath: directory.path) else {
                throw TourError.outputFolder(directory.path, reason: "the folder is not writable")
            }
            return
        }
        // Name the reason by the nearest ancestor that exists: a file in the way, or no permission.
        var ancestor = directory.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        if !isDirectory.boolValue { throw TourError.outputFolder(directory.path, reason: "'\(ancestor.path)' is a file, not a folder") }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            let reason = FileManager.default.isWritableFile(atPath: ancestor.path) ? error.localizedDescription : "'\(ancestor.path)' is not writable"
            throw TourError.outputFolder(directory.path, reason: "it cannot be created: \(reason)")
        }
    }
}
