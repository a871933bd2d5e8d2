import ArgumentParser
import DescentLearn

/// `descent datasets`: the bundled datasets, each readable as a matrix with `dataset:NAME`.
public struct DatasetsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the bundled datasets (use one as a matrix with dataset:NAME).",
        discussion: """
            Every verb that reads a matrix accepts dataset:NAME: the feature matrix of a table, the weighted \
            adjacency matrix of a graph. JSON keys: \(JSONKey.list(.datasets)) (a list of objects with the keys \
            \(JSONKey.list(.name, .rows, .columns, .task, .description, .source, .citation, .licence))).
            """)

    @OptionGroup public var output: OutputOptions

    public init() {}

    public func run() throws {
        try reportingErrors { DatasetsCommand.output(for: Dataset.all).emit(output) }
    }

    /// The catalogue: a table of name, shape, task and source; in JSON every field of each entry.
    public static func output(for datasets: [Dataset]) -> CommandOutput {
        let rows = [["name", "shape", "task", "source"]]
            + datasets.map { [$0.name, "\($0.rows) × \($0.columns)", $0.task.rawValue, $0.source] }
        let widths = (0..<4).map { j in rows.map { $0[j].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { j, cell in j == 3 ? cell : cell + String(repeating: " ", count: widths[j] - cell.count) }
                .joined(separator: "  ")
        }
        let json = JSONValue.record([.datasets: .array(datasets.map { d in
            .record([.name: .string(d.name), .rows: .integer(d.rows), .columns: .integer(d.columns), .task: .string(d.task.rawValue),
                     .description: .string(d.summary), .source: .string(d.source), .citation: .string(d.citation),
                     .licence: .string(d.licence)])
        })])
        return CommandOutput(lines: lines + ["", "Read one as a matrix with dataset:NAME (a graph as its adjacency matrix); --json adds descriptions, citations and licences."],
                             json: json)
    }
}
