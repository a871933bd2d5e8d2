/// What a verb prints: a readable summary and the JSON object of `--json`.
///
/// Each verb computes one of these in a static `output(…)` function that takes values, so tests
/// can check the result without files or processes; `run()` only reads the input and prints.
public struct CommandOutput: Sendable, Equatable {
    private let makeText: @Sendable () -> String
    private let makeJSON: @Sendable () -> JSONValue

    /// The readable summary (default output), laid out by `TextLayout`.
    public var text: String { makeText() }
    /// The machine-readable object (`--json`); its keys (`JSONKey`) are a public contract.
    public var json: JSONValue { makeJSON() }

    /// Both forms, each computed only when asked for: a verb prints one of them, and formatting the
    /// other for nothing doubled the time of printing a large matrix.
    public init(text: @escaping @autoclosure @Sendable () -> String, json: @escaping @autoclosure @Sendable () -> JSONValue) {
        makeText = text
        makeJSON = json
    }

    /// The summary from its lines.
    public init(lines: @escaping @autoclosure @Sendable () -> [String], json: @escaping @autoclosure @Sendable () -> JSONValue) {
        self.init(text: lines().joined(separator: "\n"), json: json())
    }

    public static func == (a: CommandOutput, b: CommandOutput) -> Bool { a.text == b.text && a.json == b.json }

    /// Prints the JSON object or the summary.
    func emit(_ options: OutputOptions) {
        DescentCommands.emit(options.json ? json.rendered() : text)
    }
}

/// The old name of `CommandOutput`, from when only `descent linalg` had it.
@available(*, deprecated, renamed: "CommandOutput")
public typealias LinalgOutput = CommandOutput

/// Writes a line to stdout.
public func emit(_ text: String) {
    print(text)
}
