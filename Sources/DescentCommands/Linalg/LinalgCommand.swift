import ArgumentParser

/// `descent linalg <op>`: dense linear algebra on CSV matrices.
public struct LinalgCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "linalg",
        abstract: "Dense linear algebra on headerless CSV matrices.",
        subcommands: []
    )

    public init() {}
}
