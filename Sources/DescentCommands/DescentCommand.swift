import ArgumentParser

/// The `descent` command-line tool: one subcommand per verb.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Gradients, optimization, regularization and spectral methods from the command line.",
        discussion: """
            Every verb prints a readable summary, or one JSON object with --json. The options mean the \
            same in every verb that has them: --tol (tolerance) and --max-iter (iteration limit) for \
            iterative verbs, --seed for verbs that draw random numbers, --method for the algorithm, \
            --plot FILE.svg for a figure. Matrices are headerless CSV files.
            """,
        subcommands: [LinalgCommand.self, IterativeCommand.self, GradCommand.self, HessianCommand.self, JacobianCommand.self,
                      MinimizeCommand.self]
    )

    public init() {}
}
