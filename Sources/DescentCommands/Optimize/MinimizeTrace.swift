import Descent
import Foundation

extension MinimizeCommand {
    /// The trace as CSV: iteration, value, gradient_norm, step_size, function_evaluations,
    /// gradient_evaluations (the `JSONKey` names), then one column per variable; numbers as
    /// `NumberFormat.exact` writes them (shortest digits that read back exactly).
    public static func traceCSV(_ trace: [TraceEntry], names: [String]) -> String {
        let columns: [JSONKey] = [.iteration, .value, .gradientNorm, .stepSize, .functionEvaluations, .gradientEvaluations]
        let header = (columns.map(\.rawValue) + names).joined(separator: ",")
        let rows = trace.map { e -> String in
            let numbers = [e.value, e.gradientNorm, e.stepSize].map(NumberFormat.exact)
            let xs = (e.x?.scalars ?? []).map(NumberFormat.exact)
            return ([String(e.iteration)] + numbers + [String(e.functionEvaluations), String(e.gradientEvaluations)] + xs)
                .joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// Writes `traceCSV` to a file, naming the file when that fails.
    static func writeTrace(_ trace: [TraceEntry], names: [String], to path: String) throws {
        do {
            try traceCSV(trace, names: names).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw UsageError("--trace: cannot write \(path): \(error.localizedDescription)")
        }
    }
}
