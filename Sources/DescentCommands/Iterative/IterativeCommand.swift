import ArgumentParser
import DescentCore

/// `descent iterative <verb>`: matrix-free and sparse iterative methods on CSV input.
public struct IterativeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iterative",
        abstract: "Iterative eigensolvers, conjugate gradient and randomized SVD on dense or sparse CSV matrices.",
        subcommands: [EigsCommand.self, ConjugateGradientCommand.self, RandomizedSVDCommand.self]
    )

    public init() {}
}
