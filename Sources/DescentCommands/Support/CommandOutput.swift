/// What a verb prints: a readable summary and the JSON object of `--json`.
///
/// Each verb computes one of these in a static `output(…)` function that takes values, so tests
/// can check the result without files or processes; `run()` only reads the input and prints.
public struct CommandOutput: Sendable, Equatable {
    /// The readable summary (default output), laid out by `TextLayout`.
    public let text: String
    /// The machine-readable object (`--json`); its keys (`JSONKey`) are a public contract.
    public let json: JSONValue

    public init(text: String, json: JSONValue) {
        self.text = text
        self.json = json
    }

    /// The summary from its lines.
    public init(lines: [String], json: JSONValue) {
        self.init(text: lines.joined(separator: "\n"), json: json)
    }

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
