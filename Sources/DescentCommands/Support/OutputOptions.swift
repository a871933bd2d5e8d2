import ArgumentParser

/// `--json`: every verb prints one JSON object instead of its readable summary.
public struct OutputOptions: ParsableArguments {
    /// Print one JSON object on stdout instead of the readable summary.
    @Flag(name: .long, help: "Print one JSON object instead of the readable summary.")
    public var json = false

    public init() {}
}
