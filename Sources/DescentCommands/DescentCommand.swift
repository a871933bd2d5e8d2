import ArgumentParser

/// The `descent` command-line tool: one subcommand per verb.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Gradients, optimization, regularization and spectral methods from the command line.",
        subcommands: [LinalgCommand.self, IterativeCommand.self, GradCommand.self, HessianCommand.self, JacobianCommand.self,
                      MinimizeCommand.self]
    )

    public init() {}
}
