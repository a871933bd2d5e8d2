// `descent tour`: runs the sections in order and assembles one self-contained report.
import DescentCore
import DescentPlot
import Foundation

/// The tour of Descent: every section in reading order, a runner, and the report it assembles.
///
/// ```swift
/// let result = try Tour.run(options: TourOptions(quick: true)) { print($0.line) }
/// let reportURL = try result.write(to: URL(fileURLWithPath: "tour"))
/// ```
public enum Tour {
    /// Every section, in reading order.
    public static let sections: [any TourSection] = [
        NetworkSection(),
        ErrataSection(),
    ]

    /// The sections named in `ids` (in reading order), or all of them for `nil`.
    /// - Throws: `TourError.unknownSection` naming the unknown id and the closest known ones.
    public static func sections(named ids: [String]?) throws -> [any TourSection] {
        guard let ids else { return sections }
        let known = sections.map(\.id)
        for id in ids where !known.contains(id) {
            throw TourError.unknownSection(id, hint: ClosestNames.hint(for: id, among: known))
        }
        return sections.filter { ids.contains($0.id) }
    }

    /// Progress of a run: a section starting or finishing.
    public struct Progress: Sendable {
        /// Position of the section among those run (1-based) and how many there are.
        public var index: Int, count: Int
        /// The section.
        public var title: String, activity: String
        /// Seconds since the run started, at this event.
        public var elapsed: Double
        /// nil when the section starts; its error text (or "" when it succeeded) when it ends.
        public var outcome: String?

        /// One line for a terminal: "[3/9] Learning rate and curvature: … (1.2 s)".
        public var line: String {
            let time = "\(TourPage.number(elapsed, digits: 3)) s"
            switch outcome {
            case nil: return "[\(index)/\(count)] \(title): \(activity) …"
            case ""?: return "[\(index)/\(count)] \(title): done at \(time)"
            case let error?: return "[\(index)/\(count)] \(title): failed at \(time): \(error)"
            }
        }
    }

    /// Runs `selected` sections (all by default) with `options`, calling `progress` as each starts
    /// and ends. A section that throws is reported in its page (and in `TourResult.failures`); the
    /// others still run.
    public static func run(_ selected: [any TourSection]? = nil, options: TourOptions = TourOptions(),
                           progress: (Progress) -> Void = { _ in }) -> TourResult {
        let chosen = selected ?? sections
        let start = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        var pages: [TourResult.SectionRun] = []
        for (i, section) in chosen.enumerated() {
            var event = Progress(index: i + 1, count: chosen.count, title: section.title, activity: section.activity,
                                 elapsed: elapsed(), outcome: nil)
            progress(event)
            let began = elapsed()
            var page = TourPage(sectionID: section.id)
            var failure: String?
            do {
                try section.write(to: &page, options: options)
            } catch {
                failure = "\(error)"
                page.note("This section stopped with an error: \(error)")
            }
            event.elapsed = elapsed()
            event.outcome = failure ?? ""
            progress(event)
            pages.append(.init(id: section.id, title: section.title, page: page, seconds: event.elapsed - began, failure: failure))
        }
        return TourResult(sections: pages, options: options, seconds: elapsed())
    }
}

/// Errors of `descent tour` itself (the sections' computations throw their own).
public enum TourError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--sections` named a section that does not exist.
    /// (`hint` is "; did you mean …" or the list of sections.)
    case unknownSection(String, hint: String)

    public var description: String {
        switch self {
        case let .unknownSection(id, hint): return "no tour section '\(id)'\(hint)"
        }
    }
}
