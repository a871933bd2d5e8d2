import ArgumentParser

/// Options every verb shares: machine-readable output.
public struct OutputOptions: ParsableArguments {
    /// Print one JSON object on stdout instead of the readable summary.
    @Flag(name: .long, help: "Print a JSON object instead of the readable summary.")
    public var json = false

    public init() {}
}
