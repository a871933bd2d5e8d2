import Descent
import Foundation

extension MinimizeCommand {
    /// The trace as CSV: iteration, value, gradient_norm, step_size, function_evaluations,
    /// gradient_evaluations (the `JSONKey` names), then one column per variable; numbers as
    /// `NumberFormat.exact` writes them (shortest digits that read back exactly).
    public static func traceCSV(_ trace: [TraceEntry], names: [String]) -> String {
        ([traceHeader(names: names)] + trace.map(traceRow)).joined(separator: "\n") + "\n"
    }

    /// The header line of the trace CSV.
    static func traceHeader(names: [String]) -> String {
        let columns: [JSONKey] = [.iteration, .value, .gradientNorm, .stepSize, .functionEvaluations, .gradientEvaluations]
        return (columns.map(\.rawValue) + names).joined(separator: ",")
    }

    /// One row of the trace CSV.
    static func traceRow(_ e: TraceEntry) -> String {
        let numbers = [e.value, e.gradientNorm, e.stepSize].map(NumberFormat.exact)
        let xs = (e.x?.scalars ?? []).map(NumberFormat.exact)
        return ([String(e.iteration)] + numbers + [String(e.functionEvaluations), String(e.gradientEvaluations)] + xs)
            .joined(separator: ",")
    }
}

/// `--trace FILE.csv` as the run goes: each iteration's row is written when it is produced (so
/// `--max-iter 10⁸ --trace` needs no memory for the trace), and only a `TraceSampler` is kept for
/// the plot. The file is an `OutputFile`: a symlink stays a link, `/dev/stdout` works, and a
/// failed run leaves whatever was at the path untouched.
final class TraceStream {
    private let file: OutputFile?
    private(set) var sampler = TraceSampler()
    /// The first write error: the run is stopped, and `finish()` reports it.
    private var failure: Error?

    /// Opens the trace file (nil: only sample for the plot) and writes its header.
    init(path: String?, names: [String]) throws {
        file = try path.map { try OutputFile(path: $0) }
        try file?.write(MinimizeCommand.traceHeader(names: names) + "\n")
    }

    /// Records one iteration; `.stop` when the file can no longer be written.
    func record(_ entry: TraceEntry) -> CallbackDecision {
        sampler.add(entry)
        guard let file, failure == nil else { return failure == nil ? .proceed : .stop }
        do {
            try file.write(MinimizeCommand.traceRow(entry) + "\n")
            return .proceed
        } catch {
            failure = error
            return .stop
        }
    }

    /// Puts the trace file in place, or throws the first write error.
    func finish() throws {
        if let failure { throw failure }
        try file?.close()
    }
}
